// Inside an I/O callback (poll phase) the check phase comes before the next
// timers phase, so setImmediate always beats setTimeout(0), whichever is set
// first. The callback's own ticks and promise jobs run before either.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js
const fs = require('fs');

fs.readFile(__filename, () => {
    console.log('readFile callback');
    setTimeout(() => console.log('timeout 1'), 0);
    setImmediate(() => console.log('immediate 1'));
    setImmediate(() => console.log('immediate 2'));
    setTimeout(() => console.log('timeout 2'), 0);
    Promise.resolve().then(() => console.log('promise'));
    process.nextTick(() => console.log('tick'));
});
console.log('sync');
