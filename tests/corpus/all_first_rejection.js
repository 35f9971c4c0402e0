// Promise.all rejects with the first rejection, without waiting for the
// other inputs; later rejections and fulfilments change nothing.
'use strict';
const show = require('./show');

const slow = new Promise((resolve) =>
    setTimeout(() => {
        console.log('slow resolves');
        resolve('slow');
    }, 10));
Promise.all([slow, Promise.reject(new Error('first')), Promise.reject(new Error('second'))])
    .then((v) => console.log('all fulfilled ' + show(v)))
    .catch((e) => console.log('all rejected ' + show(e)));
slow.then((v) => console.log('slow then ' + v));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'));
