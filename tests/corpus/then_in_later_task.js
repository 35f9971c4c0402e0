// then on a promise that settled in an earlier task: the job runs in the
// current task's microtask checkpoint, in queue order with other microtasks,
// before the next task.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

const settled = Promise.resolve('old');
let resolveLater;
const later = new Promise((resolve) => {
    resolveLater = resolve;
});
setTimeout(() => {
    console.log('timer 1');
    queueMicrotask(() => console.log('microtask in timer 1'));
    settled.then((v) => console.log('then in timer 1 ' + v));
    later.then((v) => console.log('later ' + v));
    resolveLater('resolved in timer 1');
}, 0);
setTimeout(() => {
    console.log('timer 2');
    later.then((v) => console.log('later again ' + v));
}, 0);
console.log('sync');
