// Promise.resolve(p) returns p itself, so it costs nothing; new Promise
// resolving with p is a different promise that follows p two ticks later.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

const p = Promise.resolve('x');
const same = Promise.resolve(p);
const wrapped = new Promise((resolve) => resolve(p));
console.log('same ' + (same === p));
console.log('wrapped ' + (wrapped === p));
wrapped.then((v) => console.log('wrapped ' + v));
same.then((v) => console.log('same ' + v));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'));
