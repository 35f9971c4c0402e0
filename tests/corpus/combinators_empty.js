// The combinators over an empty array: all and allSettled fulfill at once
// with [], any rejects at once with an AggregateError, race never settles.
'use strict';
const show = require('./show');

Promise.race([]).then(() => console.log('race never settles'));
Promise.all([]).then((v) => console.log('all ' + show(v)));
Promise.any([]).catch((e) => console.log('any ' + show(e)));
Promise.allSettled([]).then((v) => console.log('allSettled ' + show(v)));
Promise.resolve().then(() => console.log('t1'));
console.log('sync');
