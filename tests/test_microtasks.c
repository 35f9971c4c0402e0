/**
 * @file test_microtasks.c
 * Microtasks: a checkpoint after every task, microtasks queued during a
 * checkpoint run in it, the seed's ordering puzzle, the livelock limit,
 * fl_invoke_callback's "clean up after running script" and checkpoint
 * re-entrancy.
 */
#include "test_util.h"

static void post(fl_loop *loop, fl_task_fn fn, const char *tok)
{
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, fn, (void *)tok, tok), 0);
}

/* Records its token and queues a microtask that records token + "-m". */
static void task_with_microtask(fl_loop *loop, void *arg)
{
    const char *tok = arg;
    rec_add("%s", tok);
    assert_int_equal(fl_queue_microtask(loop, rec_task, (void *)(tok + strlen(tok) + 1)), 0);
}

static void test_microtasks_checkpoint_after_every_task(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    static const char a[] = "a\0a-m";
    static const char b[] = "b\0b-m";
    post(loop, task_with_microtask, a);
    post(loop, task_with_microtask, b);
    post(loop, rec_task, "c");
    run_idle(loop);
    assert_string_equal(rec_str(), "a a-m b b-m c");
    test_loop_free_drained(loop);
}

static void queue_three(fl_loop *loop, void *arg)
{
    (void)arg;
    rec_add("task");
    assert_int_equal(fl_queue_microtask(loop, rec_task, TOK("m1")), 0);
    assert_int_equal(fl_queue_microtask(loop, rec_task, TOK("m2")), 0);
    assert_int_equal(fl_queue_microtask(loop, rec_task, TOK("m3")), 0);
}

static void test_microtasks_run_in_queue_order(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    post(loop, queue_three, "t");
    post(loop, rec_task, "next");
    run_idle(loop);
    assert_string_equal(rec_str(), "task m1 m2 m3 next");
    test_loop_free_drained(loop);
}

/* A microtask that queues another while there is depth left. */
static void nested_micro(fl_loop *loop, void *arg)
{
    int *depth = arg;
    rec_add("m%d", *depth);
    if (*depth < 4) {
        (*depth)++;
        assert_int_equal(fl_queue_microtask(loop, nested_micro, depth), 0);
    }
}

static void start_nested(fl_loop *loop, void *arg)
{
    rec_add("task");
    assert_int_equal(fl_queue_microtask(loop, nested_micro, arg), 0);
    assert_int_equal(fl_queue_microtask(loop, rec_task, TOK("sibling")), 0);
}

static void test_microtasks_queued_during_checkpoint_run_in_it(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    int depth = 1;
    assert_int_equal(fl_post_task(loop, FL_SOURCE_NETWORKING, start_nested, &depth, "s"), 0);
    post(loop, rec_task, "next");
    run_idle(loop);
    assert_string_equal(rec_str(), "task m1 sibling m2 m3 m4 next");
    test_loop_free_drained(loop);
}

/* ---- The seed's puzzle: 1 3 5 4 2 6 7 ---------------------------------------- */

static void log_token(fl_loop *loop, void *arg)
{
    rec_add("%s", (const char *)arg);
    assert_int_equal(fl_log(loop, "%s", (const char *)arg), 0);
}

static void puzzle_timer2(fl_loop *loop, void *arg)
{
    (void)arg;
    log_token(loop, "6");
    assert_int_equal(fl_queue_microtask(loop, log_token, TOK("7")), 0);
}

static void puzzle_script(fl_loop *loop, void *arg)
{
    (void)arg;
    log_token(loop, "1");
    assert_true(fl_set_timeout(loop, log_token, TOK("2"), 0) > 0);
    log_token(loop, "3"); /* the Promise executor runs synchronously */
    assert_int_equal(fl_queue_microtask(loop, log_token, TOK("4")), 0);
    log_token(loop, "5");
    assert_true(fl_set_timeout(loop, puzzle_timer2, NULL, 0) > 0);
}

static void test_microtasks_seed_puzzle_order(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    post(loop, puzzle_script, "script");
    run_idle(loop);
    assert_string_equal(rec_str(), "1 3 5 4 2 6 7");
    assert_string_equal(fl_transcript(loop, NULL),
                        "0.000 1\n0.000 3\n0.000 5\n0.000 4\n0.000 2\n0.000 6\n0.000 7\n");
    test_loop_free_drained(loop);
}

static void test_microtasks_seed_puzzle_under_every_policy(void **state)
{
    (void)state;
    for (int p = FL_POLICY_FIFO; p <= FL_POLICY_RANDOM; p++) {
        fl_loop *loop = test_loop_new((fl_policy)p);
        post(loop, puzzle_script, "script");
        run_idle(loop);
        assert_string_equal(rec_str(), "1 3 5 4 2 6 7");
        test_loop_free_drained(loop);
    }
}

/* The seed's Node-versus-browser puzzle: each timer's microtask runs before the next timer. */
static void timer_with_microtask(fl_loop *loop, void *arg)
{
    const char *name = arg;
    rec_add("timer%s", name);
    assert_int_equal(fl_queue_microtask(loop, rec_task, (void *)(name + 2)), 0);
}

static void test_microtasks_run_between_timers(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    /* "1\0promise1": the timer prints "timer1"; its microtask prints "promise1". */
    static const char one[] = "1\0promise1";
    static const char two[] = "2\0promise2";
    assert_true(fl_set_timeout(loop, timer_with_microtask, (void *)one, 0) > 0);
    assert_true(fl_set_timeout(loop, timer_with_microtask, (void *)two, 0) > 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "timer1 promise1 timer2 promise2");
    test_loop_free_drained(loop);
}

/* ---- Livelock ------------------------------------------------------------------- */

typedef struct runaway {
    uint64_t runs;
    uint64_t stop_after; /* 0: never stop re-queuing */
} runaway;

static void requeue_forever(fl_loop *loop, void *arg)
{
    runaway *r = arg;
    r->runs++;
    if (r->stop_after == 0 || r->runs < r->stop_after)
        assert_int_equal(fl_queue_microtask(loop, requeue_forever, r), 0);
}

static void start_runaway(fl_loop *loop, void *arg)
{
    assert_int_equal(fl_queue_microtask(loop, requeue_forever, arg), 0);
}

static void test_microtasks_livelock_names_the_microtask(void **state)
{
    (void)state;
    fl_loop *loop = loop_with_microtask_limit(1000);
    runaway r = {0, 0};
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, start_runaway, &r, "s"), 0);
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), FL_ELIVELOCK);
    assert_in_range(r.runs, 1000, 1001);
    assert_non_null(strstr(fl_loop_error(loop), "requeue_forever"));
    assert_non_null(strstr(fl_loop_error(loop), "test_microtasks.c"));
    /* The runaway microtask stays queued. */
    assert_true(fl_loop_pending(loop) >= 1);
    assert_true(test_loop_free(loop) >= 1);
}

static void test_microtasks_livelock_default_limit(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_loop_options_of(loop)->microtask_limit, 1000000);
    runaway r = {0, 0};
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, start_runaway, &r, "s"), 0);
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), FL_ELIVELOCK);
    assert_in_range(r.runs, 1000000, 1000001);
    assert_non_null(strstr(fl_loop_error(loop), "requeue_forever"));
    assert_true(test_loop_free(loop) >= 1);
}

static void test_microtasks_exactly_limit_is_fine(void **state)
{
    (void)state;
    fl_loop *loop = loop_with_microtask_limit(50);
    runaway r = {0, 50};
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, start_runaway, &r, "s"), 0);
    run_idle(loop);
    assert_int_equal(r.runs, 50);
    assert_string_equal(fl_loop_error(loop), "");
    test_loop_free_drained(loop);
}

static void test_microtasks_one_past_limit_is_livelock(void **state)
{
    (void)state;
    fl_loop *loop = loop_with_microtask_limit(50);
    runaway r = {0, 51};
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, start_runaway, &r, "s"), 0);
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), FL_ELIVELOCK);
    assert_non_null(strstr(fl_loop_error(loop), "requeue_forever"));
    test_loop_free(loop);
}

static void test_microtasks_limit_is_per_checkpoint(void **state)
{
    (void)state;
    fl_loop *loop = loop_with_microtask_limit(100);
    runaway a = {0, 60}, b = {0, 60};
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, start_runaway, &a, "a"), 0);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, start_runaway, &b, "b"), 0);
    run_idle(loop);
    assert_int_equal(a.runs + b.runs, 120);
    test_loop_free_drained(loop);
}

static void test_microtasks_error_clears_after_successful_run(void **state)
{
    (void)state;
    fl_loop *loop = loop_with_microtask_limit(100);
    runaway r = {0, 150};
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, start_runaway, &r, "s"), 0);
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), FL_ELIVELOCK);
    assert_true(fl_loop_pending(loop) >= 1);
    /* Fewer than the limit remain, so a direct checkpoint drains them. */
    assert_int_equal(fl_perform_microtask_checkpoint(loop), 0);
    assert_int_equal(r.runs, 150);
    run_idle(loop);
    assert_string_equal(fl_loop_error(loop), "");
    test_loop_free_drained(loop);
}

static void test_microtasks_queued_outside_task_run_by_loop(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_queue_microtask(loop, rec_task, TOK("m")), 0);
    assert_int_equal(fl_loop_pending(loop), 1);
    run_idle(loop);
    assert_string_equal(rec_str(), "m");
    test_loop_free_drained(loop);
}

/* ---- fl_perform_microtask_checkpoint ---------------------------------------------- */

static void test_microtasks_checkpoint_outside_run(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_queue_microtask(loop, rec_task, TOK("m1")), 0);
    assert_int_equal(fl_queue_microtask(loop, rec_task, TOK("m2")), 0);
    assert_int_equal(fl_loop_pending(loop), 2);
    assert_int_equal(fl_perform_microtask_checkpoint(loop), 0);
    assert_string_equal(rec_str(), "m1 m2");
    fl_loop_stats st;
    assert_int_equal(fl_loop_get_stats(loop, &st), 0);
    assert_int_equal(st.microtasks_run, 2);
    assert_true(st.checkpoints >= 1);
    test_loop_free_drained(loop);
}

static void reentrant_micro(fl_loop *loop, void *arg)
{
    (void)arg;
    rec_add("m1<");
    assert_int_equal(fl_perform_microtask_checkpoint(loop), 0);
    rec_add("m1>");
}

static void test_microtasks_checkpoint_reentry_does_nothing(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_queue_microtask(loop, reentrant_micro, NULL), 0);
    assert_int_equal(fl_queue_microtask(loop, rec_task, TOK("m2")), 0);
    assert_int_equal(fl_perform_microtask_checkpoint(loop), 0);
    assert_string_equal(rec_str(), "m1< m1> m2");
    test_loop_free_drained(loop);
}

static void task_queues_reentrant(fl_loop *loop, void *arg)
{
    (void)arg;
    rec_add("task");
    assert_int_equal(fl_queue_microtask(loop, reentrant_micro, NULL), 0);
    assert_int_equal(fl_queue_microtask(loop, rec_task, TOK("m2")), 0);
}

static void test_microtasks_checkpoint_reentry_in_loop_does_nothing(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    post(loop, task_queues_reentrant, "t");
    run_idle(loop);
    assert_string_equal(rec_str(), "task m1< m1> m2");
    test_loop_free_drained(loop);
}

static void test_microtasks_bad_args_are_einval(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_queue_microtask_named(NULL, rec_task, NULL, "x"), FL_EINVAL);
    assert_int_equal(fl_queue_microtask_named(loop, NULL, NULL, "x"), FL_EINVAL);
    assert_int_equal(fl_invoke_callback(NULL, rec_task, NULL), FL_EINVAL);
    assert_int_equal(fl_invoke_callback(loop, NULL, NULL), FL_EINVAL);
    assert_int_equal(fl_loop_pending(loop), 0);
    test_loop_free_drained(loop);
}

/* ---- fl_invoke_callback --------------------------------------------------------- */

static void callback_queues_micro(fl_loop *loop, void *arg)
{
    rec_add("%s", (const char *)arg);
    assert_int_equal(fl_queue_microtask(loop, rec_task, TOK("m")), 0);
}

static void test_microtasks_invoke_callback_checkpoints_at_top_level(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_invoke_callback(loop, callback_queues_micro, TOK("cb")), 0);
    rec_add("after");
    assert_string_equal(rec_str(), "cb m after");
    test_loop_free_drained(loop);
}

static void task_invokes_callback(fl_loop *loop, void *arg)
{
    (void)arg;
    assert_int_equal(fl_invoke_callback(loop, callback_queues_micro, TOK("cb")), 0);
    rec_add("task-end");
}

static void test_microtasks_invoke_callback_inside_task_waits(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    post(loop, task_invokes_callback, "t");
    post(loop, rec_task, "next");
    run_idle(loop);
    assert_string_equal(rec_str(), "cb task-end m next");
    test_loop_free_drained(loop);
}

static void outer_callback(fl_loop *loop, void *arg)
{
    (void)arg;
    assert_int_equal(fl_invoke_callback(loop, callback_queues_micro, TOK("inner")), 0);
    rec_add("outer-end");
}

static void test_microtasks_invoke_callback_nested_waits_for_outer(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_invoke_callback(loop, outer_callback, NULL), 0);
    assert_string_equal(rec_str(), "inner outer-end m");
    test_loop_free_drained(loop);
}

static void test_microtasks_invoke_callback_livelock(void **state)
{
    (void)state;
    fl_loop *loop = loop_with_microtask_limit(100);
    runaway r = {0, 0};
    assert_int_equal(fl_invoke_callback(loop, start_runaway, &r), FL_ELIVELOCK);
    assert_in_range(r.runs, 100, 101);
    assert_true(test_loop_free(loop) >= 1);
}

static void test_microtasks_in_timer_run_before_next_task(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_true(fl_set_timeout(loop, callback_queues_micro, TOK("timer"), FL_MS(2)) > 0);
    assert_true(fl_set_timeout(loop, rec_task, TOK("timer2"), FL_MS(2)) > 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "timer m timer2");
    fl_loop_stats st;
    assert_int_equal(fl_loop_get_stats(loop, &st), 0);
    assert_int_equal(st.microtasks_run, 1);
    assert_true(st.checkpoints >= 2);
    test_loop_free_drained(loop);
}

/* Regression (found by fuzz_loop): a microtask queued outside any task, before
 * the run, ran only after the first task. The caller's code is script whose
 * stack emptied when it called fl_loop_run: its microtasks run first, at 0. */
static void test_microtasks_queued_before_a_run_run_first(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_true(fl_set_timeout(loop, rec_task_at, TOK("timeout"), FL_MS(5)) > 0);
    assert_int_equal(fl_queue_microtask(loop, rec_task_at, TOK("microtask")), 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "microtask@0 timeout@5000");
    test_loop_free_drained(loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_microtasks_checkpoint_after_every_task),
        TEST(test_microtasks_queued_before_a_run_run_first),
        TEST(test_microtasks_run_in_queue_order),
        TEST(test_microtasks_queued_during_checkpoint_run_in_it),
        TEST(test_microtasks_seed_puzzle_order),
        TEST(test_microtasks_seed_puzzle_under_every_policy),
        TEST(test_microtasks_run_between_timers),
        TEST(test_microtasks_livelock_names_the_microtask),
        TEST(test_microtasks_livelock_default_limit),
        TEST(test_microtasks_exactly_limit_is_fine),
        TEST(test_microtasks_one_past_limit_is_livelock),
        TEST(test_microtasks_limit_is_per_checkpoint),
        TEST(test_microtasks_error_clears_after_successful_run),
        TEST(test_microtasks_queued_outside_task_run_by_loop),
        TEST(test_microtasks_checkpoint_outside_run),
        TEST(test_microtasks_checkpoint_reentry_does_nothing),
        TEST(test_microtasks_checkpoint_reentry_in_loop_does_nothing),
        TEST(test_microtasks_bad_args_are_einval),
        TEST(test_microtasks_invoke_callback_checkpoints_at_top_level),
        TEST(test_microtasks_invoke_callback_inside_task_waits),
        TEST(test_microtasks_invoke_callback_nested_waits_for_outer),
        TEST(test_microtasks_invoke_callback_livelock),
        TEST(test_microtasks_in_timer_run_before_next_task),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
