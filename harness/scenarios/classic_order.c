/*
 * Seed 002's browser example. In JS:
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
 * The promise executor runs synchronously and its `then` is a microtask, so
 * here it is written with fl_queue_microtask.
 */
#include "frameloop/harness.h"

static void log_token(fl_loop *loop, void *arg)
{
    fl_log(loop, "%s", (const char *)arg);
}

static void second_timeout(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "6");
    fl_queue_microtask(loop, log_token, "7");
}

FL_SCENARIO(classic_order, "seed 002's browser example: prints 1 3 5 4 2 6 7")
{
    fl_log(loop, "1");
    fl_set_timeout(loop, log_token, "2", 0);
    fl_log(loop, "3");
    fl_queue_microtask(loop, log_token, "4");
    fl_log(loop, "5");
    fl_set_timeout(loop, second_timeout, NULL, 0);
}
