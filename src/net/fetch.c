/*
 * fetch() on libevent's HTTP client, on the loop's own event base: the
 * request's socket events are dispatched by the pump like any fd watch, and
 * the answer settles the promise in a networking task.
 *
 * In virtual time the answer's arrival is not an event of the loop's clock:
 * it only tells what happened at `sent + declared latency`, and the settling
 * task is queued for that time through the loop's time-stamped inbox
 * (worker/sync.c). The loop runs no turn while a request is held, so that
 * inbox is complete before the clock can pass any settlement time.
 */
#include "frameloop/net.h"

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frameloop/promise.h"
#include "worker/sync_internal.h"

/* The real wait for an answer when no timeout applies in real time (the
 * virtual clock's timeouts are checked against the declared latency). */
#define REAL_TIMEOUT_S 30

typedef struct request request;

/* Why no answer came. */
enum failure { ANSWERED, TIMED_OUT, CANNOT_CONNECT, CLOSED, BAD_ANSWER, INVALID_URL };

/* The loop's requests in flight (FL__EXT_NET), cancelled when it is freed. */
typedef struct net_state {
    request *pending;
} net_state;

struct request {
    fl_loop *loop;
    fl_promise *promise; /* a reference, until settled or dropped */
    struct evhttp_connection *conn;
    struct evhttp_connection *failed_conn; /* freed with the request (see on_done) */
    request *prev;
    request *next;
    char *url;
    int64_t sent;       /* loop time the request was made */
    int64_t timeout_us; /* 0: none */
    enum failure failure;
    /* The answer. */
    int status;
    int64_t latency_us;
    char *body;
};

void fl_fetch_options_init(fl_fetch_options *opt)
{
    if (opt)
        opt->timeout_us = 0;
}

static void request_free(request *r)
{
    if (r->failed_conn)
        evhttp_connection_free(r->failed_conn);
    if (r->promise)
        fl_promise_unref(r->promise);
    free(r->url);
    free(r->body);
    free(r);
}

static void request_drop(void *arg)
{
    request_free(arg);
}

static void unlink_pending(request *r)
{
    net_state *ns = fl__loop_ext(r->loop, FL__EXT_NET);
    if (r->prev)
        r->prev->next = r->next;
    else
        ns->pending = r->next;
    if (r->next)
        r->next->prev = r->prev;
    r->prev = r->next = NULL;
}

/* ---- Settling ------------------------------------------------------------ */

/* The loop time the request timed out at, or -1 when it did not. A declared
 * latency past the timeout is a timeout too (virtual time). */
static int64_t timed_out_at(const request *r)
{
    if (r->failure == TIMED_OUT ||
        (r->failure == ANSWERED && r->timeout_us > 0 && r->latency_us > r->timeout_us))
        return r->sent + r->timeout_us;
    return -1;
}

static fl_value *rejection(const request *r)
{
    static const char *const why[] = {
        [CANNOT_CONNECT] = "cannot connect",
        [CLOSED] = "connection closed",
        [BAD_ANSWER] = "invalid response",
        [INVALID_URL] = "invalid URL",
    };
    int timed_out = timed_out_at(r) >= 0;
    fl_value *v = timed_out ? fl_strf("fetch timed out after %lld ms (%s)",
                                      (long long)(r->timeout_us / 1000), r->url)
                            : fl_strf("fetch failed: %s (%s)", why[r->failure], r->url);
    fl_value *e = fl_error_named(timed_out ? "TimeoutError" : "TypeError", fl_value_str(v));
    fl_value_unref(v);
    return e;
}

static void settle(fl_loop *loop, void *arg)
{
    (void)loop;
    request *r = arg;
    if (r->failure != ANSWERED || timed_out_at(r) >= 0) {
        fl_promise_reject(r->promise, rejection(r));
    } else {
        fl_value *res = fl_object_new();
        fl_object_set(res, "status", fl_int(r->status));
        fl_object_set(res, "body", fl_str(r->body));
        fl_promise_resolve(r->promise, res);
    }
    request_free(r);
}

/* When the outcome happened in loop time (virtual clock). */
static int64_t settle_time(const request *r)
{
    int64_t t = timed_out_at(r);
    if (t >= 0)
        return t;
    return r->failure != ANSWERED ? r->sent : r->sent + r->latency_us;
}

/* The answer (or the failure) is in: queue the settling task. */
static void complete(request *r)
{
    fl_loop *loop = r->loop;
    unlink_pending(r);
    r->conn = NULL; /* freed by libevent once this request is done */
    loop->pump.nusers--;
    fl__sync_external(loop, -1);
    int64_t rc;
    if (loop->opt.clock == FL_CLOCK_VIRTUAL)
        rc = fl__sync_post_at(loop, loop, settle_time(r), FL_SOURCE_NETWORKING, settle, r, "fetch",
                              request_drop);
    else
        rc = fl_post_task_ex(loop, FL_SOURCE_NETWORKING, settle, r, "fetch", request_drop);
    if (rc < 0)
        request_free(r);
    fl_loop_release(loop);
}

static void read_answer(request *r, struct evhttp_request *req)
{
    r->status = evhttp_request_get_response_code(req);
    const char *lat =
        evhttp_find_header(evhttp_request_get_input_headers(req), "Frameloop-Latency-Us");
    r->latency_us = lat ? strtoll(lat, NULL, 10) : 0;
    if (r->latency_us < 0)
        r->latency_us = 0;
    struct evbuffer *in = evhttp_request_get_input_buffer(req);
    size_t len = evbuffer_get_length(in);
    r->body = malloc(len + 1);
    if (r->body) {
        evbuffer_remove(in, r->body, len);
        r->body[len] = '\0';
    }
}

static void on_done(struct evhttp_request *req, void *arg)
{
    request *r = arg;
    if (req && evhttp_request_get_response_code(req) != 0)
        read_answer(r, req);
    else if (r->failure == ANSWERED) {
        /* libevent fails a connect with no answer and no error, and frees
         * neither the connection (free_on_completion is not honoured on this
         * path) nor may we here, inside its callback: the request frees it. */
        r->failure = CANNOT_CONNECT;
        r->failed_conn = r->conn;
    }
    complete(r);
}

static void on_error(enum evhttp_request_error error, void *arg)
{
    request *r = arg;
    r->failure = error == EVREQ_HTTP_TIMEOUT ? TIMED_OUT
                 : error == EVREQ_HTTP_EOF   ? CLOSED
                                             : BAD_ANSWER;
}

/* ---- Sending ------------------------------------------------------------- */

static void cancel_pending(fl_loop *loop, void *arg)
{
    net_state *ns = arg;
    while (ns->pending) {
        request *r = ns->pending;
        unlink_pending(r);
        /* Frees its request too, without calling back. */
        evhttp_connection_free(r->conn);
        request_free(r);
    }
    (void)loop;
}

static net_state *net_of(fl_loop *loop)
{
    /* Requests are cancelled before the pump's event base goes: they live on it. */
    return fl__loop_ext_make(loop, FL__EXT_NET, sizeof(net_state), cancel_pending);
}

/* Makes the GET on a new connection. Returns 0 or -1 (the URL or libevent). */
static int send_request(request *r, const struct evhttp_uri *uri)
{
    const char *host = evhttp_uri_get_host(uri);
    const char *scheme = evhttp_uri_get_scheme(uri);
    if (!host || !scheme || strcmp(scheme, "http") != 0)
        return -1;
    int port = evhttp_uri_get_port(uri);
    const char *path = evhttp_uri_get_path(uri);
    const char *query = evhttp_uri_get_query(uri);
    char target[2048];
    int n = snprintf(target, sizeof(target), "%s%s%s", path && *path ? path : "/", query ? "?" : "",
                     query ? query : "");
    if (n < 0 || (size_t)n >= sizeof(target))
        return -1;
    fl_loop *loop = r->loop;
    r->conn = evhttp_connection_base_new(loop->pump.base, NULL, host, port < 0 ? 80 : port);
    struct evhttp_request *req = r->conn ? evhttp_request_new(on_done, r) : NULL;
    if (!req) {
        if (r->conn)
            evhttp_connection_free(r->conn);
        return -1;
    }
    int is_virtual = loop->opt.clock == FL_CLOCK_VIRTUAL;
    int64_t t =
        is_virtual || r->timeout_us <= 0 ? (int64_t)REAL_TIMEOUT_S * 1000000 : r->timeout_us;
    struct timeval tv = {(time_t)(t / 1000000), (suseconds_t)(t % 1000000)};
    evhttp_connection_set_timeout_tv(r->conn, &tv);
    evhttp_connection_set_retries(r->conn, 0);
    evhttp_request_set_error_cb(req, on_error);
    struct evkeyvalq *h = evhttp_request_get_output_headers(req);
    evhttp_add_header(h, "Host", host);
    evhttp_add_header(h, "Connection", "close");
    evhttp_add_header(h, "Frameloop-Clock", is_virtual ? "virtual" : "real");
    /* On failure libevent frees the request; the connection is still ours. */
    if (evhttp_make_request(r->conn, req, EVHTTP_REQ_GET, target) != 0) {
        evhttp_connection_free(r->conn);
        return -1;
    }
    evhttp_connection_free_on_completion(r->conn);
    return 0;
}

static fl_promise *rejected_now(fl_loop *loop, request *r)
{
    r->failure = INVALID_URL;
    fl_promise *p = fl_promise_rejected(loop, rejection(r));
    request_free(r);
    return p;
}

fl_promise *fl_fetch_ex(fl_loop *loop, const char *url, const fl_fetch_options *opt)
{
    if (!loop || !url || loop->opt.profile != FL_PROFILE_BROWSER)
        return NULL;
    net_state *ns = net_of(loop);
    /* Virtual time needs the turn gate of the loop's sync state. */
    if (!ns || (loop->opt.clock == FL_CLOCK_VIRTUAL && !fl__sync_group(loop)))
        return NULL;
    request *r = calloc(1, sizeof(*r));
    if (!r || !(r->url = strdup(url))) {
        free(r);
        return NULL;
    }
    r->loop = loop;
    r->sent = fl__now(loop);
    r->timeout_us = opt && opt->timeout_us > 0 ? opt->timeout_us : 0;
    struct evhttp_uri *uri = evhttp_uri_parse(url);
    int rc = uri ? send_request(r, uri) : -1;
    if (uri)
        evhttp_uri_free(uri);
    if (rc != 0)
        return rejected_now(loop, r);
    fl_promise *p = fl_promise_new(loop);
    if (!p) {
        evhttp_connection_free(r->conn);
        request_free(r);
        return NULL;
    }
    r->promise = fl_promise_ref(p);
    r->next = ns->pending;
    if (r->next)
        r->next->prev = r;
    ns->pending = r;
    loop->pump.nusers++;
    fl__sync_external(loop, 1);
    fl_loop_hold(loop);
    return p;
}

fl_promise *fl_fetch(fl_loop *loop, const char *url)
{
    return fl_fetch_ex(loop, url, NULL);
}
