/**
 * @file test_run_modes.c
 * fl_loop_run's modes on the virtual clock, fl_loop_stop, re-entry, fl_work,
 * fl_loop_pending, options and stats, misuse with NULL, and the transcript.
 */
#include "test_util.h"

static void post(fl_loop *loop, fl_task_fn fn, const char *tok)
{
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, fn, (void *)tok, tok), 0);
}

static void set_at(fl_loop *loop, const char *tok, int64_t delay)
{
    assert_true(fl_set_timeout(loop, rec_task_at, (void *)tok, delay) > 0);
}

/* ---- FL_RUN_FOR / FL_RUN_UNTIL ---------------------------------------------------- */

static void test_run_modes_for_leaves_clock_at_end(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, 7000), 0);
    assert_int_equal(fl_now(loop), 7000);
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, 2500), 0);
    assert_int_equal(fl_now(loop), 9500);
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, 0), 0);
    assert_int_equal(fl_now(loop), 9500);
    test_loop_free_drained(loop);
}

static void test_run_modes_for_runs_timer_due_exactly_at_end(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    set_at(loop, "a", FL_MS(5));
    set_at(loop, "b", FL_MS(5) + 1);
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, FL_MS(5)), 0);
    assert_string_equal(rec_str(), "a@5000");
    assert_int_equal(fl_now(loop), 5000);
    assert_int_equal(fl_loop_pending(loop), 1);
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, 1), 0);
    assert_string_equal(rec_str(), "a@5000 b@5001");
    test_loop_free_drained(loop);
}

static void test_run_modes_until_runs_due_timers_and_stops(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    set_at(loop, "a", FL_MS(2));
    set_at(loop, "b", FL_MS(4));
    set_at(loop, "c", FL_MS(6));
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL, FL_MS(4)), 0);
    assert_string_equal(rec_str(), "a@2000 b@4000");
    assert_int_equal(fl_now(loop), FL_MS(4));
    assert_int_equal(fl_loop_pending(loop), 1);
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL, FL_MS(10)), 0);
    assert_string_equal(rec_str(), "a@2000 b@4000 c@6000");
    assert_int_equal(fl_now(loop), FL_MS(10));
    test_loop_free_drained(loop);
}

static void test_run_modes_bad_mode_or_work_is_einval(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_loop_run(NULL, FL_RUN_UNTIL_IDLE, 0), FL_EINVAL);
    assert_int_equal(fl_loop_run(loop, (fl_run_mode)99, 0), FL_EINVAL);
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, -1), FL_EINVAL);
    assert_int_equal(fl_work(NULL, 10), FL_EINVAL);
    assert_int_equal(fl_work(loop, -1), FL_EINVAL);
    assert_int_equal(fl_now(loop), 0);
    assert_int_equal(fl_work(loop, 250), 0);
    assert_int_equal(fl_now(loop), 250);
    test_loop_free_drained(loop);
}

/* ---- FL_RUN_NEXT / FL_RUN_TO_LAST ----------------------------------------------------- */

static void test_run_modes_next_runs_through_next_timer(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    set_at(loop, "b", FL_MS(5));
    set_at(loop, "a", FL_MS(3));
    post(loop, rec_task_at, "task");
    assert_int_equal(fl_loop_run(loop, FL_RUN_NEXT, 0), 0);
    assert_string_equal(rec_str(), "task@0 a@3000");
    assert_int_equal(fl_now(loop), 3000);
    assert_int_equal(fl_loop_pending(loop), 1);
    assert_int_equal(fl_loop_run(loop, FL_RUN_NEXT, 0), 0);
    assert_string_equal(rec_str(), "task@0 a@3000 b@5000");
    assert_int_equal(fl_now(loop), 5000);
    /* Nothing left: returns at once without moving the clock. */
    assert_int_equal(fl_loop_run(loop, FL_RUN_NEXT, 0), 0);
    assert_int_equal(fl_now(loop), 5000);
    test_loop_free_drained(loop);
}

static void set_followers(fl_loop *loop, void *arg)
{
    (void)arg;
    rec_add("a@%lld", (long long)fl_now(loop));
    set_at(loop, "soon", FL_MS(1));  /* due at 3 ms: before the last deadline */
    set_at(loop, "late", FL_MS(10)); /* due at 12 ms: after it */
}

static void test_run_modes_to_last_runs_timers_pending_at_call(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_true(fl_set_timeout(loop, set_followers, NULL, FL_MS(2)) > 0);
    set_at(loop, "b", FL_MS(5));
    assert_int_equal(fl_loop_run(loop, FL_RUN_TO_LAST, 0), 0);
    assert_string_equal(rec_str(), "a@2000 soon@3000 b@5000");
    assert_int_equal(fl_now(loop), FL_MS(5));
    assert_int_equal(fl_loop_pending(loop), 1);
    run_idle(loop);
    assert_string_equal(rec_str(), "a@2000 soon@3000 b@5000 late@12000");
    test_loop_free_drained(loop);
}

/* ---- Timer livelock ------------------------------------------------------------------ */

static int g_ticks;

static void rearm_tick(fl_loop *loop, void *arg)
{
    (void)loop;
    (void)arg;
    g_ticks++;
}

static void chain_forever(fl_loop *loop, void *arg)
{
    g_ticks++;
    assert_true(fl_set_timeout(loop, chain_forever, arg, FL_MS(1)) > 0);
}

static fl_loop *loop_with_timer_limit(uint64_t limit)
{
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.timer_task_limit = limit;
    return test_loop_new_opts(&opt);
}

static void test_run_modes_interval_livelock_names_timer(void **state)
{
    (void)state;
    fl_loop *loop = loop_with_timer_limit(100);
    g_ticks = 0;
    fl_timer_id id = fl_set_interval(loop, rearm_tick, NULL, FL_MS(1));
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), FL_ELIVELOCK);
    assert_in_range(g_ticks, 100, 101);
    assert_non_null(strstr(fl_loop_error(loop), "rearm_tick"));
    assert_true(fl_loop_pending(loop) >= 1);
    /* The count is per run: the next run gets a whole new allowance. */
    int first = g_ticks;
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), FL_ELIVELOCK);
    assert_in_range(g_ticks - first, 100, 101);
    assert_int_equal(fl_clear_timer(loop, id), 0);
    run_idle(loop);
    assert_string_equal(fl_loop_error(loop), "");
    test_loop_free_drained(loop);
}

static void test_run_modes_timeout_chain_livelock_names_timer(void **state)
{
    (void)state;
    fl_loop *loop = loop_with_timer_limit(100);
    g_ticks = 0;
    assert_true(fl_set_timeout(loop, chain_forever, NULL, 0) > 0);
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), FL_ELIVELOCK);
    assert_in_range(g_ticks, 100, 101);
    assert_non_null(strstr(fl_loop_error(loop), "chain_forever"));
    assert_true(test_loop_free(loop) >= 1);
}

static void test_run_modes_exactly_timer_limit_is_fine(void **state)
{
    (void)state;
    fl_loop *loop = loop_with_timer_limit(100);
    g_ticks = 0;
    for (int i = 0; i < 100; i++)
        assert_true(fl_set_timeout(loop, rearm_tick, NULL, FL_MS(i)) > 0);
    run_idle(loop);
    assert_int_equal(g_ticks, 100);
    assert_string_equal(fl_loop_error(loop), "");
    test_loop_free_drained(loop);
}

static void test_run_modes_timer_limit_counts_only_timer_tasks(void **state)
{
    (void)state;
    fl_loop *loop = loop_with_timer_limit(100);
    g_ticks = 0;
    for (int i = 0; i < 150; i++)
        assert_int_equal(fl_post_task(loop, FL_SOURCE_NETWORKING, rearm_tick, NULL, "t"), 0);
    for (int i = 0; i < 50; i++)
        assert_true(fl_set_timeout(loop, rearm_tick, NULL, i) > 0);
    run_idle(loop);
    assert_int_equal(g_ticks, 200);
    test_loop_free_drained(loop);
}

static void test_run_modes_interval_runs_fine_in_bounded_modes(void **state)
{
    (void)state;
    fl_loop *loop = loop_with_timer_limit(5);
    g_ticks = 0;
    /* The limit applies to FL_RUN_UNTIL_IDLE only; 5 ms is above the nesting clamp. */
    fl_timer_id id = fl_set_interval(loop, rearm_tick, NULL, FL_MS(5));
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, FL_MS(50)), 0);
    assert_int_equal(g_ticks, 10);
    assert_string_equal(fl_loop_error(loop), "");
    assert_int_equal(fl_clear_timer(loop, id), 0);
    test_loop_free_drained(loop);
}

/* ---- fl_loop_stop and re-entry ----------------------------------------------------------- */

static void stopper(fl_loop *loop, void *arg)
{
    (void)arg;
    rec_add("stop");
    assert_int_equal(fl_queue_microtask(loop, rec_task, TOK("m")), 0);
    fl_loop_stop(loop);
}

static void test_run_modes_stop_from_task(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    post(loop, rec_task, "a");
    post(loop, stopper, "s");
    post(loop, rec_task, "b");
    post(loop, rec_task, "c");
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    assert_string_equal(rec_str(), "a stop m");
    assert_int_equal(fl_loop_pending(loop), 2);
    run_idle(loop);
    assert_string_equal(rec_str(), "a stop m b c");
    test_loop_free_drained(loop);
}

static void test_run_modes_stop_in_run_for_keeps_clock(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_true(fl_set_timeout(loop, stopper, NULL, FL_MS(3)) > 0);
    set_at(loop, "later", FL_MS(6));
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, FL_MS(10)), 0);
    /* Stopped at 3 ms: the run does not go on to its end time. */
    assert_string_equal(rec_str(), "stop m");
    assert_int_equal(fl_now(loop), FL_MS(3));
    assert_int_equal(fl_loop_pending(loop), 1);
    run_idle(loop);
    assert_string_equal(rec_str(), "stop m later@6000");
    test_loop_free_drained(loop);
}

static void test_run_modes_stop_before_run_returns_at_once(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    post(loop, rec_task, "a");
    fl_loop_stop(loop);
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    assert_string_equal(rec_str(), "");
    assert_int_equal(fl_loop_pending(loop), 1);
    run_idle(loop);
    assert_string_equal(rec_str(), "a");
    test_loop_free_drained(loop);
}

static int g_run_rc, g_free_rc;

static void nested_run(fl_loop *loop, void *arg)
{
    (void)arg;
    g_run_rc = fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0);
    rec_add("nested");
}

static void nested_free(fl_loop *loop, void *arg)
{
    (void)arg;
    g_free_rc = fl_loop_free(loop);
    rec_add("still-here");
}

static void test_run_modes_run_or_free_inside_task_is_ebusy(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    g_run_rc = g_free_rc = 0;
    post(loop, nested_run, "n");
    post(loop, nested_free, "f");
    post(loop, rec_task, "after");
    run_idle(loop);
    assert_int_equal(g_run_rc, FL_EBUSY);
    assert_int_equal(g_free_rc, FL_EBUSY);
    assert_string_equal(rec_str(), "nested still-here after");
    test_loop_free_drained(loop);
}

static void test_run_modes_run_or_free_inside_microtask_is_ebusy(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    g_run_rc = g_free_rc = 0;
    assert_int_equal(fl_queue_microtask(loop, nested_run, NULL), 0);
    assert_int_equal(fl_perform_microtask_checkpoint(loop), 0);
    assert_int_equal(fl_invoke_callback(loop, nested_free, NULL), 0);
    assert_int_equal(g_run_rc, FL_EBUSY);
    assert_int_equal(g_free_rc, FL_EBUSY);
    assert_string_equal(rec_str(), "nested still-here");
    test_loop_free_drained(loop);
}

/* ---- fl_work and pending -------------------------------------------------------------------- */

static void worker(fl_loop *loop, void *arg)
{
    (void)arg;
    rec_add("work@%lld", (long long)fl_now(loop));
    assert_int_equal(fl_work(loop, FL_MS(5)), 0);
    rec_add("done@%lld", (long long)fl_now(loop));
}

static void test_run_modes_work_moves_clock_timers_wait_for_task(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    set_at(loop, "t", FL_MS(2));
    post(loop, worker, "w");
    post(loop, rec_task_at, "b");
    run_idle(loop);
    assert_string_equal(rec_str(), "work@0 done@5000 b@5000 t@5000");
    assert_int_equal(fl_now(loop), FL_MS(5));
    test_loop_free_drained(loop);
}

static void test_run_modes_pending_counts_everything(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_loop_pending(loop), 0);
    post(loop, rec_task, "a");
    fl_task_id b = fl_post_task_ex(loop, FL_SOURCE_NETWORKING, rec_task, TOK("b"), "b", NULL);
    assert_true(b > 0);
    assert_true(fl_set_timeout(loop, rec_task, TOK("t"), FL_MS(1)) > 0);
    assert_true(fl_set_interval(loop, rec_task, TOK("i"), FL_MS(1)) > 0);
    assert_int_equal(fl_queue_microtask(loop, rec_task, TOK("m")), 0);
    assert_int_equal(fl_loop_pending(loop), 5);
    assert_int_equal(fl_cancel_task(loop, b), 0);
    assert_int_equal(fl_loop_pending(loop), 4);
    assert_int_equal(fl_loop_pending(NULL), 0);
    assert_int_equal(test_loop_free(loop), 4);
}

/* ---- NULL and misuse ------------------------------------------------------------------------ */

static void test_run_modes_null_is_harmless(void **state)
{
    (void)state;
    fl_loop_options_init(NULL);
    assert_int_equal(fl_now(NULL), 0);
    assert_int_equal(fl_loop_free(NULL), 0);
    assert_null(fl_loop_options_of(NULL));
    fl_loop_stop(NULL);
    fl_transcript_clear(NULL);
    fl_loop_stats st;
    assert_int_equal(fl_loop_get_stats(NULL, &st), FL_EINVAL);
    assert_int_equal(fl_loop_hold(NULL), FL_EINVAL);
    assert_int_equal(fl_loop_release(NULL), FL_EINVAL);
    int rc = fl_perform_microtask_checkpoint(NULL);
    assert_true(rc == 0 || rc == FL_EINVAL);
    assert_int_equal(fl_log(NULL, "x"), FL_EINVAL);
    assert_int_equal(fl_loop_set_log_sink(NULL, NULL, NULL), FL_EINVAL);
    size_t len = 99;
    assert_string_equal(fl_transcript(NULL, &len), "");
    assert_int_equal(len, 0);
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_loop_get_stats(loop, NULL), FL_EINVAL);
    test_loop_free_drained(loop);
}

static void test_run_modes_options_defaults_and_range(void **state)
{
    (void)state;
    fl_loop_options opt;
    memset(&opt, 0x5a, sizeof(opt));
    fl_loop_options_init(&opt);
    assert_int_equal(opt.clock, FL_CLOCK_VIRTUAL);
    assert_int_equal(opt.policy, FL_POLICY_FIFO);
    assert_int_equal(opt.seed, 1);
    assert_int_equal(opt.vsync_us, 16000);
    assert_int_equal(opt.microtask_limit, 1000000);
    assert_int_equal(opt.timer_task_limit, 100000);
    fl_loop *loop = test_loop_new_opts(NULL);
    const fl_loop_options *got = fl_loop_options_of(loop);
    assert_non_null(got);
    assert_int_equal(got->clock, FL_CLOCK_VIRTUAL);
    assert_int_equal(got->seed, 1);
    assert_int_equal(got->timer_task_limit, 100000);
    test_loop_free_drained(loop);
    opt.vsync_us = 0; /* out of range options give no loop */
    assert_null(fl_loop_new(&opt));
    fl_loop_options_init(&opt);
    opt.clock = (fl_clock_kind)7;
    assert_null(fl_loop_new(&opt));
    fl_loop_options_init(&opt);
    opt.policy = (fl_policy)9;
    assert_null(fl_loop_new(&opt));
}

static void test_run_modes_clock_names_round_trip(void **state)
{
    (void)state;
    fl_clock_kind k = FL_CLOCK_REAL;
    assert_string_equal(fl_clock_name(FL_CLOCK_VIRTUAL), "virtual");
    assert_string_equal(fl_clock_name(FL_CLOCK_REAL), "real");
    assert_string_equal(fl_clock_name((fl_clock_kind)5), "?");
    assert_int_equal(fl_clock_parse("virtual", &k), 0);
    assert_int_equal(k, FL_CLOCK_VIRTUAL);
    assert_int_equal(fl_clock_parse("real", &k), 0);
    assert_int_equal(k, FL_CLOCK_REAL);
    assert_int_equal(fl_clock_parse("wall", &k), FL_EINVAL);
}

/* ---- Transcript ------------------------------------------------------------------------------ */

static void log_result(fl_loop *loop, void *arg)
{
    (void)arg;
    assert_int_equal(fl_log(loop, "result %d,%d", 100, 200), 0);
}

static void test_run_modes_log_line_format(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_log(loop, "start"), 0);
    assert_true(fl_set_timeout(loop, log_result, NULL, FL_MS(3000)) > 0);
    run_idle(loop);
    assert_int_equal(fl_work(loop, 1234), 0);
    assert_int_equal(fl_log(loop, "two\nlines"), 0);
    const char *want = "0.000 start\n3000.000 result 100,200\n3001.234 two\nlines\n";
    size_t len = 0;
    assert_string_equal(fl_transcript(loop, &len), want);
    assert_int_equal(len, strlen(want));
    test_loop_free_drained(loop);
}

static void test_run_modes_transcript_clear(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_log(loop, "a %s", "b"), 0);
    fl_transcript_clear(loop);
    size_t len = 99;
    assert_string_equal(fl_transcript(loop, &len), "");
    assert_int_equal(len, 0);
    assert_int_equal(fl_work(loop, 7), 0);
    assert_int_equal(fl_log(loop, "c"), 0);
    assert_string_equal(fl_transcript(loop, NULL), "0.007 c\n");
    test_loop_free_drained(loop);
}

static void sink(void *arg, const char *line, size_t len)
{
    (void)arg;
    rec_add("[%.*s]", (int)len, line);
}

static void test_run_modes_log_sink_gets_lines(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_loop_set_log_sink(loop, sink, NULL), 0);
    assert_true(fl_set_timeout(loop, log_result, NULL, FL_MS(3000)) > 0);
    run_idle(loop);
    assert_int_equal(fl_log(loop, "x"), 0);
    assert_int_equal(fl_loop_set_log_sink(loop, NULL, NULL), 0);
    assert_int_equal(fl_log(loop, "unseen"), 0);
    assert_string_equal(rec_str(), "[3000.000 result 100,200] [3000.000 x]");
    assert_string_equal(fl_transcript(loop, NULL),
                        "3000.000 result 100,200\n3000.000 x\n3000.000 unseen\n");
    test_loop_free_drained(loop);
}

static void test_run_modes_stats_count_tasks(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_loop_stats st;
    assert_int_equal(fl_loop_get_stats(loop, &st), 0);
    assert_int_equal(st.tasks_run, 0);
    post(loop, rec_task, "a");
    post(loop, stopper, "s"); /* queues one microtask and stops */
    set_at(loop, "t", FL_MS(1));
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    run_idle(loop);
    assert_int_equal(fl_loop_get_stats(loop, &st), 0);
    assert_int_equal(st.tasks_run, 3);
    assert_int_equal(st.timers_fired, 1);
    assert_int_equal(st.microtasks_run, 1);
    assert_true(st.checkpoints >= 3);
    test_loop_free_drained(loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_run_modes_for_leaves_clock_at_end),
        TEST(test_run_modes_for_runs_timer_due_exactly_at_end),
        TEST(test_run_modes_until_runs_due_timers_and_stops),
        TEST(test_run_modes_bad_mode_or_work_is_einval),
        TEST(test_run_modes_next_runs_through_next_timer),
        TEST(test_run_modes_to_last_runs_timers_pending_at_call),
        TEST(test_run_modes_interval_livelock_names_timer),
        TEST(test_run_modes_timeout_chain_livelock_names_timer),
        TEST(test_run_modes_exactly_timer_limit_is_fine),
        TEST(test_run_modes_timer_limit_counts_only_timer_tasks),
        TEST(test_run_modes_interval_runs_fine_in_bounded_modes),
        TEST(test_run_modes_stop_from_task),
        TEST(test_run_modes_stop_in_run_for_keeps_clock),
        TEST(test_run_modes_stop_before_run_returns_at_once),
        TEST(test_run_modes_run_or_free_inside_task_is_ebusy),
        TEST(test_run_modes_run_or_free_inside_microtask_is_ebusy),
        TEST(test_run_modes_work_moves_clock_timers_wait_for_task),
        TEST(test_run_modes_pending_counts_everything),
        TEST(test_run_modes_null_is_harmless),
        TEST(test_run_modes_options_defaults_and_range),
        TEST(test_run_modes_clock_names_round_trip),
        TEST(test_run_modes_log_line_format),
        TEST(test_run_modes_transcript_clear),
        TEST(test_run_modes_log_sink_gets_lines),
        TEST(test_run_modes_stats_count_tasks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
