// catch returning a value fulfills its promise; catch returning nothing gives
// undefined; a catch on a fulfilled promise passes the value through.
'use strict';
const show = require('./show');

Promise.reject(new Error('bad'))
    .catch((e) => {
        console.log('catch ' + show(e));
        return 'recovered';
    })
    .then((v) => console.log('then ' + v));
Promise.reject(new Error('quiet'))
    .catch(() => {})
    .then((v) => console.log('empty catch gives ' + show(v)));
Promise.resolve(42)
    .catch(() => console.log('never'))
    .then((v) => console.log('passed through ' + v));
