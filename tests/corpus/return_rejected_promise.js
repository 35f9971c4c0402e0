// Returning Promise.reject(e) from a handler rejects the derived promise two
// ticks later than throwing e would.
'use strict';
const show = require('./show');

Promise.resolve()
    .then(() => Promise.reject(new Error('returned')))
    .catch((e) => console.log('caught ' + show(e)));
Promise.resolve()
    .then(() => {
        throw new Error('thrown');
    })
    .catch((e) => console.log('caught ' + show(e)));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'))
    .then(() => console.log('t4'));
