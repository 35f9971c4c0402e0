/*
 * Seed 000's question over the network: Promise.all of three fetches against
 * three sequential awaits. A loopback HTTP server (libevent evhttp, its own
 * thread, an ephemeral port) answers /a, /b and /c after 100, 200 and 300 ms.
 * All at once, the three requests overlap and the answer comes after the
 * slowest (300 ms); one after the other, they add up (600 ms). Latency is
 * virtual with the virtual clock (declared by the server, so the totals are
 * exact); with --clock real the server really waits, and the totals are
 * rounded to 100 ms so they still read the same.
 */
#include <stdio.h>
#include <string.h>

#include "frameloop/async.h"
#include "frameloop/harness.h"
#include "frameloop/net.h"

static const char *const paths[] = {"/a", "/b", "/c"};

typedef struct fetch_locals {
    fl_http_server *server;
    int64_t start;
    char bodies[64]; /* the sequential answers so far */
} fetch_locals;

static fl_promise *get(fl_loop *loop, fl_http_server *server, int i)
{
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", fl_http_server_port(server), paths[i]);
    return fl_fetch(loop, url);
}

/* Elapsed loop time since `start`, rounded to 100 ms. */
static long long rounded_ms(fl_loop *loop, int64_t start)
{
    return (long long)((fl_now(loop) - start + FL_MS(50)) / FL_MS(100) * 100);
}

static void append_body(fetch_locals *l, const fl_value *response)
{
    size_t len = strlen(l->bodies);
    snprintf(l->bodies + len, sizeof(l->bodies) - len, "%s%d %s", len ? ", " : "",
             (int)fl_value_int(fl_object_get(response, "status")),
             fl_value_str(fl_object_get(response, "body")));
}

static void compare(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    fetch_locals *l = fl_async_locals(co);
    FL_ASYNC_BEGIN(co);
    l->server = fl_async_arg(co);
    /* const results = await Promise.all([fetch(a), fetch(b), fetch(c)]); */
    l->start = fl_now(loop);
    FL_AWAIT(co, fl_promise_all(loop, fl_array(3, fl_promise_value(get(loop, l->server, 0)),
                                               fl_promise_value(get(loop, l->server, 1)),
                                               fl_promise_value(get(loop, l->server, 2)))));
    for (size_t i = 0; i < 3; i++)
        append_body(l, fl_array_get(fl_async_value(co), i));
    fl_log(loop, "Promise.all: %s; total %lld ms", l->bodies, rounded_ms(loop, l->start));
    /* results[i] = await fetch(paths[i]), one after the other */
    l->bodies[0] = '\0';
    l->start = fl_now(loop);
    FL_AWAIT(co, get(loop, l->server, 0));
    append_body(l, fl_async_value(co));
    FL_AWAIT(co, get(loop, l->server, 1));
    append_body(l, fl_async_value(co));
    FL_AWAIT(co, get(loop, l->server, 2));
    append_body(l, fl_async_value(co));
    fl_log(loop, "sequential: %s; total %lld ms", l->bodies, rounded_ms(loop, l->start));
    fl_http_server_stop(l->server);
    FL_ASYNC_END(co);
}

static fl_value *report_failure(fl_loop *loop, fl_value *reason, void *arg)
{
    char text[256];
    fl_value_format(reason, text, sizeof(text));
    fl_log(loop, "failed: %s", text);
    fl_http_server_stop(arg);
    return NULL;
}

FL_SCENARIO(fetch_all, "Promise.all of 3 fetches (100/200/300 ms) takes 300 ms, awaits in turn 600")
{
    if (fl_loop_options_of(loop)->profile != FL_PROFILE_BROWSER) {
        fl_log(loop, "fetch needs the browser profile");
        return;
    }
    fl_http_server *server = fl_http_server_start();
    if (!server) {
        fl_log(loop, "cannot start the loopback HTTP server");
        return;
    }
    for (int i = 0; i < 3; i++)
        fl_http_server_route(server, paths[i], 200, paths[i] + 1, FL_MS(100) * (i + 1));
    fl_log(loop, "GET /a, /b, /c: the server answers after 100, 200, 300 ms");
    fl_promise *done = fl_async_call(loop, compare, sizeof(fetch_locals), server);
    fl_promise_catch(done, report_failure, server);
}
