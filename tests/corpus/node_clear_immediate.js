// clearImmediate works on an immediate that is already queued for this very
// check phase: from an earlier immediate, or from a tick or promise job that
// runs between two immediates.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

let second = null;
let fourth = null;
setImmediate(() => {
    console.log('immediate 1');
    clearImmediate(second);
    process.nextTick(() => clearImmediate(fourth));
});
second = setImmediate(() => console.log('immediate 2 (cleared)'));
setImmediate(() => console.log('immediate 3'));
fourth = setImmediate(() => console.log('immediate 4 (cleared)'));
const fifth = setImmediate(() => console.log('immediate 5 (cleared by the script)'));
setImmediate(() => console.log('immediate 6'));
clearImmediate(fifth);
console.log('sync');
