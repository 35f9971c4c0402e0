/*
 * The HTML timer nesting clamp: each zero-delay timeout sets the next. The
 * first six run with no delay; from the seventh on, the nesting level is above
 * 5 and each waits at least 4 ms (Chromium does the same; Node has no clamp).
 */
#include "frameloop/harness.h"

static void link_fired(fl_loop *loop, void *arg)
{
    long n = (long)(intptr_t)arg;
    fl_log(loop, "timeout %ld", n);
    if (n < 10)
        fl_set_timeout(loop, link_fired, (void *)(intptr_t)(n + 1), 0);
}

FL_SCENARIO(timer_nesting, "a chain of ten setTimeout(0): the seventh is the first clamped to 4 ms")
{
    fl_set_timeout(loop, link_fired, (void *)(intptr_t)1, 0);
}
