// A thousand awaits against a thousand-link then chain: one job each, so
// both finish in the same round; the async function's own promise takes one
// job more.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

async function loop(n) {
    let i = 0;
    while (i < n) {
        await null;
        i++;
    }
    console.log('loop finished ' + i);
    return i;
}

loop(1000).then((n) => console.log('loop promise ' + n));
let chain = Promise.resolve(0);
for (let i = 0; i < 1000; i++)
    chain = chain.then((n) => n + 1);
chain.then((n) => console.log('chain finished ' + n));
console.log('sync');
