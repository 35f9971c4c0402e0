// A timers phase runs every timer that is due before moving on: two overdue
// timers run back to back (each followed by its own tick and promise job),
// and the immediate the first one queued waits for the check phase.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

function busy(ms) {
    const end = Date.now() + ms;
    while (Date.now() < end) {}
}

setTimeout(() => {
    console.log('timeout 1');
    setImmediate(() => console.log('immediate from timeout 1'));
    Promise.resolve().then(() => console.log('promise from timeout 1'));
    process.nextTick(() => console.log('tick from timeout 1'));
}, 0);
setTimeout(() => {
    console.log('timeout 2');
    Promise.resolve().then(() => console.log('promise from timeout 2'));
}, 1);
busy(50);
console.log('sync');
