/*
 * The tick logger shared by the promise and async tests: a chain of thens on
 * a resolved promise recording t1, t2, ..., one job apart. Started first, tick
 * i runs before anything else's i-th job, so other records can be placed by
 * tick exactly. At tick g_hook_tick it resolves g_hook_target, to settle
 * something at an exact tick. Include after cmocka.h and test_util.h.
 */
#ifndef FL_TEST_TICKS_H
#define FL_TEST_TICKS_H

#include <stdint.h>

#include "frameloop/promise.h"

#define INT_ARG(i) ((void *)(intptr_t)(i))

static int g_hook_tick;
static fl_promise *g_hook_target;

static fl_value *on_tick(fl_loop *loop, fl_value *v, void *arg)
{
    (void)loop;
    (void)v;
    rec_add("t%d", (int)(intptr_t)arg);
    if ((intptr_t)arg == g_hook_tick)
        assert_int_equal(fl_promise_resolve(g_hook_target, fl_str("ignored")), 0);
    return NULL;
}

static void start_ticks(fl_loop *loop, int n)
{
    fl_promise *p = fl_promise_resolved(loop, NULL);
    for (int i = 1; i <= n; i++)
        p = fl_promise_then(p, on_tick, NULL, INT_ARG(i));
    assert_non_null(p);
}

#endif /* FL_TEST_TICKS_H */
