// Seed 002, section 2.4.5.1: setTimeout(fn, 0) is setTimeout(fn, 1) in
// Node, so a 1 ms timer set first runs first: 2 -> 1.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

setTimeout(() => {
    console.log('2');
}, 1);
setTimeout(() => {
    console.log('1');
}, 0);
