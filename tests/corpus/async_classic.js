// The well-known interview puzzle: an async function runs synchronously up to
// its first await; the rest waits for a job, and the timer for a new task.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

async function async1() {
    console.log('async1 start');
    await async2();
    console.log('async1 end');
}

async function async2() {
    console.log('async2');
}

console.log('script start');
setTimeout(() => console.log('setTimeout'), 0);
async1();
new Promise((resolve) => {
    console.log('promise1');
    resolve();
}).then(() => console.log('promise2'));
console.log('script end');
