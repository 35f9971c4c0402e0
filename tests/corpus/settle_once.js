// A promise settles once: later resolve/reject calls and a throw after
// resolve are ignored; a throw before settling rejects.
'use strict';
const show = require('./show');

new Promise((resolve, reject) => {
    resolve('first');
    reject(new Error('ignored'));
    resolve('ignored too');
}).then((v) => console.log('a ' + v));

new Promise((resolve) => {
    resolve('kept');
    throw new Error('after resolve');
}).then((v) => console.log('b ' + v));

new Promise(() => {
    throw new Error('in executor');
}).catch((e) => console.log('c ' + show(e)));

new Promise((resolve, reject) => {
    reject(new Error('rejected first'));
    resolve('ignored');
}).then(
    (v) => console.log('d fulfilled ' + v),
    (e) => console.log('d ' + show(e)));
console.log('sync');
