// Timers 100 ms apart, each queuing an immediate and a 0 ms timeout: the
// immediate runs in the same turn's check phase; the timeout (due 1 ms later)
// comes before the next 100 ms timer. A promise resolved by the first
// immediate resumes an async function, which then waits for a later timer.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

let resolveFirst;
const first = new Promise((resolve) => {
    resolveFirst = resolve;
});

async function waiter() {
    const v = await first;
    console.log('waiter got ' + v);
    await new Promise((resolve) => setTimeout(resolve, 100));
    console.log('waiter after its own timer');
}

setTimeout(() => {
    console.log('timer 100');
    setImmediate(() => {
        console.log('immediate from timer 100');
        resolveFirst('from immediate');
    });
    setTimeout(() => console.log('timeout 0 from timer 100'), 0);
}, 100);
setTimeout(() => console.log('timer 400'), 400);
waiter();
console.log('sync');
