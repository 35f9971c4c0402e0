// Delays Node cannot use become 1 ms: a negative delay, a fraction of a
// millisecond, and anything above 2^31 - 1 ms (with a TimeoutOverflowWarning
// on stderr). They join the 1 ms list in the order they were set, ahead of a
// 100 ms timer set before them.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

setTimeout(() => console.log('100 ms'), 100);
setTimeout(() => console.log('2^31 ms'), 2 ** 31);
setTimeout(() => console.log('-10 ms'), -10);
setTimeout(() => console.log('0.5 ms'), 0.5);
setTimeout(() => console.log('1 ms'), 1);
console.log('sync');
