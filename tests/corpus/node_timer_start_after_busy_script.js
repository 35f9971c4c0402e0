// A timer counts from the moment setTimeout runs: Node reads the clock anew
// (getLibuvNow updates libuv's loop time), so a 100 ms timer set after 300 ms
// of work is due at 400 ms, after a 300 ms timer set before the work.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

function busy(ms) {
    const end = Date.now() + ms;
    while (Date.now() < end) {}
}

setTimeout(() => console.log('300 ms, set at 0'), 300);
busy(300);
setTimeout(() => console.log('100 ms, set at 300'), 100);
console.log('sync');
