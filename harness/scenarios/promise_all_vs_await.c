/*
 * Seed 000's question: why does `await Promise.all([func1(), func2()])` take
 * about 3 s while `await func1(); await func2();` takes about 6 s?
 *
 *   async function func1() {
 *       await new Promise(resolve => { setTimeout(resolve, 3000); });
 *       return 100;
 *   }
 *   async function func2() { ...same...; return 200; }
 *
 * Calling both before awaiting starts both timers at once: they run
 * concurrently on the one thread, and Promise.all waits for the later one.
 * Awaiting each call before making the next starts the second timer only
 * when the first has fired.
 */
#include <stdint.h>

#include "frameloop/async.h"
#include "frameloop/harness.h"

static void func(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_AWAIT(co, fl_promise_after(fl_async_loop(co), FL_MS(3000), NULL));
    FL_ASYNC_RETURN(co, fl_int((intptr_t)fl_async_arg(co)));
    FL_ASYNC_END(co);
}

static fl_promise *call_func(fl_loop *loop, int result)
{
    return fl_async_call(loop, func, 0, (void *)(intptr_t)result);
}

typedef struct main_locals {
    int64_t start;
    fl_value *first;
} main_locals;

static void compare(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    main_locals *l = fl_async_locals(co);
    FL_ASYNC_BEGIN(co);
    l->start = fl_now(loop);
    FL_AWAIT(co, fl_promise_all(loop, fl_array(2, fl_promise_value(call_func(loop, 100)),
                                               fl_promise_value(call_func(loop, 200)))));
    fl_log_value(loop, "Promise.all:", fl_async_value(co));
    fl_log(loop, "Promise.all took %lld ms", (long long)((fl_now(loop) - l->start) / 1000));

    l->start = fl_now(loop);
    FL_AWAIT(co, call_func(loop, 100));
    l->first = fl_value_ref(fl_async_value(co));
    FL_AWAIT(co, call_func(loop, 200));
    fl_value *both = fl_array(2, l->first, fl_value_ref(fl_async_value(co)));
    fl_log_value(loop, "sequential:", both);
    fl_value_unref(both);
    fl_log(loop, "sequential awaits took %lld ms", (long long)((fl_now(loop) - l->start) / 1000));
    FL_ASYNC_END(co);
}

FL_SCENARIO(promise_all_vs_await, "seed 000: Promise.all of two 3 s timers takes 3 s, awaits 6 s")
{
    fl_async_call(loop, compare, sizeof(main_locals), NULL);
}
