// An I/O callback's follow-ups by phase: its ticks and promise jobs run when
// it returns, its immediate in the check phase of the same turn (with the
// immediate's own tick and promise job right after it), its timeout in the
// next turn's timers phase.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js
const fs = require('fs');

fs.readFile(__filename, () => {
    console.log('I/O callback');
    setTimeout(() => {
        console.log('timeout');
        process.nextTick(() => console.log('tick in timeout'));
    }, 0);
    setImmediate(() => {
        console.log('immediate');
        Promise.resolve().then(() => console.log('promise in immediate'));
        process.nextTick(() => console.log('tick in immediate'));
    });
    Promise.resolve().then(() => {
        console.log('promise in I/O');
        process.nextTick(() => console.log('tick from promise in I/O'));
    });
    process.nextTick(() => console.log('tick in I/O'));
});
console.log('sync');
