// The check phase runs only the immediates queued before it began: one that
// an immediate queues (or a tick or promise job inside it) waits for the next
// turn's check phase, after every immediate queued earlier.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

setImmediate(() => {
    console.log('immediate 1');
    setImmediate(() => {
        console.log('immediate 1.1');
        setImmediate(() => console.log('immediate 1.1.1'));
    });
    process.nextTick(() => setImmediate(() => console.log('immediate from tick in 1')));
});
setImmediate(() => {
    console.log('immediate 2');
    Promise.resolve().then(() => setImmediate(() => console.log('immediate from promise in 2')));
});
setImmediate(() => console.log('immediate 3'));
console.log('sync');
