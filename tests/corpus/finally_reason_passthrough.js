// finally passes a rejection through unchanged, unless its callback throws:
// then the new error replaces the original reason (or value).
'use strict';
const show = require('./show');

Promise.reject(new Error('original'))
    .finally(() => console.log('finally 1'))
    .catch((e) => console.log('caught ' + show(e)));
Promise.reject(new Error('hidden'))
    .finally(() => {
        console.log('finally 2');
        throw new Error('replaced');
    })
    .catch((e) => console.log('caught ' + show(e)));
Promise.resolve('value')
    .finally(() => {
        throw new Error('from finally');
    })
    .then(
        (v) => console.log('never ' + v),
        (e) => console.log('caught ' + show(e)));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'))
    .then(() => console.log('t4'));
