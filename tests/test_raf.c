/* requestAnimationFrame and the rendering step's timing (render.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "frameloop/render.h"
#include "test_util.h"

static void raf_rec(fl_loop *loop, double ts, void *arg)
{
    (void)loop;
    rec_add("%s@%g", (const char *)arg, ts);
}

static void microtask_rec(fl_loop *loop, void *arg)
{
    (void)loop;
    rec_add("%s", (const char *)arg);
}

static fl_raf_id g_other;

static void raf_chaining(fl_loop *loop, double ts, void *arg)
{
    rec_add("%s@%g", (const char *)arg, ts);
    fl_request_animation_frame(loop, raf_rec, "next");
    fl_queue_microtask(loop, microtask_rec, "micro");
    assert_int_equal(fl_cancel_animation_frame(loop, g_other), 0);
}

static void test_raf_snapshot_cancel_and_microtasks(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_true(fl_request_animation_frame(loop, raf_chaining, "a") > 0);
    assert_true(fl_request_animation_frame(loop, raf_rec, "b") > 0);
    g_other = fl_request_animation_frame(loop, raf_rec, "cancelled");
    run_idle(loop);
    /* b shares a's timestamp; a's microtask runs between them; the callback a
     * registered waits for the next tick; a cancelled the third in its frame. */
    assert_string_equal(rec_str(), "a@0 micro b@0 next@16");
    assert_int_equal(fl_cancel_animation_frame(loop, g_other), FL_ENOENT);
    fl_render_stats st;
    assert_int_equal(fl_render_get_stats(loop, &st), 0);
    assert_int_equal(st.frames, 2);
    assert_int_equal(st.raf_callbacks, 3);
    assert_int_equal(st.last_frame_us, 16000);
    test_loop_free_drained(loop);
}

static void register_late(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_request_animation_frame(loop, raf_rec, "late");
}

static void test_raf_runs_at_the_next_tick(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_set_timeout(loop, register_late, NULL, FL_MS(5));
    run_idle(loop);
    assert_string_equal(rec_str(), "late@16");
    assert_int_equal(fl_now(loop), FL_MS(16));
    test_loop_free_drained(loop);
}

static void long_task(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_request_animation_frame(loop, raf_rec, "after-long-task");
    fl_work(loop, FL_MS(40));
}

/* A task that runs across ticks delays the frame to the latest tick passed. */
static void test_raf_after_long_task_uses_latest_tick(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_set_timeout(loop, long_task, NULL, FL_MS(1));
    run_idle(loop);
    assert_string_equal(rec_str(), "after-long-task@32");
    test_loop_free_drained(loop);
}

static void test_raf_vsync_period_option(void **state)
{
    (void)state;
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.vsync_us = 16667;
    fl_loop *loop = test_loop_new_opts(&opt);
    fl_set_timeout(loop, register_late, NULL, FL_MS(1));
    run_idle(loop);
    assert_string_equal(rec_str(), "late@16.667");
    test_loop_free_drained(loop);
}

static void test_raf_misuse_and_node_profile(void **state)
{
    (void)state;
    assert_int_equal(fl_request_animation_frame(NULL, raf_rec, NULL), FL_EINVAL);
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_request_animation_frame(loop, NULL, NULL), FL_EINVAL);
    assert_int_equal(fl_cancel_animation_frame(loop, 12345), FL_ENOENT);
    test_loop_free_drained(loop);

    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.profile = FL_PROFILE_NODE;
    loop = test_loop_new_opts(&opt);
    assert_int_equal(fl_request_animation_frame(loop, raf_rec, NULL), FL_ENOTSUP);
    assert_int_equal(fl_cancel_animation_frame(loop, 1), FL_ENOTSUP);
    test_loop_free_drained(loop);
}

/* A loop freed with a callback pending frees it (ASan checks the leak). */
static void test_raf_free_with_pending_callback(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_true(fl_request_animation_frame(loop, raf_rec, "never") > 0);
    assert_int_equal(fl_loop_free(loop), 0);
    g_loop = NULL;
    assert_string_equal(rec_str(), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_raf_snapshot_cancel_and_microtasks),   TEST(test_raf_runs_at_the_next_tick),
        TEST(test_raf_after_long_task_uses_latest_tick), TEST(test_raf_vsync_period_option),
        TEST(test_raf_misuse_and_node_profile),          TEST(test_raf_free_with_pending_callback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
