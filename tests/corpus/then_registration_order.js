// Reactions of one promise run in registration order; a then added from a
// handler after the promise settled goes to the back of the job queue.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

const p = Promise.resolve('p');
p.then(() => {
    console.log('first');
    p.then(() => console.log('added by first'));
});
p.then(() => console.log('second'));
Promise.resolve().then(() => console.log('other'));
p.then(() => console.log('third'));
