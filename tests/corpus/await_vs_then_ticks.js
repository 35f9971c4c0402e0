// await of a native promise costs one job, like then: two async functions
// and a then chain advance in lock step.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

async function a() {
    await Promise.resolve();
    console.log('a1');
    await Promise.resolve();
    console.log('a2');
    await Promise.resolve();
    console.log('a3');
}

async function b() {
    await null;
    console.log('b1');
    await null;
    console.log('b2');
}

a();
b();
Promise.resolve()
    .then(() => console.log('p1'))
    .then(() => console.log('p2'))
    .then(() => console.log('p3'));
