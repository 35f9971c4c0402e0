// A nextTick queued by a nextTick joins the same drain: the whole tick queue
// empties, nested ticks included, before the first promise job runs, even
// one queued by the very first tick.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

Promise.resolve().then(() => console.log('promise from script'));
process.nextTick(() => {
    console.log('tick A');
    Promise.resolve().then(() => console.log('promise from tick A'));
    process.nextTick(() => {
        console.log('tick A.1');
        process.nextTick(() => console.log('tick A.1.1'));
    });
    process.nextTick(() => console.log('tick A.2'));
});
process.nextTick(() => console.log('tick B'));
console.log('sync');
