// resolve(promise) vs resolve(value) in an executor: the first settles its
// promise two ticks later.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

new Promise((resolve) => resolve(Promise.resolve('inner'))).then((v) =>
    console.log('with promise ' + v));
new Promise((resolve) => resolve('plain')).then((v) => console.log('with value ' + v));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'))
    .then(() => console.log('t4'));
