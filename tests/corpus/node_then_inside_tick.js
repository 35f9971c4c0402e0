// Promise jobs queued inside nextTick callbacks run once the tick queue is
// empty: after the ticks queued before and after them, in the order they
// were queued among themselves.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

process.nextTick(() => {
    console.log('tick 1');
    Promise.resolve('a').then((v) => console.log('then in tick 1 ' + v));
    queueMicrotask(() => console.log('microtask in tick 1'));
});
process.nextTick(() => {
    console.log('tick 2');
    Promise.resolve('b')
        .then((v) => console.log('then in tick 2 ' + v))
        .then(() => console.log('then in tick 2, second'));
});
process.nextTick(() => console.log('tick 3'));
console.log('sync');
