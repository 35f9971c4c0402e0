/*
 * Seed 002's browser example, with real promises:
 *
 *   console.log(1);
 *   setTimeout(function() { console.log(2); }, 0);
 *   new Promise(function(resolve) { console.log(3); resolve(Date.now()); })
 *       .then(function() { console.log(4); });
 *   console.log(5);
 *   setTimeout(function() {
 *       new Promise(function(resolve) { console.log(6); resolve(Date.now()); })
 *           .then(function() { console.log(7); });
 *   }, 0);
 *   // 1 3 5 4 2 6 7
 *
 * The executor runs synchronously inside fl_promise_create; the then
 * reaction is a job that runs at the task's microtask checkpoint.
 */
#include "frameloop/harness.h"
#include "frameloop/promise.h"

static fl_value *log_and_resolve(fl_loop *loop, fl_promise *promise, void *arg)
{
    fl_log(loop, "%s", (const char *)arg);
    fl_promise_resolve(promise, fl_int(fl_now(loop) / 1000));
    return NULL;
}

static fl_value *log_token(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    fl_log(loop, "%s", (const char *)arg);
    return NULL;
}

static void log_task(fl_loop *loop, void *arg)
{
    fl_log(loop, "%s", (const char *)arg);
}

static void second_timeout(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_promise_then(fl_promise_create(loop, log_and_resolve, "6"), log_token, NULL, "7");
}

FL_SCENARIO(classic_order, "seed 002's browser example: prints 1 3 5 4 2 6 7")
{
    fl_log(loop, "1");
    fl_set_timeout(loop, log_task, "2", 0);
    fl_promise_then(fl_promise_create(loop, log_and_resolve, "3"), log_token, NULL, "4");
    fl_log(loop, "5");
    fl_set_timeout(loop, second_timeout, NULL, 0);
}
