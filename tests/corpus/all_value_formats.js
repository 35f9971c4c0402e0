// The values a promise carries, as show() and fl_value_format print them:
// numbers as String(n), strings quoted inside arrays and objects, errors as
// "Name: message", nested arrays and objects without spaces.
'use strict';
const show = require('./show');

const inputs = [
    undefined,
    null,
    true,
    false,
    0,
    -0,
    42,
    -7,
    0.5,
    0.1 + 0.2,
    1e21,
    1e-7,
    123456789012,
    NaN,
    Infinity,
    -Infinity,
    '',
    'plain',
    'quote " and backslash \\',
    'tab\tnewline\n',
    'caf\u00e9',
    [],
    [1, ['two', [null]]],
    {},
    {key: 'value', list: [1, 2], nested: {deep: true}},
    new Error('boom'),
    new RangeError('out of range'),
    new Error(''),
];
Promise.all(inputs).then((values) => {
    for (const v of values)
        console.log(show(v));
    console.log('all ' + show(values.slice(0, 4)));
});
Promise.resolve('top level').then((v) => console.log(show(v)));
Promise.resolve(['in', 'array']).then((v) => console.log(show(v)));
