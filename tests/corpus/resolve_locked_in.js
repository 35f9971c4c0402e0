// Resolving with a pending promise locks the promise in: it stays pending,
// yet later resolve/reject calls and a throw are ignored, and it settles
// when the promise it follows does.
'use strict';
const show = require('./show');

const gate = new Promise((resolve) => setTimeout(() => resolve('gate value'), 100));
new Promise((resolve, reject) => {
    resolve(gate);
    resolve('too late');
    reject(new Error('too late too'));
    throw new Error('ignored throw');
}).then(
    (v) => console.log('locked in ' + v),
    (e) => console.log('never ' + show(e)));

const failing = new Promise((resolve, reject) =>
    setTimeout(() => reject(new Error('gate failed')), 200));
new Promise((resolve) => {
    resolve(failing);
    resolve('too late');
}).catch((e) => console.log('follows ' + show(e)));
console.log('sync');
