// A combinator given something that is not iterable returns a promise that
// is already rejected with a TypeError. (Only the error's name is printed:
// the message is the engine's own.)
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

Promise.all(5).catch((e) => console.log('all rejects with ' + e.name));
Promise.race(5).catch((e) => console.log('race rejects with ' + e.name));
Promise.allSettled(5).catch((e) => console.log('allSettled rejects with ' + e.name));
Promise.any(5).catch((e) => console.log('any rejects with ' + e.name));
Promise.resolve().then(() => console.log('t1'));
