/**
 * @file test_timers.c
 * Timers: the HTML timer initialization steps as Chromium ships them (no 1 ms
 * minimum for timeouts, 1 ms minimum interval, the nesting clamp), set order for
 * equal deadlines, clearing, and where a due timer takes its place in the
 * global enqueue order.
 */
#include "test_util.h"

/* ---- Delays ---------------------------------------------------------------- */

static void test_timers_zero_delay_fires_at_time_zero(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_true(fl_set_timeout(loop, rec_task_at, TOK("a"), 0) > 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "a@0");
    assert_int_equal(fl_now(loop), 0);
    test_loop_free_drained(loop);
}

static void test_timers_negative_delay_is_zero(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    /* A 1 us timer set first still loses to a negative (= 0) delay set after. */
    assert_true(fl_set_timeout(loop, rec_task_at, TOK("one"), 1) > 0);
    assert_true(fl_set_timeout(loop, rec_task_at, TOK("neg"), -5000) > 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "neg@0 one@1");
    test_loop_free_drained(loop);
}

static void test_timers_no_one_ms_minimum(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    /* The seed's puzzle: setTimeout(log 2, 1); setTimeout(log 1, 0) prints 1 2 in a browser. */
    assert_true(fl_set_timeout(loop, rec_task_at, TOK("2"), FL_MS(1)) > 0);
    assert_true(fl_set_timeout(loop, rec_task_at, TOK("1"), 0) > 0);
    assert_true(fl_set_timeout(loop, rec_task_at, TOK("half"), 500) > 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "1@0 half@500 2@1000");
    test_loop_free_drained(loop);
}

static void test_timers_fire_at_their_deadlines(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_true(fl_set_timeout(loop, rec_task_at, TOK("c"), FL_MS(30)) > 0);
    assert_true(fl_set_timeout(loop, rec_task_at, TOK("a"), FL_MS(3)) > 0);
    assert_true(fl_set_timeout(loop, rec_task_at, TOK("b"), 3001) > 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "a@3000 b@3001 c@30000");
    assert_int_equal(fl_now(loop), 30000);
    test_loop_free_drained(loop);
}

static void test_timers_equal_deadlines_fire_in_set_order(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    static const char *const toks[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
    for (size_t i = 0; i < sizeof(toks) / sizeof(toks[0]); i++) {
        int64_t delay = (i % 2) ? FL_MS(10) : FL_MS(5);
        assert_true(fl_set_timeout(loop, rec_task, TOK(toks[i]), delay) > 0);
    }
    run_idle(loop);
    assert_string_equal(rec_str(), "a c e g b d f h");
    test_loop_free_drained(loop);
}

/* ---- The nesting clamp ------------------------------------------------------ */

typedef struct chain {
    int count;
    int limit;
    int64_t delay;
} chain;

static void chain_link(fl_loop *loop, void *arg)
{
    chain *c = arg;
    c->count++;
    rec_add("%d@%lld", c->count, (long long)fl_now(loop));
    if (c->count < c->limit)
        assert_true(fl_set_timeout(loop, chain_link, c, c->delay) > 0);
}

static void test_timers_nesting_clamp_zero_delay_chain(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    chain c = {.count = 0, .limit = 9, .delay = 0};
    assert_true(fl_set_timeout(loop, chain_link, &c, 0) > 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "1@0 2@0 3@0 4@0 5@0 6@0 7@4000 8@8000 9@12000");
    test_loop_free_drained(loop);
}

static void test_timers_nesting_clamp_one_ms_chain(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    chain c = {.count = 0, .limit = 8, .delay = FL_MS(1)};
    assert_true(fl_set_timeout(loop, chain_link, &c, FL_MS(1)) > 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "1@1000 2@2000 3@3000 4@4000 5@5000 6@6000 7@10000 8@14000");
    test_loop_free_drained(loop);
}

static void test_timers_nesting_clamp_leaves_long_delays_alone(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    chain c = {.count = 0, .limit = 8, .delay = FL_MS(5)};
    assert_true(fl_set_timeout(loop, chain_link, &c, FL_MS(5)) > 0);
    run_idle(loop);
    assert_string_equal(rec_str(),
                        "1@5000 2@10000 3@15000 4@20000 5@25000 6@30000 7@35000 8@40000");
    test_loop_free_drained(loop);
}

/* ---- Intervals -------------------------------------------------------------- */

typedef struct ticker {
    fl_timer_id id;
    int count;
    int stop_at;
    int clear_rc;
} ticker;

static void tick(fl_loop *loop, void *arg)
{
    ticker *t = arg;
    t->count++;
    rec_add("%d@%lld", t->count, (long long)fl_now(loop));
    if (t->count == t->stop_at)
        t->clear_rc = fl_clear_timer(loop, t->id);
}

static void test_timers_interval_zero_is_one_ms_then_clamped(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    ticker t = {.count = 0, .stop_at = 9, .clear_rc = 1};
    t.id = fl_set_interval(loop, tick, &t, 0);
    assert_true(t.id > 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "1@1000 2@2000 3@3000 4@4000 5@5000 6@6000 "
                                   "7@10000 8@14000 9@18000");
    assert_int_equal(t.clear_rc, 0);
    test_loop_free_drained(loop);
}

static void test_timers_interval_negative_is_one_ms(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    ticker t = {.count = 0, .stop_at = 2, .clear_rc = 1};
    t.id = fl_set_interval(loop, tick, &t, -7);
    assert_true(t.id > 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "1@1000 2@2000");
    test_loop_free_drained(loop);
}

static void test_timers_interval_repeats_at_its_period(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    ticker t = {.count = 0, .stop_at = -1, .clear_rc = 1};
    t.id = fl_set_interval(loop, tick, &t, FL_MS(7));
    assert_true(t.id > 0);
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, FL_MS(50)), 0);
    assert_string_equal(rec_str(), "1@7000 2@14000 3@21000 4@28000 5@35000 6@42000 7@49000");
    assert_int_equal(fl_loop_pending(loop), 1);
    assert_int_equal(fl_clear_timer(loop, t.id), 0);
    test_loop_free_drained(loop);
}

static void test_timers_interval_keeps_its_id(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    ticker t = {.count = 0, .stop_at = -1, .clear_rc = 1};
    t.id = fl_set_interval(loop, tick, &t, FL_MS(2));
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, FL_MS(5)), 0);
    assert_string_equal(rec_str(), "1@2000 2@4000");
    /* The id given at set time still names the repeating timer. */
    assert_int_equal(fl_clear_timer(loop, t.id), 0);
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, FL_MS(10)), 0);
    assert_string_equal(rec_str(), "1@2000 2@4000");
    assert_int_equal(fl_clear_timer(loop, t.id), FL_ENOENT);
    test_loop_free_drained(loop);
}

static void test_timers_interval_clears_itself(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    ticker t = {.count = 0, .stop_at = 3, .clear_rc = 1};
    t.id = fl_set_interval(loop, tick, &t, FL_MS(2));
    run_idle(loop);
    assert_string_equal(rec_str(), "1@2000 2@4000 3@6000");
    assert_int_equal(t.clear_rc, 0);
    assert_int_equal(fl_now(loop), 6000);
    assert_int_equal(fl_clear_timer(loop, t.id), FL_ENOENT);
    test_loop_free_drained(loop);
}

/* ---- Clearing ----------------------------------------------------------------- */

typedef struct clearer {
    fl_timer_id victim;
    int64_t work_us;
    int rc;
} clearer;

static void clear_victim(fl_loop *loop, void *arg)
{
    clearer *c = arg;
    rec_add("clearer");
    if (c->work_us > 0)
        assert_int_equal(fl_work(loop, c->work_us), 0);
    c->rc = fl_clear_timer(loop, c->victim);
}

static void test_timers_clear_from_timer_with_equal_deadline(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    clearer c = {.victim = 0, .work_us = 0, .rc = 1};
    assert_true(fl_set_timeout(loop, clear_victim, &c, FL_MS(5)) > 0);
    c.victim = fl_set_timeout(loop, rec_task, TOK("victim"), FL_MS(5));
    assert_true(fl_set_timeout(loop, rec_task, TOK("after"), FL_MS(5)) > 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "clearer after");
    assert_int_equal(c.rc, 0);
    test_loop_free_drained(loop);
}

static void test_timers_clear_from_timer_when_victim_fell_due_during_work(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    clearer c = {.victim = 0, .work_us = FL_MS(10), .rc = 1};
    assert_true(fl_set_timeout(loop, clear_victim, &c, FL_MS(1)) > 0);
    c.victim = fl_set_timeout(loop, rec_task, TOK("victim"), FL_MS(5));
    run_idle(loop);
    assert_string_equal(rec_str(), "clearer");
    assert_int_equal(c.rc, 0);
    assert_int_equal(fl_now(loop), FL_MS(11));
    test_loop_free_drained(loop);
}

static void test_timers_clear_zero_delay_timer_already_queued(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    clearer c = {.victim = 0, .work_us = 0, .rc = 1};
    /* The task is posted first, so it runs while the due timer waits in the queue. */
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, clear_victim, &c, "t"), 0);
    c.victim = fl_set_timeout(loop, rec_task, TOK("victim"), 0);
    assert_int_equal(fl_loop_pending(loop), 2);
    run_idle(loop);
    assert_string_equal(rec_str(), "clearer");
    assert_int_equal(c.rc, 0);
    test_loop_free_drained(loop);
}

static void test_timers_clear_before_run(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_timer_id a = fl_set_timeout(loop, rec_task, TOK("a"), FL_MS(1));
    assert_true(fl_set_timeout(loop, rec_task, TOK("b"), FL_MS(2)) > 0);
    assert_int_equal(fl_loop_pending(loop), 2);
    assert_int_equal(fl_clear_timer(loop, a), 0);
    assert_int_equal(fl_loop_pending(loop), 1);
    run_idle(loop);
    assert_string_equal(rec_str(), "b");
    test_loop_free_drained(loop);
}

static void test_timers_cleared_timer_does_not_move_clock(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_timer_id a = fl_set_timeout(loop, rec_task, TOK("a"), FL_MS(10));
    assert_true(fl_set_timeout(loop, rec_task_at, TOK("b"), FL_MS(2)) > 0);
    assert_int_equal(fl_clear_timer(loop, a), 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "b@2000");
    /* Idle once b has run: nothing may pull the clock on to the cleared deadline. */
    assert_int_equal(fl_now(loop), FL_MS(2));
    test_loop_free_drained(loop);
}

typedef struct beat_ctx {
    fl_timer_id interval;
    int rc;
} beat_ctx;

static void clear_interval_task(fl_loop *loop, void *arg)
{
    beat_ctx *c = arg;
    rec_add("clear@%lld", (long long)fl_now(loop));
    c->rc = fl_clear_timer(loop, c->interval);
}

static void work_then_post_clear(fl_loop *loop, void *arg)
{
    rec_add("work");
    assert_int_equal(fl_work(loop, FL_MS(5)), 0);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, clear_interval_task, arg, "c"),
                     0);
}

static void test_timers_clear_interval_with_beat_queued(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    beat_ctx c = {.interval = 0, .rc = 1};
    c.interval = fl_set_interval(loop, rec_task_at, TOK("beat"), FL_MS(2));
    assert_int_equal(fl_post_task(loop, FL_SOURCE_NETWORKING, work_then_post_clear, &c, "w"), 0);
    run_idle(loop);
    /* The beat due during the work waits behind the clearing task and never runs. */
    assert_string_equal(rec_str(), "work clear@5000");
    assert_int_equal(c.rc, 0);
    assert_int_equal(fl_now(loop), FL_MS(5));
    test_loop_free_drained(loop);
}

static void test_timers_free_counts_pending_timers(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_true(fl_set_timeout(loop, rec_task, TOK("a"), FL_MS(1)) > 0);
    fl_timer_id b = fl_set_timeout(loop, rec_task, TOK("b"), FL_MS(2));
    assert_true(fl_set_interval(loop, rec_task, TOK("i"), FL_MS(3)) > 0);
    assert_true(fl_set_timeout(loop, rec_task, TOK("z"), 0) > 0);
    assert_int_equal(fl_clear_timer(loop, b), 0);
    assert_int_equal(fl_loop_pending(loop), 3);
    assert_int_equal(test_loop_free(loop), 3);
    assert_string_equal(rec_str(), "");
}

static void test_timers_clear_unknown_or_finished_is_enoent(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_clear_timer(loop, 987654), FL_ENOENT);
    fl_timer_id done = fl_set_timeout(loop, rec_task, TOK("done"), 0);
    fl_timer_id twice = fl_set_timeout(loop, rec_task, TOK("twice"), FL_MS(1));
    assert_int_equal(fl_clear_timer(loop, twice), 0);
    assert_int_equal(fl_clear_timer(loop, twice), FL_ENOENT);
    run_idle(loop);
    assert_string_equal(rec_str(), "done");
    assert_int_equal(fl_clear_timer(loop, done), FL_ENOENT);
    test_loop_free_drained(loop);
}

static void test_timers_task_and_timer_ids_do_not_mix(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_timer_id timer = fl_set_timeout(loop, rec_task, TOK("timer"), FL_MS(1));
    fl_task_id task = fl_post_task_ex(loop, FL_SOURCE_TIMER, rec_task, TOK("task"), "t", NULL);
    assert_true(timer > 0 && task > 0);
    assert_int_equal(fl_cancel_task(loop, timer), FL_ENOENT);
    assert_int_equal(fl_clear_timer(loop, task), FL_ENOENT);
    run_idle(loop);
    assert_string_equal(rec_str(), "task timer");
    test_loop_free_drained(loop);
}

static void test_timers_bad_args_are_einval(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_set_timeout_named(NULL, rec_task, NULL, 0, "x"), FL_EINVAL);
    assert_int_equal(fl_set_timeout_named(loop, NULL, NULL, 0, "x"), FL_EINVAL);
    assert_int_equal(fl_set_interval_named(NULL, rec_task, NULL, 0, "x"), FL_EINVAL);
    assert_int_equal(fl_set_interval_named(loop, NULL, NULL, 0, "x"), FL_EINVAL);
    assert_true(fl_clear_timer(NULL, 1) < 0);
    test_loop_free_drained(loop);
}

/* ---- Where a due timer joins the global enqueue order ----------------------- */

static void test_timers_zero_delay_enqueued_at_set_time(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, rec_task, "before", NULL), 0);
    assert_true(fl_set_timeout(loop, rec_task, TOK("timer"), 0) > 0);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_NETWORKING, rec_task, "after", NULL), 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "before timer after");
    test_loop_free_drained(loop);
}

static void post_timer_post(fl_loop *loop, void *arg)
{
    (void)arg;
    rec_add("task");
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, rec_task, "p1", NULL), 0);
    assert_true(fl_set_timeout(loop, rec_task, TOK("t0"), 0) > 0);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_POSTED_MESSAGE, rec_task, "p2", NULL), 0);
}

static void test_timers_zero_delay_from_task_enqueued_at_set_time(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_NETWORKING, post_timer_post, NULL, "t"), 0);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_NETWORKING, rec_task, "older", NULL), 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "task older p1 t0 p2");
    test_loop_free_drained(loop);
}

static void work_then_post(fl_loop *loop, void *arg)
{
    rec_add("work@%lld", (long long)fl_now(loop));
    assert_int_equal(fl_work(loop, (int64_t)(intptr_t)arg), 0);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, rec_task_at, "posted", NULL),
                     0);
}

static void test_timers_positive_delay_enqueued_at_next_turn(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    /* The timer falls due at 1 ms, during the task's work; the task posts at 3 ms.
     * The timer joins the queue only at the start of the next turn, after it. */
    assert_true(fl_set_timeout(loop, rec_task_at, TOK("timer"), FL_MS(1)) > 0);
    assert_int_equal(
        fl_post_task(loop, FL_SOURCE_NETWORKING, work_then_post, (void *)(intptr_t)FL_MS(3), "w"),
        0);
    run_idle(loop);
    assert_string_equal(rec_str(), "work@0 posted@3000 timer@3000");
    test_loop_free_drained(loop);
}

static void test_timers_due_together_enqueue_in_deadline_then_set_order(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_true(fl_set_timeout(loop, rec_task, TOK("late"), FL_MS(4)) > 0);
    assert_true(fl_set_timeout(loop, rec_task, TOK("mid1"), FL_MS(2)) > 0);
    assert_true(fl_set_timeout(loop, rec_task, TOK("early"), FL_MS(1)) > 0);
    assert_true(fl_set_timeout(loop, rec_task, TOK("mid2"), FL_MS(2)) > 0);
    assert_true(fl_set_timeout(loop, rec_task, TOK("future"), FL_MS(9)) > 0);
    assert_int_equal(
        fl_post_task(loop, FL_SOURCE_NETWORKING, work_then_post, (void *)(intptr_t)FL_MS(5), "w"),
        0);
    run_idle(loop);
    assert_string_equal(rec_str(), "work@0 posted@5000 early mid1 mid2 late future");
    assert_int_equal(fl_now(loop), FL_MS(9));
    test_loop_free_drained(loop);
}

static void work_then_zero_timer_then_post(fl_loop *loop, void *arg)
{
    (void)arg;
    rec_add("work");
    assert_int_equal(fl_work(loop, FL_MS(3)), 0);
    assert_true(fl_set_timeout(loop, rec_task, TOK("zero"), 0) > 0);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, rec_task, "posted", NULL), 0);
}

static void test_timers_overdue_timer_waits_for_next_turn_despite_zero_timer(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    /* "one" falls due at 1 ms, inside the task; it joins the queue at the next
     * turn's start, after the zero-delay timer and the task set/posted at 3 ms. */
    assert_true(fl_set_timeout(loop, rec_task, TOK("one"), FL_MS(1)) > 0);
    assert_int_equal(
        fl_post_task(loop, FL_SOURCE_NETWORKING, work_then_zero_timer_then_post, NULL, "w"), 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "work zero posted one");
    test_loop_free_drained(loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_timers_zero_delay_fires_at_time_zero),
        TEST(test_timers_negative_delay_is_zero),
        TEST(test_timers_no_one_ms_minimum),
        TEST(test_timers_fire_at_their_deadlines),
        TEST(test_timers_equal_deadlines_fire_in_set_order),
        TEST(test_timers_nesting_clamp_zero_delay_chain),
        TEST(test_timers_nesting_clamp_one_ms_chain),
        TEST(test_timers_nesting_clamp_leaves_long_delays_alone),
        TEST(test_timers_interval_zero_is_one_ms_then_clamped),
        TEST(test_timers_interval_negative_is_one_ms),
        TEST(test_timers_interval_repeats_at_its_period),
        TEST(test_timers_interval_keeps_its_id),
        TEST(test_timers_interval_clears_itself),
        TEST(test_timers_clear_from_timer_with_equal_deadline),
        TEST(test_timers_clear_from_timer_when_victim_fell_due_during_work),
        TEST(test_timers_clear_zero_delay_timer_already_queued),
        TEST(test_timers_clear_before_run),
        TEST(test_timers_cleared_timer_does_not_move_clock),
        TEST(test_timers_clear_interval_with_beat_queued),
        TEST(test_timers_free_counts_pending_timers),
        TEST(test_timers_clear_unknown_or_finished_is_enoent),
        TEST(test_timers_task_and_timer_ids_do_not_mix),
        TEST(test_timers_bad_args_are_einval),
        TEST(test_timers_zero_delay_enqueued_at_set_time),
        TEST(test_timers_zero_delay_from_task_enqueued_at_set_time),
        TEST(test_timers_positive_delay_enqueued_at_next_turn),
        TEST(test_timers_due_together_enqueue_in_deadline_then_set_order),
        TEST(test_timers_overdue_timer_waits_for_next_turn_despite_zero_timer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
