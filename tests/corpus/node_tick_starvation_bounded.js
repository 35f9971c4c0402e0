// process.nextTick can starve the rest: a tick that queues another tick
// (here five deep) keeps promise jobs and setImmediate waiting until it
// stops. A promise job then queues one more tick, which runs after the
// promise queue empties and still before the immediate.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

let n = 0;
function again() {
    n++;
    console.log('tick ' + n);
    if (n < 5)
        process.nextTick(again);
}

setImmediate(() => console.log('immediate'));
Promise.resolve().then(() => {
    console.log('promise');
    process.nextTick(() => console.log('tick from promise'));
});
process.nextTick(again);
console.log('sync');
