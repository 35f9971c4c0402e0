/*
 * Resolving with a promise costs two more jobs than resolving with a value
 * (NewPromiseResolveThenableJob, then the then-reaction it registers). A
 * chain of thens that logs its ticks shows where each lands:
 *
 *   const p = Promise.resolve();
 *   new Promise(r => r(p)).then(() => console.log('resolved with a promise'));
 *   Promise.resolve().then(() => console.log('tick 1'))
 *       .then(() => console.log('tick 2')).then(() => console.log('tick 3'));
 *   new Promise(r => r(1)).then(() => console.log('resolved with a value'));
 *   // tick 1, resolved with a value, tick 2, resolved with a promise, tick 3
 */
#include "frameloop/harness.h"
#include "frameloop/promise.h"

static fl_value *log_token(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    fl_log(loop, "%s", (const char *)arg);
    return NULL;
}

FL_SCENARIO(thenable_ticks, "resolving with a promise costs two extra jobs over a value")
{
    fl_promise *p = fl_promise_resolved(loop, NULL);
    fl_promise *with_promise = fl_promise_new(loop);
    fl_promise_resolve(with_promise, fl_promise_value(p));
    fl_promise_then(with_promise, log_token, NULL, "resolved with a promise");

    fl_promise *tick = fl_promise_then(fl_promise_resolved(loop, NULL), log_token, NULL, "tick 1");
    tick = fl_promise_then(tick, log_token, NULL, "tick 2");
    fl_promise_then(tick, log_token, NULL, "tick 3");

    fl_promise *with_value = fl_promise_new(loop);
    fl_promise_resolve(with_value, fl_int(1));
    fl_promise_then(with_value, log_token, NULL, "resolved with a value");
}
