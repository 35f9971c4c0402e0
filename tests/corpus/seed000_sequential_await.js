// Seed 000: result[0] = await func1(); result[1] = await func2(); starts the
// second timer only after the first fired, so it takes about 6000 ms.
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
    const result = [];
    result[0] = await func1();
    console.log('func1 done at ' + elapsed() + ' ms');
    result[1] = await func2();
    console.log('func2 done at ' + elapsed() + ' ms');
    console.log('result ' + show(result));
    console.log('total ' + elapsed() + ' ms');
})();
console.log('end...');
