/**
 * @file net.h
 * Real I/O as a task source: fetch() over libevent's HTTP client, and a
 * loopback HTTP server to fetch from in scenarios, tests and benchmarks.
 *
 * fl_fetch() sends an HTTP/1.1 GET on the loop's own libevent base and
 * settles its promise in a task on FL_SOURCE_NETWORKING. While a request is
 * in flight the loop holds (fl_loop_hold), so a run until idle waits for it.
 *
 * Virtual clock: latency is virtual. The request tells the server so
 * (`Frameloop-Clock: virtual`), the server answers at once and declares the
 * latency it was configured with (`Frameloop-Latency-Us`), and the promise
 * settles at the loop time the request was sent plus that latency. Until every
 * request in flight has its answer, the loop runs no turn, so where each
 * settlement lands never depends on real timing. Real clock: the server
 * really waits the latency and the promise settles when the answer arrives.
 */
#ifndef FRAMELOOP_NET_H
#define FRAMELOOP_NET_H

#include <stdint.h>

#include "frameloop/loop.h"
#include "frameloop/value.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- fetch --------------------------------------------------------------- */

/** Options for fl_fetch_ex(). Initialise with fl_fetch_options_init(). */
typedef struct fl_fetch_options {
    int64_t timeout_us; /**< reject with a TimeoutError after this long (loop time);
                             0 (default): no timeout */
} fl_fetch_options;

/** Fills `opt` with the defaults. NULL is a no-op. */
void fl_fetch_options_init(fl_fetch_options *opt);

/**
 * fetch(url): GET `url` (`http://host[:port][/path][?query]`).
 *
 * The promise fulfills with an object `{"status":200,"body":"..."}` (any
 * HTTP status, 404 included, as fetch() does; the body is text, cut at a NUL
 * byte) and rejects with a TypeError `fetch failed: <reason> (<url>)` when no
 * answer comes (connection refused, connection closed, an invalid URL) or a
 * TimeoutError `fetch timed out after <ms> ms (<url>)`.
 *
 * @return the promise (valid as fl_promise_new's), or NULL for a NULL loop or
 *         url, a node-profile loop, or when out of memory.
 */
fl_promise *fl_fetch(fl_loop *loop, const char *url);

/** fl_fetch() with options (NULL: the defaults). */
fl_promise *fl_fetch_ex(fl_loop *loop, const char *url, const fl_fetch_options *opt);

/* ---- A loopback HTTP server ---------------------------------------------- */

typedef struct fl_http_server fl_http_server;

/**
 * Starts an HTTP server (libevent's evhttp) on 127.0.0.1, on an ephemeral
 * port, on a thread of its own. It answers GETs by path from its routes and
 * every other path with 404 `not found`.
 *
 * @return the server, or NULL when it cannot bind or start (or out of memory).
 */
fl_http_server *fl_http_server_start(void);

/** The port the server listens on; 0 for NULL. */
int fl_http_server_port(const fl_http_server *server);

/**
 * Sets what `path` answers: `status` with `body`, `latency_us` after the
 * request (waited for real unless the request says its clock is virtual,
 * declared either way). Replaces an earlier route for the path. Thread-safe.
 *
 * @return 0, FL_EINVAL (NULL, a path not starting with '/', status outside
 *         100..599, negative latency), FL_ENOMEM.
 */
int fl_http_server_route(fl_http_server *server, const char *path, int status, const char *body,
                         int64_t latency_us);

/** Requests answered so far. Thread-safe. */
uint64_t fl_http_server_requests(const fl_http_server *server);

/** Stops the server, waits for its thread and frees it. NULL is a no-op. */
void fl_http_server_stop(fl_http_server *server);

#ifdef __cplusplus
}
#endif

#endif /* FRAMELOOP_NET_H */
