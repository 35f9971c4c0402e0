// queueMicrotask callbacks are promise-queue jobs, not ticks: a tick queued
// by a microtask waits for the promise queue to empty, and a microtask queued
// by a tick waits for the tick queue to empty.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

queueMicrotask(() => {
    console.log('microtask 1');
    process.nextTick(() => console.log('tick from microtask 1'));
    queueMicrotask(() => console.log('microtask from microtask 1'));
});
process.nextTick(() => {
    console.log('tick 1');
    queueMicrotask(() => console.log('microtask from tick 1'));
    process.nextTick(() => console.log('tick from tick 1'));
});
Promise.resolve().then(() => console.log('promise 1'));
console.log('sync');
