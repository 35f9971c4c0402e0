/*
 * fl_promise_after: `new Promise(r => setTimeout(() => r(value), delay))`,
 * the seeds' way of making a promise that settles later. The timer's context
 * is a realm block, so a loop freed before the timer fires leaks nothing.
 */
#include "promise/promise_internal.h"

typedef fl__after after_ctx;

static void after_fire(fl_loop *loop, void *arg)
{
    after_ctx *a = arg;
    fl__realm *realm = fl__realm_of(loop);
    fl__promise_resolve_fn(a->promise, a->value);
    fl__promise_unref(a->promise);
    fl__block_free(&realm->blocks, a);
}

fl_promise *fl_promise_after(fl_loop *loop, int64_t delay_us, fl_value *value)
{
    fl__realm *realm = fl__realm_of(loop);
    fl_promise *p = realm ? fl__promise_alloc(realm) : NULL;
    after_ctx *a = p ? fl__block_alloc(&realm->blocks, FL__BLOCK_TIMER) : NULL;
    if (!a) {
        fl__promise_unref(p);
        fl_value_unref(value);
        return NULL;
    }
    *a = (after_ctx){fl__promise_ref(p), value};
    if (fl_set_timeout_named(loop, after_fire, a, delay_us, "promise timer") < 0) {
        fl__promise_unref(p);
        fl_value_unref(value);
        fl__block_free(&realm->blocks, a);
        fl__promise_unref(p);
        return NULL;
    }
    return fl__autorelease(p);
}
