/*
 * bench_worker: what a worker message and a fetch cost on the real clock,
 * each beside a bare-libevent baseline measured in the same binary:
 *
 *   round trip  a page loop posts to a worker that posts the bytes back, one
 *               message in flight (fl_worker_post_message / fl_self_post_message),
 *               median and p99 in us, vs two threads with their own event bases
 *               ping-ponging one byte over two pipes
 *   fetch       N sequential fl_fetch GETs of a loopback-server path with no
 *               latency, us per request (1e6 / that is requests per second), vs
 *               libevent's evhttp client doing the same GETs on a bare event base
 *
 * Usage: bench_worker [--smoke] [--n N] [--reps R]. Exits 0 unless a call fails.
 */
#include <event2/event.h>
#include <event2/http.h>
#include <pthread.h>
#include <unistd.h>

#include "bench_util.h"
#include "frameloop/net.h"
#include "frameloop/promise.h"
#include "frameloop/worker.h"

#define DEFAULT_N    20000
#define DEFAULT_REPS 5

typedef struct rtt {
    size_t n;
    size_t done;
    double *us; /* one round trip each */
    uint64_t sent_ns;
    fl_worker *worker;
    int fds[4]; /* the baseline's pipes: page->echo [0,1], echo->page [2,3] */
    struct event_base *echo_base;
} rtt;

static void die(const char *what)
{
    fprintf(stderr, "bench_worker: %s failed\n", what);
    exit(1);
}

/* Sorts the samples; returns the median, and the 99th percentile in *p99. */
static double summarize(rtt *r, double *p99)
{
    double median = bu_median(r->us, (int)r->n);
    *p99 = r->us[(r->n * 99) / 100 < r->n ? (r->n * 99) / 100 : r->n - 1];
    return median;
}

/* ---- frameloop: page <-> worker ------------------------------------------ */

static void echo(fl_loop *loop, const void *data, size_t len, void *arg)
{
    (void)arg;
    if (fl_self_post_message(loop, data, len) != 0)
        die("fl_self_post_message");
}

static void echo_main(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_self_set_onmessage(loop, echo, NULL);
}

static void on_echo(fl_loop *loop, const void *data, size_t len, void *arg)
{
    (void)loop;
    (void)data;
    (void)len;
    rtt *r = arg;
    r->us[r->done++] = (double)(bu_now_ns() - r->sent_ns) / 1000.0;
    bu_sink++;
    if (r->done == r->n)
        return;
    r->sent_ns = bu_now_ns();
    if (fl_worker_post_message(r->worker, "p", 1) != 0)
        die("fl_worker_post_message");
}

static void fl_round_trips(rtt *r)
{
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.clock = FL_CLOCK_REAL;
    fl_loop *loop = fl_loop_new(&opt);
    r->worker = loop ? fl_worker_new(loop, echo_main, NULL) : NULL;
    if (!r->worker)
        die("fl_worker_new");
    fl_worker_set_onmessage(r->worker, on_echo, r);
    r->done = 0;
    r->sent_ns = bu_now_ns();
    if (fl_worker_post_message(r->worker, "p", 1) != 0 ||
        fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0) != 0 || r->done != r->n)
        die("the round trips");
    fl_worker_free(r->worker);
    fl_loop_free(loop);
}

/* ---- The baseline: one byte over two pipes, two event bases -------------- */

/* Echoes each byte; 'q' (sent after the last round trip) ends the thread. */
static void pipe_echo(evutil_socket_t fd, short what, void *arg)
{
    (void)what;
    rtt *r = arg;
    char c;
    if (read(fd, &c, 1) != 1)
        die("the echo pipe");
    if (c == 'q')
        event_base_loopbreak(r->echo_base);
    else if (write(r->fds[3], &c, 1) != 1)
        die("the answer pipe");
}

static void *echo_thread(void *arg)
{
    rtt *r = arg;
    struct event *ev = event_new(r->echo_base, r->fds[0], EV_READ | EV_PERSIST, pipe_echo, r);
    event_add(ev, NULL);
    event_base_dispatch(r->echo_base);
    event_free(ev);
    return NULL;
}

static void pipe_back(evutil_socket_t fd, short what, void *arg)
{
    (void)what;
    rtt *r = arg;
    char c;
    if (read(fd, &c, 1) != 1)
        die("the answer pipe");
    r->us[r->done] = (double)(bu_now_ns() - r->sent_ns) / 1000.0;
    bu_sink++;
    if (++r->done == r->n)
        return;
    r->sent_ns = bu_now_ns();
    if (write(r->fds[1], &c, 1) != 1)
        die("the ping pipe");
}

static void pipe_round_trips(rtt *r)
{
    if (pipe(r->fds) != 0 || pipe(r->fds + 2) != 0)
        die("pipe");
    r->done = 0;
    r->echo_base = event_base_new();
    pthread_t t;
    if (pthread_create(&t, NULL, echo_thread, r) != 0)
        die("pthread_create");
    struct event_base *base = event_base_new();
    struct event *ev = event_new(base, r->fds[2], EV_READ | EV_PERSIST, pipe_back, r);
    event_add(ev, NULL);
    r->sent_ns = bu_now_ns();
    if (write(r->fds[1], "p", 1) != 1)
        die("the first ping");
    while (r->done < r->n)
        event_base_loop(base, EVLOOP_ONCE);
    if (write(r->fds[1], "q", 1) != 1)
        die("the last ping");
    pthread_join(t, NULL);
    event_base_free(r->echo_base);
    event_free(ev);
    event_base_free(base);
    for (int i = 0; i < 4; i++)
        close(r->fds[i]);
}

/* ---- Fetch --------------------------------------------------------------- */

typedef struct fetches {
    size_t n;
    size_t done;
    char url[64];
    fl_loop *loop;
    struct event_base *base;
    int port;
} fetches;

static fl_value *next_fetch(fl_loop *loop, fl_value *value, void *arg)
{
    fetches *f = arg;
    if (value && fl_value_int(fl_object_get(value, "status")) != 200)
        die("a fetch's status");
    if (value)
        f->done++;
    if (f->done < f->n && !fl_promise_then(fl_fetch(loop, f->url), next_fetch, NULL, f))
        die("fl_fetch");
    return NULL;
}

static double fl_fetch_rep(void *ctx)
{
    fetches *f = ctx;
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.clock = FL_CLOCK_REAL;
    fl_loop *loop = fl_loop_new(&opt);
    f->done = 0;
    uint64_t t0 = bu_now_ns();
    next_fetch(loop, NULL, f);
    if (fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0) != 0 || f->done != f->n)
        die("the fetches");
    double us = bu_ns_per(t0, f->n) / 1000.0;
    fl_loop_free(loop);
    return us;
}

static void evhttp_get(fetches *f);

static void on_evhttp_done(struct evhttp_request *req, void *arg)
{
    fetches *f = arg;
    if (!req || evhttp_request_get_response_code(req) != 200)
        die("an evhttp GET");
    if (++f->done < f->n)
        evhttp_get(f);
}

static void evhttp_get(fetches *f)
{
    struct evhttp_connection *c = evhttp_connection_base_new(f->base, NULL, "127.0.0.1", f->port);
    struct evhttp_request *req = c ? evhttp_request_new(on_evhttp_done, f) : NULL;
    if (!req)
        die("evhttp_request_new");
    evhttp_add_header(evhttp_request_get_output_headers(req), "Host", "127.0.0.1");
    evhttp_add_header(evhttp_request_get_output_headers(req), "Connection", "close");
    if (evhttp_make_request(c, req, EVHTTP_REQ_GET, "/x") != 0)
        die("evhttp_make_request");
    evhttp_connection_free_on_completion(c);
}

static double evhttp_rep(void *ctx)
{
    fetches *f = ctx;
    f->base = event_base_new();
    f->done = 0;
    uint64_t t0 = bu_now_ns();
    evhttp_get(f);
    while (f->done < f->n)
        event_base_loop(f->base, EVLOOP_ONCE);
    double us = bu_ns_per(t0, f->n) / 1000.0;
    event_base_free(f->base);
    return us;
}

/* ---- Rows ---------------------------------------------------------------- */

static void rtt_rows(size_t n, int reps)
{
    double med[BU_MAX_REPS], p99[BU_MAX_REPS], base_med[BU_MAX_REPS], base_p99[BU_MAX_REPS];
    rtt r = {.n = n, .us = bu_xmalloc(n * sizeof(double))};
    for (int i = 0; i < reps; i++) {
        fl_round_trips(&r);
        med[i] = summarize(&r, &p99[i]);
        pipe_round_trips(&r);
        base_med[i] = summarize(&r, &base_p99[i]);
    }
    free(r.us);
    bu_print_row("worker round trip median vs pipe", "us", bu_median(med, reps),
                 bu_median(base_med, reps), BU_RATIO_AT_MOST, 2.0);
    bu_print_row("worker round trip p99 vs pipe p99", "us", bu_median(p99, reps),
                 bu_median(base_p99, reps), BU_RATIO_AT_MOST, 3.0);
}

static void fetch_rows(size_t n, int reps)
{
    fl_http_server *server = fl_http_server_start();
    if (!server || fl_http_server_route(server, "/x", 200, "ok", 0) != 0)
        die("the loopback server");
    fetches f = {.n = n, .port = fl_http_server_port(server)};
    snprintf(f.url, sizeof(f.url), "http://127.0.0.1:%d/x", f.port);
    double fl = bu_median_of(fl_fetch_rep, &f, reps);
    double ev = bu_median_of(evhttp_rep, &f, reps);
    fl_http_server_stop(server);
    bu_print_row("fetch GET vs bare evhttp client", "us/req", fl, ev, BU_RATIO_AT_MOST, 1.5);
    printf("  (%.0f fetches/s, bare evhttp %.0f requests/s)\n", 1e6 / fl, 1e6 / ev);
}

int main(int argc, char **argv)
{
    bu_opts o;
    if (bu_parse_opts(argc, argv, DEFAULT_N, DEFAULT_REPS, &o) != 0)
        return 2;
    bu_print_header("bench_worker",
                    "real clock; one message or request in flight; fetch: N/10 sequential "
                    "GETs, one connection each",
                    &o);
    rtt_rows(o.n, o.reps);
    fetch_rows(o.n / 10 ? o.n / 10 : 1, o.reps);
    return 0;
}
