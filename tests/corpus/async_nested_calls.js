// Three async functions awaiting one another: each level costs a tick on
// the way back up.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

async function inner() {
    console.log('inner');
    return 'i';
}

async function middle() {
    const v = await inner();
    console.log('middle got ' + v);
    return v + 'm';
}

async function outer() {
    const v = await middle();
    console.log('outer got ' + v);
    return v + 'o';
}

outer().then((v) => console.log('result ' + v));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'))
    .then(() => console.log('t4'));
console.log('sync');
