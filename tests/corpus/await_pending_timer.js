// Awaiting a promise a timer resolves: the function resumes in the timer
// task's microtask checkpoint, before the next timer task.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

async function waitFor() {
    console.log('before await');
    const v = await new Promise((resolve) =>
        setTimeout(() => {
            console.log('timer 100 resolves');
            resolve('late');
        }, 100));
    console.log('after await ' + v);
    return v;
}

setTimeout(() => console.log('timer 0'), 0);
waitFor().then((v) => console.log('then ' + v));
setTimeout(() => console.log('timer 200'), 200);
console.log('sync');
