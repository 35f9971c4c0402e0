// Seed 002's browser example: prints 1 3 5 4 2 6 7.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js

console.log('1');
setTimeout(function () {
    console.log('2');
}, 0);
new Promise(function (resolve) {
    console.log('3');
    resolve(Date.now());
}).then(function () {
    console.log('4');
});
console.log('5');
setTimeout(function () {
    new Promise(function (resolve) {
        console.log('6');
        resolve(Date.now());
    }).then(function () {
        console.log('7');
    });
}, 0);
