// setInterval in Node's phases: each beat runs in a timers phase, its tick
// and promise job right after it, and the immediate it queues in the check
// phase of the same turn, before the next beat. The third beat clears the
// interval from a tick, so there is no fourth.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

let beats = 0;
const interval = setInterval(() => {
    beats++;
    const n = beats;
    console.log('beat ' + n);
    setImmediate(() => console.log('immediate after beat ' + n));
    Promise.resolve().then(() => console.log('promise after beat ' + n));
    process.nextTick(() => {
        console.log('tick after beat ' + n);
        if (n === 3) {
            clearInterval(interval);
            console.log('cleared');
        }
    });
}, 100);
console.log('sync');
