// queueMicrotask and promise jobs share one FIFO queue: they run in the
// order they were queued, and a microtask queued from a microtask runs in
// the same checkpoint, before the next task.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

setTimeout(() => console.log('timeout'), 0);
queueMicrotask(() => console.log('m1'));
Promise.resolve()
    .then(() => console.log('p1'))
    .then(() => console.log('p2'))
    .then(() => console.log('p3'));
queueMicrotask(() => {
    console.log('m2');
    queueMicrotask(() => console.log('m3'));
    Promise.resolve().then(() => console.log('p from m2'));
});
console.log('sync');
