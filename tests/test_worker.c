/**
 * @file test_worker.c
 * Dedicated workers: postMessage both ways, the virtual-time rule (a busy
 * worker neither stops the page's clock nor lets it run past its message),
 * no document in a worker, terminate, misuse, and 4 workers x 100,000
 * messages each way delivered once and in order per channel.
 */
#include "test_util.h"

#include <inttypes.h>
#include <stdlib.h>

#include "frameloop/worker.h"

/* ---- Ping-pong ------------------------------------------------------------------- */

typedef struct pingpong {
    fl_worker *worker;
    int left;    /* round trips still to make */
    int64_t end; /* the page's time at the last pong */
} pingpong;

/* Worker-side callbacks run on the worker's thread: no cmocka asserts there
 * (they jump back into the test's frame); a failure shows in the page's counts. */
static void echo(fl_loop *loop, const void *data, size_t len, void *arg)
{
    (void)arg;
    fl_self_post_message(loop, data, len);
}

static void echo_main(fl_loop *loop, void *arg)
{
    (void)arg;
    assert_int_equal(fl_self_set_onmessage(loop, echo, NULL), 0);
}

static void on_pong(fl_loop *loop, const void *data, size_t len, void *arg)
{
    pingpong *pp = arg;
    assert_int_equal(len, sizeof(int));
    int n;
    memcpy(&n, data, sizeof(n));
    assert_int_equal(n, pp->left);
    if (--pp->left == 0) {
        pp->end = fl_now(loop);
        return;
    }
    assert_int_equal(fl_worker_post_message(pp->worker, &pp->left, sizeof(pp->left)), 0);
}

/* Each hop costs 1 us of virtual time: 1,000 round trips end at 2,000 us. */
static void test_worker_ping_pong_virtual(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    pingpong pp = {fl_worker_new(loop, echo_main, NULL), 1000, -1};
    assert_non_null(pp.worker);
    assert_int_equal(fl_worker_set_onmessage(pp.worker, on_pong, &pp), 0);
    assert_int_equal(fl_worker_post_message(pp.worker, &pp.left, sizeof(pp.left)), 0);
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    assert_int_equal(pp.left, 0);
    assert_int_equal(pp.end, 2000);
    assert_int_equal(fl_worker_free(pp.worker), 0);
    assert_int_equal(fl_loop_free(loop), 0);
}

/* ---- The virtual-time rule ------------------------------------------------------- */

static void busy_then_post(fl_loop *loop, const void *data, size_t len, void *arg)
{
    (void)data;
    (void)len;
    (void)arg;
    fl_work(loop, FL_MS(100));
    int64_t t = fl_now(loop);
    fl_self_post_message(loop, &t, sizeof(t));
}

static void busy_main(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_self_set_onmessage(loop, busy_then_post, NULL);
}

static void on_done(fl_loop *loop, const void *data, size_t len, void *arg)
{
    (void)arg;
    int64_t sent;
    assert_int_equal(len, sizeof(sent));
    memcpy(&sent, data, sizeof(sent));
    rec_add("sent@%" PRId64 " done@%" PRId64, sent, fl_now(loop));
}

/* The worker works 100 ms, then posts: the page's 50 ms timer still fires at
 * 50 ms, the message lands 1 us after it was sent, every run. */
static void test_worker_busy_worker_bounds_page_clock(void **state)
{
    (void)state;
    for (int run = 0; run < 20; run++) {
        fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
        fl_worker *w = fl_worker_new(loop, busy_main, NULL);
        assert_non_null(w);
        fl_worker_set_onmessage(w, on_done, NULL);
        fl_set_timeout(loop, rec_task_at, TOK("timer"), FL_MS(50));
        fl_set_timeout(loop, rec_task_at, TOK("late"), FL_MS(150));
        assert_int_equal(fl_worker_post_message(w, "go", 2), 0);
        assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
        assert_string_equal(rec_str(), "timer@50000 sent@100001 done@100002 late@150000");
        fl_worker_free(w);
        assert_int_equal(fl_loop_free(loop), 0);
    }
}

/* A worker's own timers keep the page's run going until their messages are in. */
static void post_from_timer(fl_loop *loop, void *arg)
{
    (void)arg;
    int64_t t = fl_now(loop);
    fl_self_post_message(loop, &t, sizeof(t));
}

static void timer_main(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_set_timeout(loop, post_from_timer, NULL, FL_MS(30));
    fl_set_timeout(loop, post_from_timer, NULL, FL_MS(70));
}

static void test_worker_timers_keep_page_running(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_work(loop, FL_MS(5)); /* the worker's clock starts at the page's */
    fl_worker *w = fl_worker_new(loop, timer_main, NULL);
    fl_worker_set_onmessage(w, on_done, NULL);
    fl_set_timeout(loop, rec_task_at, TOK("page"), FL_MS(50));
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    assert_string_equal(rec_str(), "sent@35000 done@35001 page@55000 sent@75000 done@75001");
    assert_int_equal(fl_now(loop), 75001);
    fl_worker_free(w);
    fl_loop_free(loop);
}

/* ---- No document, terminate, misuse ---------------------------------------------- */

static void never_called(fl_loop *loop, double timestamp_ms, void *arg)
{
    (void)loop;
    (void)timestamp_ms;
    (void)arg;
}

static void report_agent(fl_loop *loop, void *arg)
{
    (void)arg;
    int codes[3] = {fl_document_of(loop) == NULL,
                    (int)fl_request_animation_frame(loop, never_called, NULL),
                    fl_render_set_viewport(loop, 10, 10)};
    fl_self_post_message(loop, codes, sizeof(codes));
}

static void on_codes(fl_loop *loop, const void *data, size_t len, void *arg)
{
    (void)loop;
    (void)arg;
    int codes[3];
    assert_int_equal(len, sizeof(codes));
    memcpy(codes, data, sizeof(codes));
    rec_add("nodoc=%d %s %s", codes[0], fl_err_name(codes[1]), fl_err_name(codes[2]));
}

static void test_worker_has_no_document(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_worker *w = fl_worker_new(loop, report_agent, NULL);
    fl_worker_set_onmessage(w, on_codes, NULL);
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    assert_string_equal(rec_str(), "nodoc=1 FL_ENOTSUP FL_ENOTSUP");
    assert_non_null(fl_document_of(loop)); /* the window keeps its own */
    fl_worker_free(w);
    fl_loop_free(loop);
}

static void test_worker_terminate_refuses_posts(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_worker *w = fl_worker_new(loop, echo_main, NULL);
    fl_worker_set_onmessage(w, on_codes, NULL);
    assert_int_equal(fl_worker_post_message(w, "x", 1), 0);
    assert_int_equal(fl_worker_terminate(w), 0);
    assert_int_equal(fl_worker_post_message(w, "y", 1), FL_ECLOSED);
    assert_string_equal(fl_strerror(FL_ECLOSED),
                        "closed: the worker was terminated, its message channel is closed");
    /* Its echo, if it got that far, is dropped: onmessage never runs. */
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    assert_string_equal(rec_str(), "");
    assert_int_equal(fl_worker_free(w), 0);
    assert_int_equal(fl_loop_free(loop), 0);
}

static void test_worker_misuse(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_null(fl_worker_new(NULL, echo_main, NULL));
    assert_null(fl_worker_new(loop, NULL, NULL));
    assert_int_equal(fl_self_post_message(loop, "x", 1), FL_ENOTSUP);
    assert_int_equal(fl_self_set_onmessage(loop, echo, NULL), FL_ENOTSUP);
    assert_int_equal(fl_self_post_message(NULL, "x", 1), FL_EINVAL);
    assert_int_equal(fl_worker_post_message(NULL, "x", 1), FL_EINVAL);
    assert_int_equal(fl_worker_set_onmessage(NULL, echo, NULL), FL_EINVAL);
    assert_int_equal(fl_worker_terminate(NULL), FL_EINVAL);
    assert_int_equal(fl_worker_free(NULL), 0);
    fl_worker *w = fl_worker_new(loop, echo_main, NULL);
    assert_int_equal(fl_worker_post_message(w, NULL, 1), FL_EINVAL);
    fl_worker_free(w);
    fl_loop_free(loop);

    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.profile = FL_PROFILE_NODE;
    fl_loop *node = test_loop_new_opts(&opt);
    assert_null(fl_worker_new(node, echo_main, NULL));
    fl_loop_free(node);
}

/* Freeing the page frees the workers still running, with their queued messages. */
static void test_worker_loop_free_frees_workers(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    for (int i = 0; i < 3; i++) {
        fl_worker *w = fl_worker_new(loop, echo_main, NULL);
        assert_non_null(w);
        assert_int_equal(fl_worker_post_message(w, "x", 1), 0);
    }
    fl_loop_free(loop);
}

/* ---- 4 workers x 100,000 messages each way --------------------------------------- */

#define STRESS_WORKERS  4
#define STRESS_MESSAGES 100000

typedef struct stream {
    uint32_t expect; /* the next sequence number due on this channel */
    int errors;
} stream;

/* The worker checks the page's order and answers each message with its own. */
static void count_and_answer(fl_loop *loop, const void *data, size_t len, void *arg)
{
    stream *in = arg;
    uint32_t seq;
    if (len != sizeof(seq))
        in->errors++;
    memcpy(&seq, data, sizeof(seq));
    if (seq != in->expect++)
        in->errors++;
    if (fl_self_post_message(loop, &seq, sizeof(seq)) != 0)
        in->errors++;
}

static void stress_main(fl_loop *loop, void *arg)
{
    fl_self_set_onmessage(loop, count_and_answer, arg);
}

static void count_reply(fl_loop *loop, const void *data, size_t len, void *arg)
{
    (void)loop;
    stream *in = arg;
    uint32_t seq;
    assert_int_equal(len, sizeof(seq));
    memcpy(&seq, data, sizeof(seq));
    if (seq != in->expect++)
        in->errors++;
}

static void run_stress(fl_clock_kind clock, uint32_t messages)
{
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.clock = clock;
    fl_loop *loop = test_loop_new_opts(&opt);
    fl_worker *w[STRESS_WORKERS];
    stream to_worker[STRESS_WORKERS] = {{0, 0}}, to_page[STRESS_WORKERS] = {{0, 0}};
    for (int i = 0; i < STRESS_WORKERS; i++) {
        w[i] = fl_worker_new(loop, stress_main, &to_worker[i]);
        assert_non_null(w[i]);
        fl_worker_set_onmessage(w[i], count_reply, &to_page[i]);
    }
    /* Interleaved, so every channel is busy at once. */
    for (uint32_t seq = 0; seq < messages; seq++) {
        for (int i = 0; i < STRESS_WORKERS; i++)
            assert_int_equal(fl_worker_post_message(w[i], &seq, sizeof(seq)), 0);
    }
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    for (int i = 0; i < STRESS_WORKERS; i++) {
        assert_int_equal(fl_worker_free(w[i]), 0);
        /* Read after the join: the worker's thread wrote it. */
        assert_int_equal(to_worker[i].errors, 0);
        assert_int_equal(to_worker[i].expect, messages);
        assert_int_equal(to_page[i].errors, 0);
        assert_int_equal(to_page[i].expect, messages);
    }
    assert_int_equal(fl_loop_pending(loop), 0);
    assert_int_equal(fl_loop_free(loop), 0);
}

static void test_worker_stress_real(void **state)
{
    (void)state;
    run_stress(FL_CLOCK_REAL, STRESS_MESSAGES);
}

static void test_worker_stress_virtual(void **state)
{
    (void)state;
    run_stress(FL_CLOCK_VIRTUAL, STRESS_MESSAGES / 10);
}

static int teardown(void **state)
{
    (void)state;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worker_ping_pong_virtual),
        cmocka_unit_test(test_worker_busy_worker_bounds_page_clock),
        cmocka_unit_test(test_worker_timers_keep_page_running),
        cmocka_unit_test(test_worker_has_no_document),
        cmocka_unit_test(test_worker_terminate_refuses_posts),
        cmocka_unit_test(test_worker_misuse),
        cmocka_unit_test(test_worker_loop_free_frees_workers),
        cmocka_unit_test(test_worker_stress_real),
        cmocka_unit_test(test_worker_stress_virtual),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
