// Seed 000: Promise.all([func1(), func2()]) starts both 3000 ms timers at
// once, so the result arrives after about 3000 ms.
'use strict';
const show = require('./show');

const start = Date.now();
// Milliseconds since the script started, to the nearest 1000.
function elapsed() {
    return Math.round((Date.now() - start) / 1000) * 1000;
}

async function func1() {
    await new Promise((resolve) => {
        setTimeout(resolve, 3000);
    });
    return 100;
}

async function func2() {
    await new Promise((resolve) => {
        setTimeout(resolve, 3000);
    });
    return 200;
}

(async function () {
    let result = [];
    result = await Promise.all([func1(), func2()]);
    console.log('result ' + show(result));
    console.log('total ' + elapsed() + ' ms');
})();
console.log('end...');
