/*
 * The well-known async/await ordering puzzle, as V8 prints it:
 *
 *   async function async1() {
 *       console.log('async1 start');
 *       await async2();
 *       console.log('async1 end');
 *   }
 *   async function async2() { console.log('async2'); }
 *   console.log('script start');
 *   setTimeout(() => console.log('setTimeout'), 0);
 *   async1();
 *   new Promise(resolve => { console.log('promise1'); resolve(); })
 *       .then(() => console.log('promise2'));
 *   console.log('script end');
 *
 * `await async2()` awaits a native promise that is already fulfilled, which
 * costs exactly one job: so `async1 end` runs before `promise2`.
 */
#include "frameloop/async.h"
#include "frameloop/harness.h"

static void async2(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    fl_log(fl_async_loop(co), "async2");
    FL_ASYNC_END(co);
}

static void async1(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    fl_log(loop, "async1 start");
    FL_AWAIT(co, fl_async_call(loop, async2, 0, NULL));
    fl_log(loop, "async1 end");
    FL_ASYNC_END(co);
}

static void log_task(fl_loop *loop, void *arg)
{
    fl_log(loop, "%s", (const char *)arg);
}

static fl_value *promise1(fl_loop *loop, fl_promise *promise, void *arg)
{
    (void)arg;
    fl_log(loop, "promise1");
    fl_promise_resolve(promise, NULL);
    return NULL;
}

static fl_value *promise2(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    (void)arg;
    fl_log(loop, "promise2");
    return NULL;
}

FL_SCENARIO(async_await_order, "the async1/async2/promise1/setTimeout puzzle, in V8's order")
{
    fl_log(loop, "script start");
    fl_set_timeout(loop, log_task, "setTimeout", 0);
    fl_async_call(loop, async1, 0, NULL);
    fl_promise_then(fl_promise_create(loop, promise1, NULL), promise2, NULL, NULL);
    fl_log(loop, "script end");
}
