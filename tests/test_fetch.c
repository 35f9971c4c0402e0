/**
 * @file test_fetch.c
 * fetch() against the loopback server: success, 404, a refused connection, a
 * timeout and an invalid URL, each settling at an exact virtual time on the
 * networking source; Promise.all against sequential requests; a loop that
 * works past a settlement time; the real clock (outcomes only); a loop freed
 * with a request in flight.
 */
#include "test_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "frameloop/worker.h"

static fl_http_server *g_server;
static char g_url[128];

/* http://127.0.0.1:<port><path> in a static buffer. */
static const char *url(const char *path)
{
    snprintf(g_url, sizeof(g_url), "http://127.0.0.1:%d%s", fl_http_server_port(g_server), path);
    return g_url;
}

static fl_value *log_settled(fl_loop *loop, fl_value *value, void *arg)
{
    char text[256];
    fl_value_format(value, text, sizeof(text));
    rec_add("%s@%lld:%s", (const char *)arg, (long long)fl_now(loop), text);
    return NULL;
}

static void watch(fl_promise *p, const char *tag)
{
    assert_non_null(p);
    assert_non_null(fl_promise_then(p, log_settled, log_settled, (void *)tag));
}

static void run_drained(fl_loop *loop)
{
    run_idle(loop);
    assert_int_equal(fl_loop_pending(loop), 0);
}

static void test_fetch_ok_and_404(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    watch(fl_fetch(loop, url("/hello")), "hello");
    watch(fl_fetch(loop, url("/missing")), "missing");
    run_drained(loop);
    assert_string_equal(rec_str(), "missing@0:{\"status\":404,\"body\":\"not found\"} "
                                   "hello@100000:{\"status\":200,\"body\":\"hi\"}");
    fl_loop_free(loop);
}

/* A port bound but not listening refuses connections. */
static void test_fetch_refused(void **state)
{
    (void)state;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
    char where[64];
    snprintf(where, sizeof(where), "http://127.0.0.1:%d/x", ntohs(addr.sin_port));

    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_work(loop, FL_MS(7));
    watch(fl_fetch(loop, where), "refused");
    run_drained(loop);
    char expect[160];
    snprintf(expect, sizeof(expect), "refused@7000:TypeError: fetch failed: cannot connect (%s)",
             where);
    assert_string_equal(rec_str(), expect);
    fl_loop_free(loop);
    close(fd);
}

static void test_fetch_timeout(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_fetch_options opt;
    fl_fetch_options_init(&opt);
    assert_int_equal(opt.timeout_us, 0);
    opt.timeout_us = FL_MS(50);
    watch(fl_fetch_ex(loop, url("/slow"), &opt), "slow");
    opt.timeout_us = FL_MS(150);
    watch(fl_fetch_ex(loop, url("/hello"), &opt), "hello");
    run_drained(loop);
    char expect[256];
    snprintf(expect, sizeof(expect),
             "slow@50000:TimeoutError: fetch timed out after 50 ms (http://127.0.0.1:%d/slow) "
             "hello@100000:{\"status\":200,\"body\":\"hi\"}",
             fl_http_server_port(g_server));
    assert_string_equal(rec_str(), expect);
    fl_loop_free(loop);
}

static void test_fetch_invalid_url(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    watch(fl_fetch(loop, "ftp://127.0.0.1/x"), "ftp");
    watch(fl_fetch(loop, "not a url"), "junk");
    run_drained(loop);
    assert_string_equal(rec_str(), "ftp@0:TypeError: fetch failed: invalid URL (ftp://127.0.0.1/x) "
                                   "junk@0:TypeError: fetch failed: invalid URL (not a url)");
    assert_null(fl_fetch(NULL, "http://127.0.0.1/"));
    assert_null(fl_fetch(loop, NULL));
    fl_loop_free(loop);

    fl_loop_options o;
    fl_loop_options_init(&o);
    o.profile = FL_PROFILE_NODE;
    fl_loop *node = test_loop_new_opts(&o);
    assert_null(fl_fetch(node, url("/hello")));
    fl_loop_free(node);
}

/* Three requests at once take the longest latency; one after the other, the sum. */
static fl_value *next_in_chain(fl_loop *loop, fl_value *value, void *arg);

static const char *const chain_paths[] = {"/a", "/b", "/c"};

static fl_value *next_in_chain(fl_loop *loop, fl_value *value, void *arg)
{
    size_t i = (size_t)(uintptr_t)arg;
    if (i > 0)
        rec_add("seq%zu@%lld:%s", i, (long long)fl_now(loop),
                fl_value_str(fl_object_get(value, "body")));
    if (i == 3)
        return NULL;
    fl_promise *p = fl_fetch(loop, url(chain_paths[i]));
    fl_promise_then(p, next_in_chain, NULL, (void *)(uintptr_t)(i + 1));
    return NULL;
}

static void test_fetch_all_vs_sequential(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_value *all = fl_array_new();
    for (int i = 0; i < 3; i++)
        fl_array_push(all, fl_promise_value(fl_fetch(loop, url(chain_paths[i]))));
    watch(fl_promise_all(loop, all), "all");
    run_drained(loop);
    next_in_chain(loop, NULL, (void *)(uintptr_t)0);
    run_drained(loop);
    assert_string_equal(rec_str(),
                        "all@300000:[{\"status\":200,\"body\":\"a\"},{\"status\":200,\"body\":"
                        "\"b\"},{\"status\":200,\"body\":\"c\"}] "
                        "seq1@400000:a seq2@600000:b seq3@900000:c");
    fl_loop_free(loop);
}

/* Work past the settlement time: the settling task waits for the request's
 * answer and lands at the first turn after it, behind what was queued before. */
static void fetch_then_work(fl_loop *loop, void *arg)
{
    (void)arg;
    watch(fl_fetch(loop, url("/hello")), "hello");
    fl_work(loop, FL_MS(250));
    fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, rec_task_at, TOK("dom"), "dom");
}

static void test_fetch_settles_late_after_work(void **state)
{
    (void)state;
    for (int run = 0; run < 10; run++) {
        fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
        fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, fetch_then_work, NULL, "script");
        run_drained(loop);
        assert_string_equal(rec_str(), "dom@250000 hello@250000:{\"status\":200,\"body\":\"hi\"}");
        fl_loop_free(loop);
    }
}

/* A worker's fetch: the worker's clock waits for its answer, the page's
 * clock for the worker's message, and the page's own timer still runs first. */
static char g_worker_url[128];

static fl_value *post_settle_time(fl_loop *loop, fl_value *value, void *arg)
{
    (void)arg;
    int64_t at[2] = {fl_now(loop), fl_value_int(fl_object_get(value, "status"))};
    fl_self_post_message(loop, at, sizeof(at));
    return NULL;
}

static void fetching_worker(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_promise_then(fl_fetch(loop, g_worker_url), post_settle_time, NULL, NULL);
}

static void on_worker_fetch(fl_loop *loop, const void *data, size_t len, void *arg)
{
    (void)arg;
    int64_t at[2];
    assert_int_equal(len, sizeof(at));
    memcpy(at, data, sizeof(at));
    rec_add("worker-fetch@%lld:%lld got@%lld", (long long)at[0], (long long)at[1],
            (long long)fl_now(loop));
}

static void test_fetch_in_worker(void **state)
{
    (void)state;
    snprintf(g_worker_url, sizeof(g_worker_url), "%s", url("/hello"));
    for (int run = 0; run < 5; run++) {
        fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
        fl_worker *w = fl_worker_new(loop, fetching_worker, NULL);
        fl_worker_set_onmessage(w, on_worker_fetch, NULL);
        fl_set_timeout(loop, rec_task_at, TOK("page"), FL_MS(50));
        run_drained(loop);
        assert_string_equal(rec_str(), "page@50000 worker-fetch@100000:200 got@100001");
        fl_worker_free(w);
        fl_loop_free(loop);
    }
}

/* The real clock: the server really waits; only outcomes are asserted. */
static void test_fetch_real_clock(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new_real();
    fl_fetch_options opt;
    fl_fetch_options_init(&opt);
    opt.timeout_us = FL_MS(20);
    fl_promise *slow = fl_fetch_ex(loop, url("/slow"), &opt);
    fl_promise *fast = fl_fetch(loop, url("/fast"));
    fl_promise_ref(slow);
    fl_promise_ref(fast);
    run_drained(loop);
    char text[256];
    fl_value_format(fl_promise_result(fast), text, sizeof(text));
    assert_string_equal(text, "{\"status\":201,\"body\":\"quick\"}");
    assert_int_equal(fl_promise_state_of(slow), FL_PROMISE_REJECTED);
    assert_string_equal(fl_error_name(fl_promise_result(slow)), "TimeoutError");
    assert_true(fl_now(loop) >= FL_MS(5)); /* /fast's latency was waited for */
    fl_promise_unref(slow);
    fl_promise_unref(fast);
    fl_loop_free(loop);
}

/* Freeing a loop with a request in flight cancels it without a leak. */
static void test_fetch_freed_in_flight(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new_real();
    watch(fl_fetch(loop, url("/slow")), "slow");
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, 1000), 0);
    fl_loop_free(loop);
    assert_string_equal(rec_str(), "");
}

static void test_fetch_server_misuse(void **state)
{
    (void)state;
    assert_int_equal(fl_http_server_route(NULL, "/x", 200, "", 0), FL_EINVAL);
    assert_int_equal(fl_http_server_route(g_server, "x", 200, "", 0), FL_EINVAL);
    assert_int_equal(fl_http_server_route(g_server, "/x", 99, "", 0), FL_EINVAL);
    assert_int_equal(fl_http_server_route(g_server, "/x", 200, "", -1), FL_EINVAL);
    assert_int_equal(fl_http_server_port(NULL), 0);
    assert_int_equal(fl_http_server_requests(NULL), 0);
    assert_true(fl_http_server_requests(g_server) > 0);
    fl_http_server_stop(NULL);
}

static int setup(void **state)
{
    (void)state;
    g_server = fl_http_server_start();
    if (!g_server)
        return -1;
    fl_http_server_route(g_server, "/hello", 200, "hi", FL_MS(100));
    fl_http_server_route(g_server, "/slow", 200, "late", FL_MS(200));
    fl_http_server_route(g_server, "/fast", 201, "old", FL_MS(1));
    fl_http_server_route(g_server, "/fast", 201, "quick", FL_MS(5)); /* replaces */
    fl_http_server_route(g_server, "/a", 200, "a", FL_MS(100));
    fl_http_server_route(g_server, "/b", 200, "b", FL_MS(200));
    fl_http_server_route(g_server, "/c", 200, "c", FL_MS(300));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fl_http_server_stop(g_server);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fetch_ok_and_404),
        cmocka_unit_test(test_fetch_refused),
        cmocka_unit_test(test_fetch_timeout),
        cmocka_unit_test(test_fetch_invalid_url),
        cmocka_unit_test(test_fetch_all_vs_sequential),
        cmocka_unit_test(test_fetch_settles_late_after_work),
        cmocka_unit_test(test_fetch_in_worker),
        cmocka_unit_test(test_fetch_real_clock),
        cmocka_unit_test(test_fetch_freed_in_flight),
        cmocka_unit_test(test_fetch_server_misuse),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
