// Node turns setTimeout(fn, 0) into setTimeout(fn, 1): 0 ms and 1 ms timers
// share one list and run in the order they were set, whichever delay was
// written. A 100 ms timer set first still runs last.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

setTimeout(() => console.log('100 ms'), 100);
setTimeout(() => console.log('1 ms, set first'), 1);
setTimeout(() => console.log('0 ms, set second'), 0);
setTimeout(() => console.log('0 ms, set third'), 0);
setTimeout(() => console.log('1 ms, set fourth'), 1);
console.log('sync');
