// Promise.all, allSettled, race and any over the same settled inputs: each
// costs one job per input plus one for its own then, so they finish in the
// order they were called.
'use strict';
const show = require('./show');

const inputs = [Promise.resolve('a'), Promise.resolve('b')];
Promise.any(inputs).then((v) => console.log('any ' + v));
Promise.allSettled(inputs).then((v) => console.log('allSettled ' + show(v)));
Promise.all(inputs).then((v) => console.log('all ' + show(v)));
Promise.race(inputs).then((v) => console.log('race ' + v));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'));
