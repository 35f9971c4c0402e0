/*
 * The jank run the HUD and report tests share: a rAF animation from the
 * start (each callback asks for the next frame) and a 100 ms task from
 * t = 500 ms, with a 16 ms vsync, as long-task-jank has it: slots 32..36 are
 * dropped, 37 is presented late at 600 ms; the animation stops at `stop_ms`.
 */
#ifndef FL_TEST_JANK_H
#define FL_TEST_JANK_H

#include "frameloop/metrics.h"
#include "frameloop/render.h"
#include "test_util.h"

static int64_t g_jank_stop_us;

static void jank_frame(fl_loop *loop, double timestamp_ms, void *arg)
{
    if (FL_MS(timestamp_ms) < g_jank_stop_us)
        assert_true(fl_request_animation_frame(loop, jank_frame, arg) > 0);
}

static void jank_long_task(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_work(loop, FL_MS(100));
}

/* A loop with metrics on, set up for the jank run; the caller adds what it
 * observes, then runs it with run_idle(). */
static inline fl_loop *jank_loop(int64_t stop_ms)
{
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.vsync_us = 16000;
    fl_loop *loop = test_loop_new_opts(&opt);
    g_jank_stop_us = FL_MS(stop_ms);
    assert_int_equal(fl_metrics_enable(loop), 0);
    assert_true(fl_request_animation_frame(loop, jank_frame, NULL) > 0);
    assert_true(fl_set_timeout_named(loop, jank_long_task, NULL, FL_MS(500), "<long> task") > 0);
    return loop;
}

#endif /* FL_TEST_JANK_H */
