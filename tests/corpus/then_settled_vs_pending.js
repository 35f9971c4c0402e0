// `then` on a settled promise queues its job at once; on a pending promise
// the job is queued only when the promise settles, even within the same task.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

let resolveLate;
const late = new Promise((resolve) => {
    resolveLate = resolve;
});
const early = Promise.resolve('early');

late.then((v) => console.log('late ' + v));
early.then((v) => console.log('early ' + v));
resolveLate('late');
early.then((v) => console.log('early again ' + v));
console.log('sync');
