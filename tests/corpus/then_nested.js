// A then handler that starts its own chain: the inner and outer chains
// take turns, one job each per round.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

Promise.resolve()
    .then(() => {
        console.log('outer 1');
        Promise.resolve()
            .then(() => console.log('inner 1'))
            .then(() => console.log('inner 2'))
            .then(() => console.log('inner 3'));
    })
    .then(() => console.log('outer 2'))
    .then(() => console.log('outer 3'));
console.log('sync');
