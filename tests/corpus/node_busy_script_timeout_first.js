// setTimeout(0) against setImmediate from the main script is a race in Node
// (the 1 ms timer may or may not be due when the loop starts), unless the
// script keeps the CPU busy: after 50 ms of work the timer is overdue, and
// the first turn's timers phase runs it before the check phase.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

function busy(ms) {
    const end = Date.now() + ms;
    while (Date.now() < end) {}
}

setImmediate(() => console.log('immediate'));
setTimeout(() => console.log('timeout'), 0);
busy(50);
console.log('sync');
