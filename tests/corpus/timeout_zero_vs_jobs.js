// setTimeout 0 waits for a task of its own: every promise job queued before
// it, and every job those jobs queue, runs first. Each timer task gets its
// own microtask checkpoint.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

setTimeout(() => {
    console.log('timeout 1');
    Promise.resolve().then(() => console.log('job from timeout 1'));
    setTimeout(() => console.log('timeout 3 (set in timeout 1)'), 0);
}, 0);
setTimeout(() => console.log('timeout 2'), 0);
Promise.resolve()
    .then(() => {
        console.log('job 1');
        setTimeout(() => console.log('timeout 4 (set in job 1)'), 0);
    })
    .then(() => console.log('job 2'));
console.log('sync');
