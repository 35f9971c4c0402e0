// Promise.any fulfills with the first fulfilment, skipping rejections, and
// rejects with an AggregateError only when every input rejected.
'use strict';
const show = require('./show');

Promise.any([Promise.reject(new Error('a')), Promise.reject(new Error('b'))]).catch((e) =>
    console.log('any ' + show(e)));
Promise.any([Promise.reject(new Error('x')), Promise.resolve('y'), Promise.resolve('z')]).then(
    (v) => console.log('any ' + v));
const late = new Promise((resolve) => setTimeout(() => resolve('late'), 10));
Promise.any([Promise.reject(new Error('early')), late]).then((v) => console.log('any ' + v));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'));
