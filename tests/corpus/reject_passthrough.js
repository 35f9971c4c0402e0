// then(onFulfilled, onRejected) vs then(onFulfilled).catch(onRejected): the
// second form also catches what onFulfilled throws, and the rejection takes
// one job per link it passes.
'use strict';
const show = require('./show');

Promise.resolve('ok')
    .then(
        () => {
            throw new Error('from onFulfilled');
        },
        () => console.log('sibling onRejected never runs'))
    .catch((e) => console.log('A caught ' + show(e)));
Promise.reject(new Error('early'))
    .then((v) => console.log('never ' + v))
    .then(null, (e) => console.log('B caught ' + show(e)));
Promise.reject(new Error('direct')).then(null, (e) => console.log('C caught ' + show(e)));
