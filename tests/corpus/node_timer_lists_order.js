// Node keeps one timer list per duration and, in a timers phase, runs every
// due timer of the list that expires first before the next list. When a
// long callback makes several lists due at once, a later timer of the first
// list (due at 400 ms) runs before an earlier timer of another list (350 ms).
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

function busy(ms) {
    const end = Date.now() + ms;
    while (Date.now() < end) {}
}

setTimeout(() => console.log('A: 300 ms list, due at 300'), 300);
setTimeout(() => {
    console.log('step at 100');
    setTimeout(() => console.log('B: 300 ms list, due at 400'), 300);
    setTimeout(() => console.log('C: 250 ms list, due at 350'), 250);
    busy(400);
}, 100);
console.log('sync');
