// Promise.allSettled records every outcome in input order, waiting for the
// slowest input.
'use strict';
const show = require('./show');

const later = new Promise((resolve) => setTimeout(() => resolve('later'), 10));
Promise.allSettled([Promise.resolve(1), Promise.reject(new Error('no')), 'plain', later]).then(
    (records) => {
        console.log('settled ' + records.length);
        for (const r of records)
            console.log(show(r));
    });
Promise.allSettled([Promise.reject(new TypeError('bad type'))]).then((v) =>
    console.log('quick ' + show(v)));
console.log('sync');
