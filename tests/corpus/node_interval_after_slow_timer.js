// Node restarts an interval from getLibuvNow() read just before its callback
// runs: the current time, not the start of the timers phase. When a slow
// timer ahead of it in the same phase has taken 300 ms, the late first beat
// (at 500 ms) is followed by the next one 200 ms later, not by a catch-up
// beat at once.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

function busy(ms) {
    const end = Date.now() + ms;
    while (Date.now() < end) {}
}

let beats = 0;
setTimeout(() => {
    console.log('slow timer at 200');
    busy(300);
}, 200);
const interval = setInterval(() => {
    beats++;
    console.log('beat ' + beats);
}, 200);
setTimeout(() => console.log('timeout 600'), 600);
setTimeout(() => {
    clearInterval(interval);
    console.log('timeout 800 clears the interval');
}, 800);
console.log('sync');
