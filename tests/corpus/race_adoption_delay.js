// Adopting a promise costs two ticks, which can decide a race: a promise
// resolved with an already fulfilled promise loses to one a then fulfills
// one tick later.
'use strict';
const show = require('./show');

const adopted = new Promise((resolve) => resolve(Promise.resolve('adopted')));
const oneTick = Promise.resolve().then(() => 'one tick');
Promise.race([adopted, oneTick]).then((v) => console.log('race ' + v));

const rejectsLater = new Promise((resolve) => resolve(Promise.reject(new Error('adopted reason'))));
Promise.race([rejectsLater, adopted]).then(
    (v) => console.log('second race ' + v),
    (e) => console.log('second race rejected ' + show(e)));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'))
    .then(() => console.log('t4'));
