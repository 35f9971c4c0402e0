// An async function as a then handler: the handler returns a promise, so
// the chain waits for it and then adopts it, two ticks after it settles.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

Promise.resolve('in')
    .then(async (v) => {
        console.log('handler got ' + v);
        await null;
        console.log('handler resumed');
        return 'out';
    })
    .then((v) => console.log('chain got ' + v));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'))
    .then(() => console.log('t4'))
    .then(() => console.log('t5'));
