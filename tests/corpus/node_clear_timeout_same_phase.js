// clearTimeout works on a timer that is due in the very timers phase that is
// running: 0 ms and 1 ms timers share one list, and the first one clears the
// third before the phase reaches it, and queues a tick that clears the
// fourth, which runs before the second timer.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

let third = null;
let fourth = null;
setTimeout(() => {
    console.log('timeout 1');
    clearTimeout(third);
    process.nextTick(() => {
        console.log('tick from timeout 1');
        clearTimeout(fourth);
    });
}, 0);
setTimeout(() => console.log('timeout 2'), 1);
third = setTimeout(() => console.log('timeout 3 (cleared)'), 0);
fourth = setTimeout(() => console.log('timeout 4 (cleared)'), 1);
setTimeout(() => console.log('timeout 5'), 0);
console.log('sync');
