// Seed 002, section 2.4.5.2: inside an I/O callback setImmediate always runs
// before setTimeout(0): immediate -> timeout.
'use strict';
require('./show'); // opens stdout before the puzzle starts: see show.js
const fs = require('fs');

fs.readFile(__filename, () => {
    setTimeout(() => {
        console.log('timeout');
    }, 0);
    setImmediate(() => {
        console.log('immediate');
    });
});
