/* Mirrors of the rejection puzzles: throws in handlers, catch, finally. */
#include "puzzles.h"

/* ---- throw_in_then_caught_later.js ------------------------------------- */

/* (v) => { console.log('then ' + v); throw new Error('boom'); } */
static fl_value *log_then_throw_boom(fl_loop *loop, fl_value *value, void *arg)
{
    (void)arg;
    fl_log_value(loop, "then", value);
    return fl_throw(fl_error("boom"));
}

void puzzle_throw_in_then_caught_later(fl_loop *loop)
{
    fl_promise *p = fl_promise_resolved(loop, fl_int(1));
    p = fl_promise_then(p, log_then_throw_boom, NULL, NULL);
    p = fl_promise_then(p, log_tag, NULL, "skipped 1");
    p = fl_promise_then(p, log_tag, NULL, "skipped 2");
    p = fl_promise_catch(p, log_with_value, "caught");
    fl_promise_then(p, log_with_value, NULL, "after catch");
    tick_chain(loop, 5);
}

/* ---- catch_returns_value.js -------------------------------------------- */

/* (e) => { console.log('catch ' + show(e)); return 'recovered'; } */
static fl_value *catch_and_recover(fl_loop *loop, fl_value *reason, void *arg)
{
    (void)arg;
    fl_log_value(loop, "catch", reason);
    return fl_str("recovered");
}

/* () => {} */
static fl_value *do_nothing(fl_loop *loop, fl_value *value, void *arg)
{
    (void)loop;
    (void)value;
    (void)arg;
    return NULL;
}

void puzzle_catch_returns_value(fl_loop *loop)
{
    fl_promise *a = fl_promise_rejected(loop, fl_error("bad"));
    a = fl_promise_catch(a, catch_and_recover, NULL);
    fl_promise_then(a, log_with_value, NULL, "then");

    fl_promise *b = fl_promise_rejected(loop, fl_error("quiet"));
    b = fl_promise_catch(b, do_nothing, NULL);
    fl_promise_then(b, log_with_value, NULL, "empty catch gives");

    fl_promise *c = fl_promise_resolved(loop, fl_int(42));
    c = fl_promise_catch(c, log_tag, "never");
    fl_promise_then(c, log_with_value, NULL, "passed through");
}

/* ---- reject_passthrough.js --------------------------------------------- */

/* () => { throw new Error('from onFulfilled'); } */
static fl_value *throw_from_on_fulfilled(fl_loop *loop, fl_value *value, void *arg)
{
    (void)loop;
    (void)value;
    (void)arg;
    return fl_throw(fl_error("from onFulfilled"));
}

void puzzle_reject_passthrough(fl_loop *loop)
{
    /* A: .then(() => { throw ... }, () => console.log('sibling ...')).catch(...) */
    fl_promise *a = fl_promise_resolved(loop, fl_str("ok"));
    a = fl_promise_then(a, throw_from_on_fulfilled, log_tag, "sibling onRejected never runs");
    fl_promise_catch(a, log_with_value, "A caught");

    /* B: Promise.reject(...).then((v) => ...).then(null, (e) => ...) */
    fl_promise *b = fl_promise_rejected(loop, fl_error("early"));
    b = fl_promise_then(b, log_with_value, NULL, "never");
    fl_promise_then(b, NULL, log_with_value, "B caught");

    /* C: Promise.reject(...).then(null, (e) => ...) */
    fl_promise *c = fl_promise_rejected(loop, fl_error("direct"));
    fl_promise_then(c, NULL, log_with_value, "C caught");
}

/* ---- return_rejected_promise.js ---------------------------------------- */

/* () => Promise.reject(new Error('returned')) */
static fl_value *return_rejected(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    (void)arg;
    return fl_promise_value(fl_promise_rejected(loop, fl_error("returned")));
}

/* () => { throw new Error('thrown'); } */
static fl_value *throw_thrown(fl_loop *loop, fl_value *value, void *arg)
{
    (void)loop;
    (void)value;
    (void)arg;
    return fl_throw(fl_error("thrown"));
}

void puzzle_return_rejected_promise(fl_loop *loop)
{
    fl_promise *a = fl_promise_then(fl_promise_resolved(loop, NULL), return_rejected, NULL, NULL);
    fl_promise_catch(a, log_with_value, "caught");
    fl_promise *b = fl_promise_then(fl_promise_resolved(loop, NULL), throw_thrown, NULL, NULL);
    fl_promise_catch(b, log_with_value, "caught");
    tick_chain(loop, 4);
}

/* ---- finally_value_passthrough.js -------------------------------------- */

/* () => { console.log('finally'); return 'ignored'; } */
static fl_value *finally_returns_ignored(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "finally");
    return fl_str("ignored");
}

void puzzle_finally_value_passthrough(fl_loop *loop)
{
    /* Promise.resolve('kept').finally(...).then((v) => console.log('then ' + v)); */
    fl_promise *a = fl_promise_resolved(loop, fl_str("kept"));
    a = fl_promise_finally(a, finally_returns_ignored, NULL);
    fl_promise_then(a, log_with_value, NULL, "then");

    /* Promise.resolve('plain').then(...).then(() => console.log('plain 2')); */
    fl_promise *b = fl_promise_resolved(loop, fl_str("plain"));
    b = fl_promise_then(b, log_with_value, NULL, "plain");
    fl_promise_then(b, log_tag, NULL, "plain 2");
    tick_chain(loop, 5);
}

/* ---- finally_reason_passthrough.js ------------------------------------- */

/* () => { console.log('finally 2'); throw new Error('replaced'); } */
static fl_value *finally_log_and_throw(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "finally 2");
    return fl_throw(fl_error("replaced"));
}

/* () => { throw new Error('from finally'); } */
static fl_value *finally_throw(fl_loop *loop, void *arg)
{
    (void)loop;
    (void)arg;
    return fl_throw(fl_error("from finally"));
}

void puzzle_finally_reason_passthrough(fl_loop *loop)
{
    static const log_pair never_or_caught = {"never", "caught"};

    fl_promise *a = fl_promise_rejected(loop, fl_error("original"));
    a = fl_promise_finally(a, finally_log, "finally 1");
    fl_promise_catch(a, log_with_value, "caught");

    fl_promise *b = fl_promise_rejected(loop, fl_error("hidden"));
    b = fl_promise_finally(b, finally_log_and_throw, NULL);
    fl_promise_catch(b, log_with_value, "caught");

    fl_promise *c = fl_promise_resolved(loop, fl_str("value"));
    c = fl_promise_finally(c, finally_throw, NULL);
    fl_promise_then(c, log_pair_fulfilled, log_pair_rejected, (void *)&never_or_caught);
    tick_chain(loop, 4);
}

/* ---- finally_pending_promise.js ---------------------------------------- */

/* () => { console.log('finally starts'); return new Promise(... 100 ms ...); } */
static fl_value *finally_waits_for_timer(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "finally starts");
    return fl_promise_value(
        timer_settle(loop, FL_MS(100), fl_str("discarded"), 0, "finally timer"));
}

/* () => new Promise((resolve) => setTimeout(resolve, 300)) */
static fl_value *finally_waits_300(fl_loop *loop, void *arg)
{
    (void)arg;
    return fl_promise_value(fl_promise_after(loop, FL_MS(300), NULL));
}

void puzzle_finally_pending_promise(fl_loop *loop)
{
    fl_promise *a = fl_promise_resolved(loop, fl_str("kept"));
    a = fl_promise_finally(a, finally_waits_for_timer, NULL);
    fl_promise_then(a, log_with_value, NULL, "then");

    fl_promise *b = fl_promise_rejected(loop, fl_error("still rejected"));
    b = fl_promise_finally(b, finally_waits_300, NULL);
    fl_promise_catch(b, log_with_value, "caught");

    fl_set_timeout(loop, log_task, "timer 0", 0);
    fl_set_timeout(loop, log_task, "timer 200", FL_MS(200));
}

/* ---- finally_returns_rejected.js --------------------------------------- */

/* () => Promise.reject(new Error('finally rejected')) */
static fl_value *finally_return_rejected(fl_loop *loop, void *arg)
{
    (void)arg;
    return fl_promise_value(fl_promise_rejected(loop, fl_error("finally rejected")));
}

/* () => Promise.resolve('ignored') */
static fl_value *finally_return_resolved(fl_loop *loop, void *arg)
{
    (void)arg;
    return fl_promise_value(fl_promise_resolved(loop, fl_str("ignored")));
}

void puzzle_finally_returns_rejected(fl_loop *loop)
{
    static const log_pair never_or_caught = {"never", "caught"};

    fl_promise *a = fl_promise_resolved(loop, fl_str("value"));
    a = fl_promise_finally(a, finally_return_rejected, NULL);
    fl_promise_then(a, log_pair_fulfilled, log_pair_rejected, (void *)&never_or_caught);

    fl_promise *b = fl_promise_rejected(loop, fl_error("original"));
    b = fl_promise_finally(b, finally_return_resolved, NULL);
    fl_promise_catch(b, log_with_value, "caught");
    tick_chain(loop, 6);
}
