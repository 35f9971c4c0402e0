// Promise.all over settled inputs and a plain value: one job per input, then
// one for the all's own then, interleaved with a then chain.
'use strict';
const show = require('./show');

Promise.all([Promise.resolve(1), 'two', Promise.resolve(3)]).then((v) =>
    console.log('all ' + show(v)));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'));
Promise.all([new Promise((resolve) => setTimeout(() => resolve('timer'), 100)), 'now']).then((v) =>
    console.log('all ' + show(v)));
setTimeout(() => console.log('timer 0'), 0);
