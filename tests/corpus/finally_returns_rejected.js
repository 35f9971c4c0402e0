// A finally callback whose returned promise rejects replaces the value with
// that reason; one whose returned promise fulfills keeps the original reason.
'use strict';
const show = require('./show');

Promise.resolve('value')
    .finally(() => Promise.reject(new Error('finally rejected')))
    .then(
        (v) => console.log('never ' + v),
        (e) => console.log('caught ' + show(e)));
Promise.reject(new Error('original'))
    .finally(() => Promise.resolve('ignored'))
    .catch((e) => console.log('caught ' + show(e)));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'))
    .then(() => console.log('t4'))
    .then(() => console.log('t5'))
    .then(() => console.log('t6'));
