// Promise.race settles like the first input to settle: among settled inputs
// that is the first in the array; among timers, the earliest.
'use strict';
const show = require('./show');

Promise.race([Promise.resolve('first'), 'plain', Promise.reject(new Error('ignored'))]).then((v) =>
    console.log('race ' + v));
Promise.race(['plain', Promise.resolve('second')]).then((v) => console.log('race ' + v));
const slow = new Promise((resolve) => setTimeout(() => resolve('slow'), 200));
const fast = new Promise((resolve, reject) => setTimeout(() => reject(new Error('fast')), 100));
Promise.race([slow, fast]).then(
    (v) => console.log('timers ' + v),
    (e) => console.log('timers rejected ' + show(e)));
slow.then((v) => console.log('slow still ' + v));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'));
