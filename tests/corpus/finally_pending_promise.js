// A finally callback that returns a pending promise holds the chain until
// that promise settles, then passes the original value or reason through.
'use strict';
const show = require('./show');

Promise.resolve('kept')
    .finally(() => {
        console.log('finally starts');
        return new Promise((resolve) =>
            setTimeout(() => {
                console.log('finally timer');
                resolve('discarded');
            }, 100));
    })
    .then((v) => console.log('then ' + v));
Promise.reject(new Error('still rejected'))
    .finally(() => new Promise((resolve) => setTimeout(resolve, 300)))
    .catch((e) => console.log('caught ' + show(e)));
setTimeout(() => console.log('timer 0'), 0);
setTimeout(() => console.log('timer 200'), 200);
