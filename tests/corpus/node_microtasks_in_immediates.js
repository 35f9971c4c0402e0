// Since Node 11 the ticks and promise jobs an immediate queues run right
// after it returns, before the next immediate: nextTick first, then the
// promise jobs, then any tick those queued.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

setImmediate(() => {
    console.log('immediate 1');
    Promise.resolve().then(() => {
        console.log('promise in 1');
        process.nextTick(() => console.log('tick from promise in 1'));
    });
    process.nextTick(() => console.log('tick in 1'));
});
setImmediate(() => {
    console.log('immediate 2');
    queueMicrotask(() => console.log('microtask in 2'));
    process.nextTick(() => console.log('tick in 2'));
});
setImmediate(() => console.log('immediate 3'));
console.log('sync');
