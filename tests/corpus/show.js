// show(v): the text frameloop's fl_value_format gives the same value, so a
// puzzle's Node output and its C mirror's transcript compare byte for byte.
//
//   undefined, null, true, false, numbers as String(n)
//   strings raw at the top level, quoted inside arrays and objects
//   arrays [a,b] and plain objects {"key":value} with no spaces
//   errors "Name: message" (just "Name" when the message is empty)
//   promises [object Promise]
//
// Every puzzle requires this file, also for a second reason: Node opens
// stdout lazily, and the first write costs several milliseconds, which would
// shift the timers a puzzle sets after its first console.log. Opening it here,
// before the puzzle runs, keeps Node's timer order as deterministic as the
// puzzle's delays.
'use strict';

process.stdout.write('');

// A JSON string literal as fl_value_format writes one: only " and \ get a
// backslash; other control characters become \u00xx.
function quote(s) {
    let out = '"';
    for (const ch of s) {
        const c = ch.charCodeAt(0);
        if (ch === '"' || ch === '\\')
            out += '\\' + ch;
        else if (c < 0x20)
            out += '\\u' + c.toString(16).padStart(4, '0');
        else
            out += ch;
    }
    return out + '"';
}

function show(v, nested = false) {
    if (v === undefined)
        return 'undefined';
    if (v === null)
        return 'null';
    if (typeof v === 'boolean' || typeof v === 'number')
        return String(v);
    if (typeof v === 'string')
        return nested ? quote(v) : v;
    if (v instanceof Promise)
        return '[object Promise]';
    if (v instanceof Error)
        return v.message ? `${v.name}: ${v.message}` : v.name;
    if (Array.isArray(v))
        return '[' + Array.from(v, (item) => show(item, true)).join(',') + ']';
    if (typeof v === 'object')
        return '{' + Object.keys(v).map((k) => quote(k) + ':' + show(v[k], true)).join(',') + '}';
    return String(v);
}

module.exports = show;
