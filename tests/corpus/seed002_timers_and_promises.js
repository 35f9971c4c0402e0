// Seed 002's Node example: a checkpoint after each timer task, so
// timer1 -> promise1 -> timer2 -> promise2 (Node >= 11 and browsers).
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

setTimeout(() => {
    console.log('timer1');
    Promise.resolve().then(function () {
        console.log('promise1');
    });
}, 0);
setTimeout(() => {
    console.log('timer2');
    Promise.resolve().then(function () {
        console.log('promise2');
    });
}, 0);
