// Combinators keep input order, not settlement order: the 200 ms input is
// first in the result though it settles last.
'use strict';
const show = require('./show');

const slow = new Promise((resolve) => setTimeout(() => resolve('slow'), 200));
const fast = new Promise((resolve) => setTimeout(() => resolve('fast'), 100));
const fails = new Promise((resolve, reject) =>
    setTimeout(() => reject(new Error('fails')), 100));
Promise.all([slow, fast, 'now']).then((v) => console.log('all ' + show(v)));
Promise.allSettled([slow, fails]).then((v) => console.log('allSettled ' + show(v)));
Promise.any([fails, slow, fast]).then((v) => console.log('any ' + v));
Promise.race([slow, fast]).then((v) => console.log('race ' + v));
