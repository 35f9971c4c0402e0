// A nextTick queued by a promise job waits until the whole promise queue has
// drained, including the jobs that the drain itself queues (the rest of the
// chain); only then does Node go back to the tick queue.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

Promise.resolve()
    .then(() => {
        console.log('then 1');
        process.nextTick(() => {
            console.log('tick from then 1');
            Promise.resolve().then(() => console.log('promise from that tick'));
        });
    })
    .then(() => console.log('then 2'))
    .then(() => console.log('then 3'));
Promise.resolve()
    .then(() => console.log('other 1'))
    .then(() => console.log('other 2'));
console.log('sync');
