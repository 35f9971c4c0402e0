// An async function that returns a promise settles three ticks after one that
// returns a plain value: its promise is resolved with a promise.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

async function returnsPromise() {
    return Promise.resolve('promise');
}

async function returnsValue() {
    return 'value';
}

returnsPromise().then((v) => console.log('returned ' + v));
returnsValue().then((v) => console.log('returned ' + v));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'))
    .then(() => console.log('t4'));
