/*
 * Node's two microtask queues: every nextTick runs before any promise job,
 * and a nextTick queued by a promise job waits until the whole promise queue
 * has drained (processTicksAndRejections). As Node 20 prints:
 *
 *   Promise.resolve().then(() => { log('promise 1');
 *                                  process.nextTick(() => log('tick from promise 1')); })
 *                    .then(() => log('promise 2'));
 *   Promise.resolve().then(() => log('promise 3'));
 *   process.nextTick(() => { log('tick 1');
 *                            Promise.resolve().then(() => log('promise from tick 1'));
 *                            process.nextTick(() => log('tick from tick 1')); });
 *   // tick 1, tick from tick 1, promise 1, promise 3, promise from tick 1,
 *   // promise 2, tick from promise 1
 */
#include "frameloop/harness.h"
#include "frameloop/node.h"
#include "frameloop/promise.h"

static void log_tick(fl_loop *loop, void *arg)
{
    fl_log(loop, "%s", (const char *)arg);
}

static fl_value *log_job(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    fl_log(loop, "%s", (const char *)arg);
    return NULL;
}

static fl_value *promise1(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    (void)arg;
    fl_log(loop, "promise 1");
    fl_next_tick(loop, log_tick, "tick from promise 1");
    return NULL;
}

static void tick1(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "tick 1");
    fl_promise_then(fl_promise_resolved(loop, NULL), log_job, NULL, "promise from tick 1");
    fl_next_tick(loop, log_tick, "tick from tick 1");
}

FL_SCENARIO(nexttick_vs_promise, "node: nextTicks drain before promise jobs, and after them again")
{
    fl_promise *p1 = fl_promise_then(fl_promise_resolved(loop, NULL), promise1, NULL, NULL);
    fl_promise_then(p1, log_job, NULL, "promise 2");
    fl_promise_then(fl_promise_resolved(loop, NULL), log_job, NULL, "promise 3");
    fl_next_tick(loop, tick1, NULL);
}
FL_SCENARIO_FLAGS(nexttick_vs_promise, FL_SCENARIO_NODE);
