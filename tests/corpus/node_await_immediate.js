// Two async functions that each await a promise resolved by setImmediate:
// each resolution's continuation runs right after its immediate, so the
// workers alternate one step per immediate, and the immediate a step queues
// waits for the next turn.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

function nextTurn(name) {
    return new Promise((resolve) =>
        setImmediate(() => {
            console.log('immediate for ' + name);
            resolve();
        })
    );
}

async function worker(name) {
    for (let i = 1; i <= 2; i++) {
        console.log(name + ' step ' + i);
        await nextTurn(name);
    }
    console.log(name + ' done');
}

worker('a');
worker('b');
process.nextTick(() => console.log('tick'));
console.log('sync');
