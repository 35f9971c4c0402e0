// An async function called from a nextTick runs to its first await at once;
// each await resumes as a promise job, so the rest of it waits for the tick
// queue to empty and then interleaves with the other promise jobs.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

async function worker() {
    console.log('worker start');
    await null;
    console.log('worker after await 1');
    process.nextTick(() => console.log('tick from worker'));
    await Promise.resolve();
    console.log('worker after await 2');
    return 'done';
}

Promise.resolve()
    .then(() => console.log('p1'))
    .then(() => console.log('p2'))
    .then(() => console.log('p3'));
process.nextTick(() => {
    console.log('tick 1');
    worker().then((v) => console.log('worker ' + v));
});
process.nextTick(() => console.log('tick 2'));
console.log('sync');
