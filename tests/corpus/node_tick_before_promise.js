// Node's two microtask queues: after the main script, every process.nextTick
// runs before any promise job or queueMicrotask callback, which share one
// FIFO queue between them.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

Promise.resolve().then(() => console.log('promise 1'));
queueMicrotask(() => console.log('microtask 1'));
process.nextTick(() => console.log('tick 1'));
Promise.resolve().then(() => console.log('promise 2'));
process.nextTick(() => console.log('tick 2'));
queueMicrotask(() => console.log('microtask 2'));
console.log('sync');
