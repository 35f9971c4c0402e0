// finally passes the original value through and ignores what its callback
// returns; its pass-through costs more jobs than a then.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

Promise.resolve('kept')
    .finally(() => {
        console.log('finally');
        return 'ignored';
    })
    .then((v) => console.log('then ' + v));
Promise.resolve('plain').then((v) => console.log('plain ' + v)).then(() => console.log('plain 2'));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'))
    .then(() => console.log('t4'))
    .then(() => console.log('t5'));
