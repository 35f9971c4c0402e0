// A handler that returns a promise: the derived promise follows it through a
// resolve-thenable job, two ticks later than returning a plain value would.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

Promise.resolve()
    .then(() => {
        console.log('0');
        return Promise.resolve('4');
    })
    .then((v) => console.log(v));
Promise.resolve()
    .then(() => console.log('1'))
    .then(() => console.log('2'))
    .then(() => console.log('3'))
    .then(() => console.log('5'))
    .then(() => console.log('6'));
