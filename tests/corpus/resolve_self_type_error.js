// Resolving a promise with itself rejects it with a TypeError, both through
// its resolve function and by a then handler returning its own promise.
// (Only the error's name is printed: the message is the engine's own.)
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

let resolveSelf;
const self = new Promise((resolve) => {
    resolveSelf = resolve;
});
resolveSelf(self);
self.catch((e) => console.log('resolve(self) rejects with ' + e.name));

const cycle = Promise.resolve().then(() => cycle);
cycle.catch((e) => console.log('returning itself rejects with ' + e.name));
Promise.resolve()
    .then(() => console.log('t1'))
    .then(() => console.log('t2'))
    .then(() => console.log('t3'));
