// An error thrown in a handler skips the fulfilment handlers after it, one
// job each, and is caught further down the chain.
'use strict';
const show = require('./show');

Promise.resolve(1)
    .then((v) => {
        console.log('then ' + v);
        throw new Error('boom');
    })
    .then(() => console.log('skipped 1'))
    .then(() => console.log('skipped 2'))
    .catch((e) => console.log('caught ' + show(e)))
    .then((v) => console.log('after catch ' + show(v)));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'))
    .then(() => console.log('t4'))
    .then(() => console.log('t5'));
