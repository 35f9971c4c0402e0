/**
 * @file test_pump.c
 * The libevent pump: fd watches (virtual and real clock), readiness merging,
 * unwatching, cross-thread posts with holds, real-clock timers (order and
 * bounded lateness only) and fl_loop_stop from another thread.
 */
#include "test_util.h"

#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

/* Real-clock cases allow this much lateness: generous for loaded CI machines. */
#define LATE_US 500000

static void write_byte(int fd)
{
    assert_int_equal(write(fd, "x", 1), 1);
}

/* ---- fd watches ------------------------------------------------------------------ */

typedef struct fd_rec {
    int calls;
    int events;
    int fd;
    fl_watch_id watch;
    int release; /* release one hold in the callback */
    int unwatch; /* unwatch in the callback */
    int stop;    /* stop the loop in the callback */
} fd_rec;

static void on_fd(fl_loop *loop, int fd, int events, void *arg)
{
    fd_rec *r = arg;
    r->calls++;
    r->events = events;
    r->fd = fd;
    rec_add("fd@%lld", (long long)fl_now(loop));
    if (events & FL_READABLE) {
        char buf[64];
        (void)!read(fd, buf, sizeof(buf));
    }
    if (r->unwatch)
        fl_unwatch_fd(loop, r->watch);
    if (r->release)
        fl_loop_release(loop);
    if (r->stop)
        fl_loop_stop(loop);
}

static void test_pump_watch_fd_virtual(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    int p[2];
    assert_int_equal(pipe(p), 0);
    fd_rec r = {.release = 1};
    r.watch = fl_watch_fd(loop, p[0], FL_READABLE, on_fd, &r);
    assert_true(r.watch > 0);
    assert_int_equal(fl_loop_hold(loop), 0);
    write_byte(p[1]);
    run_idle(loop);
    assert_int_equal(r.calls, 1);
    assert_int_equal(r.events, FL_READABLE);
    assert_int_equal(r.fd, p[0]);
    fl_loop_stats st;
    assert_int_equal(fl_loop_get_stats(loop, &st), 0);
    assert_int_equal(st.tasks_run, 1);
    assert_int_equal(fl_unwatch_fd(loop, r.watch), 0);
    test_loop_free_drained(loop);
    close(p[0]);
    close(p[1]);
}

/* A thread that writes a byte after a short sleep. */
static void *late_writer(void *arg)
{
    sleep_us(20000);
    (void)!write(*(int *)arg, "x", 1);
    return NULL;
}

static void test_pump_hold_keeps_virtual_clock_for_fd(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    int p[2];
    assert_int_equal(pipe(p), 0);
    fd_rec r = {.release = 1, .unwatch = 1};
    r.watch = fl_watch_fd(loop, p[0], FL_READABLE, on_fd, &r);
    assert_true(fl_set_timeout(loop, rec_task_at, TOK("timer"), FL_MS(1000)) > 0);
    assert_int_equal(fl_loop_hold(loop), 0);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, late_writer, &p[1]), 0);
    run_idle(loop);
    assert_int_equal(pthread_join(t, NULL), 0);
    /* While held the virtual clock may not jump to the timer: the fd comes first. */
    assert_string_equal(rec_str(), "fd@0 timer@1000000");
    test_loop_free_drained(loop);
    close(p[0]);
    close(p[1]);
}

static void test_pump_readiness_merged_into_one_task(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    fd_rec r = {.release = 1, .unwatch = 1};
    r.watch = fl_watch_fd(loop, sv[0], FL_READABLE | FL_WRITABLE, on_fd, &r);
    assert_true(r.watch > 0);
    write_byte(sv[1]);
    assert_int_equal(fl_loop_hold(loop), 0);
    run_idle(loop);
    assert_int_equal(r.calls, 1);
    assert_int_equal(r.events, FL_READABLE | FL_WRITABLE);
    test_loop_free_drained(loop);
    close(sv[0]);
    close(sv[1]);
}

static void slow_task(fl_loop *loop, void *arg)
{
    (void)arg;
    rec_add("task");
    assert_int_equal(fl_work(loop, 2000), 0);
}

/* Level-triggered readiness persists over the slow tasks' turns: still one task. */
static void test_pump_readiness_merged_while_queued_virtual(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    int p[2];
    assert_int_equal(pipe(p), 0);
    fd_rec r = {.release = 1};
    r.watch = fl_watch_fd(loop, p[0], FL_READABLE, on_fd, &r);
    write_byte(p[1]);
    for (int i = 0; i < 4; i++)
        assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, slow_task, NULL, "s"), 0);
    assert_int_equal(fl_loop_hold(loop), 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "task task task task fd@8000");
    assert_int_equal(r.calls, 1);
    assert_int_equal(fl_unwatch_fd(loop, r.watch), 0);
    test_loop_free_drained(loop);
    close(p[0]);
    close(p[1]);
}

static void test_pump_unwatch_stops_callbacks(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new_real();
    int p[2];
    assert_int_equal(pipe(p), 0);
    fd_rec r = {0};
    r.watch = fl_watch_fd(loop, p[0], FL_READABLE, on_fd, &r);
    write_byte(p[1]);
    assert_int_equal(fl_unwatch_fd(loop, r.watch), 0);
    assert_int_equal(fl_unwatch_fd(loop, r.watch), FL_ENOENT);
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, FL_MS(50)), 0);
    assert_int_equal(r.calls, 0);
    test_loop_free_drained(loop);
    close(p[0]);
    close(p[1]);
}

typedef struct unwatch_ctx {
    int wfd;
    fl_watch_id watch;
} unwatch_ctx;

static void unwatch_task(fl_loop *loop, void *arg)
{
    unwatch_ctx *c = arg;
    rec_add("unwatch");
    assert_int_equal(fl_unwatch_fd(loop, c->watch), 0);
}

static void write_then_post_unwatch(fl_loop *loop, void *arg)
{
    unwatch_ctx *c = arg;
    rec_add("write");
    write_byte(c->wfd);
    assert_int_equal(fl_work(loop, 1000), 0);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, unwatch_task, c, "u"), 0);
}

static void test_pump_unwatch_drops_queued_readiness_task(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new_real();
    int p[2];
    assert_int_equal(pipe(p), 0);
    fd_rec r = {0};
    unwatch_ctx c = {.wfd = p[1]};
    c.watch = fl_watch_fd(loop, p[0], FL_READABLE, on_fd, &r);
    assert_int_equal(
        fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, write_then_post_unwatch, &c, "w"), 0);
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, FL_MS(50)), 0);
    assert_string_equal(rec_str(), "write unwatch");
    assert_int_equal(r.calls, 0);
    test_loop_free_drained(loop);
    close(p[0]);
    close(p[1]);
}

static void test_pump_idle_watch_does_not_hold_the_loop(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    int p[2];
    assert_int_equal(pipe(p), 0);
    fd_rec r = {0};
    r.watch = fl_watch_fd(loop, p[0], FL_READABLE, on_fd, &r);
    assert_true(fl_set_timeout(loop, rec_task_at, TOK("t"), FL_MS(7)) > 0);
    run_idle(loop); /* a watch is not a hold: the run ends once the timer ran */
    assert_string_equal(rec_str(), "t@7000");
    assert_int_equal(r.calls, 0);
    assert_int_equal(fl_unwatch_fd(loop, r.watch), 0);
    test_loop_free_drained(loop);
    close(p[0]);
    close(p[1]);
}

static void test_pump_watch_bad_args(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    int p[2];
    assert_int_equal(pipe(p), 0);
    fd_rec r = {0};
    assert_int_equal(fl_watch_fd(loop, -1, FL_READABLE, on_fd, &r), FL_EINVAL);
    assert_int_equal(fl_watch_fd(loop, p[0], 0, on_fd, &r), FL_EINVAL);
    assert_int_equal(fl_watch_fd(loop, p[0], 4, on_fd, &r), FL_EINVAL);
    assert_int_equal(fl_watch_fd(loop, p[0], FL_READABLE, NULL, &r), FL_EINVAL);
    assert_int_equal(fl_watch_fd(NULL, p[0], FL_READABLE, on_fd, &r), FL_EINVAL);
    assert_int_equal(fl_unwatch_fd(loop, 31337), FL_ENOENT);
    test_loop_free_drained(loop);
    close(p[0]);
    close(p[1]);
}

static void test_pump_watch_fd_real_clock_wakes_loop(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new_real();
    int p[2];
    assert_int_equal(pipe(p), 0);
    fd_rec r = {.stop = 1, .unwatch = 1};
    r.watch = fl_watch_fd(loop, p[0], FL_READABLE, on_fd, &r);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, late_writer, &p[1]), 0);
    int64_t start = wall_us();
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, FL_MS(5000)), 0);
    int64_t took = wall_us() - start;
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(r.calls, 1);
    assert_int_equal(r.events, FL_READABLE);
    assert_true(took < 5000000 - LATE_US);
    test_loop_free_drained(loop);
    close(p[0]);
    close(p[1]);
}

/* ---- Cross-thread posts ---------------------------------------------------------------- */

enum { XT_THREADS = 4, XT_PER_THREAD = 100000, XT_TAG = 1000000 };

/* What the loop saw: tasks are tagged thread * XT_TAG + sequence number. */
typedef struct xt_state {
    int64_t next[XT_THREADS];
    int64_t out_of_order;
    int64_t total;
} xt_state;

static xt_state g_xt;

typedef struct xt_poster {
    pthread_t thread;
    fl_loop *loop;
    fl_source source;
    int index;
    int count;
    int release_at_end;
    int failures;
} xt_poster;

static void xt_task(fl_loop *loop, void *arg)
{
    (void)loop;
    intptr_t v = (intptr_t)arg;
    int idx = (int)(v / XT_TAG);
    int64_t seq = v % XT_TAG;
    if (idx < 0 || idx >= XT_THREADS || seq != g_xt.next[idx])
        g_xt.out_of_order++;
    else
        g_xt.next[idx]++;
    g_xt.total++;
}

/* Runs on its own thread: no cmocka asserts here, failures are counted. */
static void *xt_post_all(void *arg)
{
    xt_poster *p = arg;
    for (int i = 0; i < p->count; i++) {
        void *tag = (void *)(intptr_t)((intptr_t)p->index * XT_TAG + i);
        if (fl_post_task_threadsafe(p->loop, p->source, xt_task, tag, "xt") != 0)
            p->failures++;
    }
    if (p->release_at_end && fl_loop_release(p->loop) != 0)
        p->failures++;
    return NULL;
}

static void xt_start(fl_loop *loop, xt_poster *posters, int count, int own_sources)
{
    memset(&g_xt, 0, sizeof(g_xt));
    for (int i = 0; i < XT_THREADS; i++) {
        posters[i] = (xt_poster){.loop = loop, .index = i, .count = count, .release_at_end = 1};
        posters[i].source = FL_SOURCE_POSTED_MESSAGE;
        if (own_sources) {
            char name[16];
            snprintf(name, sizeof(name), "thread%d", i);
            posters[i].source = fl_source_new(loop, name, FL_PRIORITY_NORMAL);
            assert_true(posters[i].source > 0);
        }
        /* Taken before the thread starts, released by the thread's last act. */
        assert_int_equal(fl_loop_hold(loop), 0);
    }
    for (int i = 0; i < XT_THREADS; i++)
        assert_int_equal(pthread_create(&posters[i].thread, NULL, xt_post_all, &posters[i]), 0);
}

static void xt_check(xt_poster *posters, int count)
{
    for (int i = 0; i < XT_THREADS; i++) {
        assert_int_equal(pthread_join(posters[i].thread, NULL), 0);
        assert_int_equal(posters[i].failures, 0);
        assert_int_equal(g_xt.next[i], count);
    }
    assert_int_equal(g_xt.out_of_order, 0);
    assert_int_equal(g_xt.total, (int64_t)XT_THREADS * count);
}

static void test_pump_cross_thread_posts_own_sources(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    xt_poster posters[XT_THREADS];
    xt_start(loop, posters, XT_PER_THREAD, 1);
    run_idle(loop);
    xt_check(posters, XT_PER_THREAD);
    fl_loop_stats st;
    assert_int_equal(fl_loop_get_stats(loop, &st), 0);
    assert_int_equal(st.tasks_run, (uint64_t)XT_THREADS * XT_PER_THREAD);
    test_loop_free_drained(loop);
}

static void test_pump_cross_thread_posts_shared_source_round_robin(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_ROUND_ROBIN);
    xt_poster posters[XT_THREADS];
    xt_start(loop, posters, XT_PER_THREAD, 0);
    run_idle(loop);
    xt_check(posters, XT_PER_THREAD);
    test_loop_free_drained(loop);
}

typedef struct joiner {
    pthread_t thread;
    xt_poster *posters;
    fl_loop *loop;
} joiner;

/* Joins the posters, then releases the loop's single hold. */
static void *join_then_release(void *arg)
{
    joiner *j = arg;
    for (int i = 0; i < XT_THREADS; i++)
        pthread_join(j->posters[i].thread, NULL);
    fl_loop_release(j->loop);
    return NULL;
}

static void test_pump_cross_thread_one_release_after_join_real(void **state)
{
    (void)state;
    enum { N = 20000 };
    fl_loop *loop = test_loop_new_real();
    memset(&g_xt, 0, sizeof(g_xt));
    xt_poster posters[XT_THREADS];
    assert_int_equal(fl_loop_hold(loop), 0);
    for (int i = 0; i < XT_THREADS; i++) {
        posters[i] = (xt_poster){.loop = loop, .index = i, .count = N};
        posters[i].source = FL_SOURCE_POSTED_MESSAGE;
        assert_int_equal(pthread_create(&posters[i].thread, NULL, xt_post_all, &posters[i]), 0);
    }
    joiner j = {.posters = posters, .loop = loop};
    assert_int_equal(pthread_create(&j.thread, NULL, join_then_release, &j), 0);
    run_idle(loop);
    assert_int_equal(pthread_join(j.thread, NULL), 0);
    for (int i = 0; i < XT_THREADS; i++) {
        assert_int_equal(posters[i].failures, 0);
        assert_int_equal(g_xt.next[i], N);
    }
    assert_int_equal(g_xt.out_of_order, 0);
    assert_int_equal(g_xt.total, (int64_t)XT_THREADS * N);
    test_loop_free_drained(loop);
}

static int g_destroyed;

static void count_destroy(void *arg)
{
    (void)arg;
    g_destroyed++;
}

static void test_pump_threadsafe_posts_pending_until_taken_in(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    g_destroyed = 0;
    for (int i = 0; i < 3; i++)
        assert_int_equal(fl_post_task_threadsafe_ex(loop, FL_SOURCE_POSTED_MESSAGE, rec_task,
                                                    TOK("p"), "p", count_destroy),
                         0);
    assert_int_equal(fl_loop_pending(loop), 3);
    assert_int_equal(test_loop_free(loop), 3);
    assert_int_equal(g_destroyed, 3);
    assert_string_equal(rec_str(), "");
}

static void test_pump_threadsafe_posts_run_in_order(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    g_destroyed = 0;
    assert_int_equal(
        fl_post_task_threadsafe(loop, FL_SOURCE_POSTED_MESSAGE, rec_task, TOK("a"), "a"), 0);
    assert_int_equal(fl_post_task_threadsafe_ex(loop, FL_SOURCE_POSTED_MESSAGE, rec_task, TOK("b"),
                                                "b", count_destroy),
                     0);
    run_idle(loop);
    assert_string_equal(rec_str(), "a b");
    assert_int_equal(g_destroyed, 0);
    assert_int_equal(fl_post_task_threadsafe(NULL, FL_SOURCE_TIMER, rec_task, NULL, "x"),
                     FL_EINVAL);
    assert_int_equal(fl_post_task_threadsafe(loop, FL_SOURCE_TIMER, NULL, NULL, "x"), FL_EINVAL);
    test_loop_free_drained(loop);
}

/* ---- Real-clock timers and stop ---------------------------------------------------------- */

typedef struct real_fire {
    int64_t loop_at;
    int64_t wall_at;
} real_fire;

static void note_fire(fl_loop *loop, void *arg)
{
    real_fire *f = arg;
    f->loop_at = fl_now(loop);
    f->wall_at = wall_us();
}

static void test_pump_real_timeout_not_early_and_bounded_late(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new_real();
    real_fire f = {-1, -1};
    int64_t loop_set = fl_now(loop);
    int64_t wall_set = wall_us();
    assert_true(fl_set_timeout(loop, note_fire, &f, FL_MS(20)) > 0);
    run_idle(loop);
    assert_true(f.loop_at - loop_set >= FL_MS(20));
    assert_true(f.loop_at - loop_set < FL_MS(20) + LATE_US);
    assert_true(f.wall_at - wall_set >= FL_MS(20));
    assert_true(f.wall_at - wall_set < FL_MS(20) + LATE_US);
    test_loop_free_drained(loop);
}

static void test_pump_real_timers_keep_order(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new_real();
    assert_true(fl_set_timeout(loop, rec_task, TOK("b"), FL_MS(30)) > 0);
    assert_true(fl_set_timeout(loop, rec_task, TOK("a"), FL_MS(10)) > 0);
    assert_true(fl_set_timeout(loop, rec_task, TOK("a2"), FL_MS(10)) > 0);
    assert_true(fl_set_timeout(loop, rec_task, TOK("z"), 0) > 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "z a a2 b");
    assert_true(fl_now(loop) >= FL_MS(30));
    test_loop_free_drained(loop);
}

static void *stop_later(void *arg)
{
    sleep_us(50000);
    fl_loop_stop(arg);
    return NULL;
}

static void test_pump_stop_from_other_thread_ends_real_run(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new_real();
    pthread_t t;
    int64_t start = wall_us();
    assert_int_equal(pthread_create(&t, NULL, stop_later, loop), 0);
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, FL_MS(10000)), 0);
    int64_t took = wall_us() - start;
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_true(took >= FL_MS(50));
    assert_true(took < FL_MS(50) + LATE_US);
    assert_true(fl_now(loop) < FL_MS(50) + LATE_US);
    test_loop_free_drained(loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_pump_watch_fd_virtual),
        TEST(test_pump_hold_keeps_virtual_clock_for_fd),
        TEST(test_pump_readiness_merged_into_one_task),
        TEST(test_pump_readiness_merged_while_queued_virtual),
        TEST(test_pump_unwatch_stops_callbacks),
        TEST(test_pump_unwatch_drops_queued_readiness_task),
        TEST(test_pump_idle_watch_does_not_hold_the_loop),
        TEST(test_pump_watch_bad_args),
        TEST(test_pump_watch_fd_real_clock_wakes_loop),
        TEST(test_pump_cross_thread_posts_own_sources),
        TEST(test_pump_cross_thread_posts_shared_source_round_robin),
        TEST(test_pump_cross_thread_one_release_after_join_real),
        TEST(test_pump_threadsafe_posts_pending_until_taken_in),
        TEST(test_pump_threadsafe_posts_run_in_order),
        TEST(test_pump_real_timeout_not_early_and_bounded_late),
        TEST(test_pump_real_timers_keep_order),
        TEST(test_pump_stop_from_other_thread_ends_real_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
