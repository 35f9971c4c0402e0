// Node truncates a delay to whole milliseconds (MathTrunc in insert()):
// 100.9 ms joins the 100 ms list and runs in set order with it.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

setTimeout(() => console.log('100.9 ms, set first'), 100.9);
setTimeout(() => console.log('100 ms, set second'), 100);
console.log('sync');
