// Seed 000's homemade PromiseAll: it awaits each input in turn, but the
// inputs' timers were all started by the caller, so it also takes about
// 3000 ms. It works because each inner async function stores its value one
// job before the loop's await resumes.
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

async function PromiseAll(values) {
    let result = [];
    for (let i = 0; i < values.length; i++) {
        await Promise.resolve(values[i]).then((value) => {
            (async function () {
                let index = i;
                let tmpResult = await value;
                result[index] = tmpResult;
            })();
        });
    }

    if (result.length == values.length) {
        return result;
    }
}

(async function () {
    console.log('before await');
    let result = [];
    result = await PromiseAll([func1(), func2()]);
    console.log('after await');
    console.log('result ' + show(result));
    console.log('total ' + elapsed() + ' ms');
})();
console.log('end...');
