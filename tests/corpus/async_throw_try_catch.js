// A throw inside an async function rejects its promise; a caller's try/catch
// around await sees it, and so does a catch handler.
'use strict';
const show = require('./show');

async function fail(tag) {
    await null;
    throw new Error(tag);
}

async function main() {
    try {
        await fail('for try');
        console.log('unreachable');
    } catch (e) {
        console.log('try caught ' + show(e));
    }
    return 'main done';
}

main().then((v) => console.log(v));
fail('for catch').catch((e) => console.log('catch caught ' + show(e)));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'))
    .then(() => console.log('t4'));
