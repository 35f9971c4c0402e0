// Three ways an async function rejects, three costs: a throw before any await
// rejects at once; awaiting a rejected promise throws one job later;
// returning a rejected promise adopts it through a resolve-thenable job.
'use strict';
const show = require('./show');

async function throwsAtOnce() {
    console.log('throwsAtOnce runs');
    throw new Error('thrown');
}

async function awaitsRejected() {
    await Promise.reject(new Error('awaited'));
    console.log('unreachable');
}

async function returnsRejected() {
    return Promise.reject(new Error('returned'));
}

returnsRejected().catch((e) => console.log('caught ' + show(e)));
awaitsRejected().catch((e) => console.log('caught ' + show(e)));
throwsAtOnce().catch((e) => console.log('caught ' + show(e)));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'))
    .then(() => console.log('t4'));
console.log('sync');
