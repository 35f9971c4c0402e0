/*
 * Frame and responsiveness metrics: the long-task-jank figures rebuilt
 * directly (a rAF-animated box and a 100 ms task at 500 ms), long tasks and
 * total blocking time at the 50 ms edge, idle slots, a long animation frame's
 * blockingDuration, the sliding-window percentiles, and the JSON text.
 */
#include <stdlib.h>
#include <unistd.h>

#include "frameloop/dom.h"
#include "frameloop/metrics.h"
#include "frameloop/render.h"
#include "test_util.h"

/* A rAF animation: moves the box (damage) and asks again until `until_ms`. */
typedef struct anim {
    fl_node *box;
    double until_ms;
} anim;

static void animate(fl_loop *loop, double timestamp_ms, void *arg)
{
    anim *a = arg;
    char style[96];
    snprintf(style, sizeof(style), "left: %.1fpx; width: 40px; height: 40px; background: #e33",
             timestamp_ms * 0.2);
    fl_element_set_attribute(a->box, "style", style);
    if (timestamp_ms < a->until_ms)
        fl_request_animation_frame(loop, animate, a);
}

static void start_animation(fl_loop *loop, anim *a, double until_ms)
{
    fl_document *doc = fl_document_of(loop);
    a->box = fl_document_create_element(doc, "div");
    a->until_ms = until_ms;
    assert_int_equal(fl_node_append_child(fl_document_body(doc), a->box), 0);
    assert_true(fl_request_animation_frame(loop, animate, a) > 0);
}

/* A task that works for `arg` milliseconds. */
static void work_ms(fl_loop *loop, void *arg)
{
    fl_work(loop, FL_MS((intptr_t)arg));
}

static fl_loop *metrics_loop(int64_t vsync_us)
{
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.vsync_us = vsync_us;
    fl_loop *loop = test_loop_new_opts(&opt);
    assert_int_equal(fl_metrics_enable(loop), 0);
    assert_int_equal(fl_render_set_viewport(loop, 64, 48), 0);
    return loop;
}

static void test_metrics_long_task_jank(void **state)
{
    (void)state;
    fl_loop *loop = metrics_loop(16000);
    anim a;
    start_animation(loop, &a, 1000.0);
    assert_true(fl_set_timeout(loop, work_ms, (void *)(intptr_t)100, FL_MS(500)) > 0);
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, FL_MS(1000)), 0);

    fl_metrics_summary s;
    assert_int_equal(fl_metrics_get_summary(loop, &s), 0);
    assert_int_equal(s.frames_dropped, 5);
    assert_int_equal(s.frames_presented_late, 1);
    assert_int_equal(s.long_tasks, 1);
    assert_true(s.total_blocking_time_ms == 50.0);
    assert_int_equal(s.long_animation_frames, 1);
    assert_int_equal(s.frames_expected, 63); /* ticks 0..992 */
    assert_int_equal(s.frames_presented, 58);
    assert_int_equal(s.tasks_run, 1);
    assert_true(s.longest_frame_ms == 100.0);
    assert_true(s.duration_ms == 1000.0);

    fl_metrics_loaf l;
    assert_int_equal(fl_metrics_loaf_at(loop, 0, &l), 0);
    assert_true(l.start_time_ms == 500.0 && l.duration_ms == 100.0);
    assert_true(l.render_start_ms == 600.0 && l.blocking_duration_ms == 50.0);
    assert_int_equal(l.vsync, 37);
    assert_int_equal(l.ntasks, 1);
    assert_string_equal(l.tasks[0].source, "timer");
    assert_true(l.tasks[0].start_ms == 500.0 && l.tasks[0].duration_ms == 100.0);
    assert_int_equal(fl_metrics_loaf_at(loop, 1, &l), FL_ENOENT);
    test_loop_free(loop);
}

static void test_metrics_long_tasks_and_tbt(void **state)
{
    (void)state;
    static const struct {
        intptr_t ms;
        uint64_t long_tasks;
        double tbt_ms;
    } cases[] = {{49, 0, 0.0}, {50, 0, 0.0}, {51, 1, 1.0}, {120, 1, 70.0}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
        assert_int_equal(fl_metrics_enable(loop), 0);
        fl_set_timeout(loop, work_ms, (void *)cases[i].ms, 0);
        fl_set_timeout(loop, work_ms, (void *)(intptr_t)10, FL_MS(500));
        run_idle(loop);
        fl_metrics_summary s;
        assert_int_equal(fl_metrics_get_summary(loop, &s), 0);
        assert_int_equal(s.tasks_run, 2);
        assert_int_equal(s.long_tasks, cases[i].long_tasks);
        assert_true(s.total_blocking_time_ms == cases[i].tbt_ms);
        assert_int_equal(s.frames_expected, 0); /* nothing rendered */
        test_loop_free(loop);
    }
}

static void request_once(fl_loop *loop, double timestamp_ms, void *arg)
{
    (void)loop, (void)timestamp_ms, (void)arg;
}

static void ask_frame(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_request_animation_frame(loop, request_once, NULL);
}

/* Ticks with nothing to render count nowhere, even inside a long task. */
static void test_metrics_idle_slots_not_counted(void **state)
{
    (void)state;
    fl_loop *loop = metrics_loop(16000);
    fl_request_animation_frame(loop, request_once, NULL);
    fl_set_timeout(loop, ask_frame, NULL, FL_MS(500));
    fl_set_timeout(loop, work_ms, (void *)(intptr_t)100, FL_MS(700));
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, FL_MS(1000)), 0);
    fl_metrics_summary s;
    assert_int_equal(fl_metrics_get_summary(loop, &s), 0);
    assert_int_equal(s.frames_expected, 2); /* ticks 0 and 512 */
    assert_int_equal(s.frames_presented, 2);
    assert_int_equal(s.frames_presented_late + s.frames_dropped, 0);
    assert_int_equal(s.long_tasks, 1);
    assert_int_equal(s.long_animation_frames, 0); /* the long task ends no frame */
    test_loop_free(loop);
}

static void slow_callback(fl_loop *loop, double timestamp_ms, void *arg)
{
    (void)timestamp_ms, (void)arg;
    fl_work(loop, FL_MS(20));
}

static void work_then_ask(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_request_animation_frame(loop, slow_callback, NULL);
    fl_work(loop, FL_MS(70));
}

/* Tasks of 60 and 70 ms, then a 20 ms rendering step: the render time goes to
 * the longest task, (70 + 20 - 50) + (60 - 50) = 50 ms. */
static void test_metrics_loaf_blocking_duration(void **state)
{
    (void)state;
    fl_loop *loop = metrics_loop(16000);
    fl_set_timeout(loop, work_ms, (void *)(intptr_t)60, FL_MS(100));
    fl_set_timeout(loop, work_then_ask, NULL, FL_MS(100));
    run_idle(loop);
    assert_int_equal(fl_metrics_loaf_count(loop), 1);
    fl_metrics_loaf l;
    assert_int_equal(fl_metrics_loaf_at(loop, 0, &l), 0);
    assert_true(l.start_time_ms == 100.0 && l.duration_ms == 150.0);
    assert_true(l.render_start_ms == 230.0 && l.style_and_layout_start_ms == 250.0);
    assert_true(l.blocking_duration_ms == 50.0);
    assert_int_equal(l.ntasks, 2);
    assert_true(l.tasks[0].duration_ms == 60.0 && l.tasks[1].duration_ms == 70.0);
    fl_metrics_summary s;
    assert_int_equal(fl_metrics_get_summary(loop, &s), 0);
    assert_true(s.total_blocking_time_ms == 30.0); /* tasks only: 10 + 20 */
    assert_int_equal(s.frames_expected, 1);        /* tick 224, asked for inside the task */
    assert_int_equal(s.frames_presented_late, 1);
    test_loop_free(loop);
}

/* 100 ms vsync, frames 0..2900, a 300 ms task at 1050: 1100 and 1200 dropped,
 * 1300 late. The 21 windows (ending at 900..2900) are 10 x 0%, 2 x 10%, 9 x 20%. */
static void test_metrics_window_percentiles(void **state)
{
    (void)state;
    fl_loop *loop = metrics_loop(FL_MS(100));
    anim a;
    start_animation(loop, &a, 2850.0);
    fl_set_timeout(loop, work_ms, (void *)(intptr_t)300, FL_MS(1050));
    run_idle(loop);
    fl_metrics_summary s;
    assert_int_equal(fl_metrics_get_summary(loop, &s), 0);
    assert_int_equal(s.frames_expected, 30);
    assert_int_equal(s.frames_dropped, 2);
    assert_int_equal(s.frames_presented_late, 1);
    assert_true(s.percent_dropped_window.max == 20.0);
    assert_true(s.percent_dropped_window.p95 == 20.0);
    assert_true(s.percent_dropped_window.median == 10.0);
    assert_true(s.percent_dropped > 6.666 && s.percent_dropped < 6.667);
    test_loop_free(loop);
}

static void noop(fl_loop *loop, void *arg)
{
    (void)loop, (void)arg;
}

static void tiny_task(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_queue_microtask(loop, noop, NULL);
    fl_request_animation_frame(loop, request_once, NULL);
    fl_work(loop, FL_MS(60));
}

static const char tiny_json[] =
    "{\n"
    "  \"policy\": \"fifo\",\n"
    "  \"seed\": 7,\n"
    "  \"vsync_us\": 16000,\n"
    "  \"duration_ms\": 60.000,\n"
    "  \"frames_expected\": 1,\n"
    "  \"frames_presented\": 1,\n"
    "  \"frames_presented_late\": 1,\n"
    "  \"frames_dropped\": 0,\n"
    "  \"percent_dropped\": 0.000,\n"
    "  \"percent_dropped_window\": {\"max\": 0.000, \"p95\": 0.000, \"median\": 0.000},\n"
    "  \"longest_frame_ms\": 60.000,\n"
    "  \"long_tasks\": 1,\n"
    "  \"total_blocking_time_ms\": 10.000,\n"
    "  \"long_animation_frame_count\": 1,\n"
    "  \"tasks_run\": 1,\n"
    "  \"microtasks_run\": 1,\n"
    "  \"long_animation_frames\": [\n"
    "    {\"startTime\": 0.000, \"duration\": 60.000, \"renderStart\": 60.000, "
    "\"styleAndLayoutStart\": 60.000, \"blockingDuration\": 10.000, \"vsync\": 3, "
    "\"taskCount\": 1, \"tasks\": [\n"
    "        {\"source\": \"posted-message\", \"name\": \"tiny \\\"task\\\"\", "
    "\"startTime\": 0.000, \"duration\": 60.000, \"microtasks\": 1}\n"
    "      ]}\n"
    "  ]\n"
    "}\n";

static void read_all(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    fclose(f);
}

static void test_metrics_json_tiny_run(void **state)
{
    (void)state;
    fl_loop *loop = metrics_loop(16000);
    fl_post_task(loop, FL_SOURCE_POSTED_MESSAGE, tiny_task, NULL, "tiny \"task\"");
    run_idle(loop);
    char path[] = "/tmp/test_metrics_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(fl_metrics_save_summary_json(loop, path, "fifo", 7), 0);
    static char buf[4096];
    read_all(path, buf, sizeof(buf));
    unlink(path);
    assert_string_equal(buf, tiny_json);
    assert_int_equal(fl_metrics_save_summary_json(loop, "/dev/null/x.json", "fifo", 7), FL_EIO);
    test_loop_free(loop);
}

static void test_metrics_misuse(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_metrics_summary s;
    assert_int_equal(fl_metrics_get_summary(loop, &s), FL_ENOENT);
    assert_int_equal(fl_metrics_get_summary(NULL, &s), FL_EINVAL);
    assert_int_equal(fl_metrics_enable(NULL), FL_EINVAL);
    assert_int_equal(fl_metrics_loaf_count(loop), 0);
    assert_int_equal(fl_metrics_write_summary_json(loop, stdout, "fifo", 1), FL_ENOENT);
    assert_int_equal(fl_metrics_enable(loop), 0);
    assert_int_equal(fl_metrics_enable(loop), 0); /* once */
    assert_int_equal(fl_metrics_get_summary(loop, &s), 0);
    assert_int_equal(s.frames_expected + s.tasks_run, 0);
    test_loop_free(loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_metrics_long_task_jank),
        TEST(test_metrics_long_tasks_and_tbt),
        TEST(test_metrics_idle_slots_not_counted),
        TEST(test_metrics_loaf_blocking_duration),
        TEST(test_metrics_window_percentiles),
        TEST(test_metrics_json_tiny_run),
        TEST(test_metrics_misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
