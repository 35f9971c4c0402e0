// await of a plain value still suspends for one job.
'use strict';
const show = require('./show');

async function f() {
    console.log('f start');
    const a = await 42;
    console.log('f got ' + a);
    const b = await null;
    console.log('f got ' + show(b));
    const c = await [1, 'two'];
    console.log('f got ' + show(c));
    return 'f done';
}

f().then((v) => console.log(v));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'))
    .then(() => console.log('t4'));
console.log('sync');
