/*
 * A loopback HTTP server on libevent's evhttp, on its own thread and event
 * base, with a latency per path. A delayed answer waits on an evtimer of the
 * server's base, so one slow path never holds up the others.
 */
#include "frameloop/net.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/loop_internal.h"

typedef struct route {
    char *path;
    char *body;
    int status;
    int64_t latency_us;
    struct route *next;
} route;

/* An answer waiting out its latency. */
typedef struct delayed {
    struct fl_http_server *server;
    struct evhttp_request *req;
    struct event *timer;
    struct delayed *prev;
    struct delayed *next;
    int status;
    char *body;
} delayed;

struct fl_http_server {
    struct event_base *base;
    struct evhttp *http;
    pthread_t thread;
    pthread_mutex_t lock; /* routes */
    route *routes;
    delayed *waiting; /* server thread only */
    atomic_uint_fast64_t requests;
    int port;
};

static void reply(struct evhttp_request *req, int status, const char *body)
{
    struct evbuffer *out = evbuffer_new();
    if (out)
        evbuffer_add(out, body, strlen(body));
    evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", "text/plain");
    evhttp_send_reply(req, status, status == 404 ? "Not Found" : "OK", out);
    if (out)
        evbuffer_free(out);
}

static void delayed_free(delayed *d)
{
    fl_http_server *s = d->server;
    if (d->prev)
        d->prev->next = d->next;
    else
        s->waiting = d->next;
    if (d->next)
        d->next->prev = d->prev;
    event_free(d->timer);
    free(d->body);
    free(d);
}

static void on_latency_over(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    delayed *d = arg;
    reply(d->req, d->status, d->body);
    atomic_fetch_add(&d->server->requests, 1);
    delayed_free(d);
}

/* Answers after `latency_us`; on failure at once. */
static void reply_later(fl_http_server *s, struct evhttp_request *req, int status, char *body,
                        int64_t latency_us)
{
    delayed *d = calloc(1, sizeof(*d));
    if (d)
        d->timer = evtimer_new(s->base, on_latency_over, d);
    struct timeval tv = {(time_t)(latency_us / 1000000), (suseconds_t)(latency_us % 1000000)};
    if (!d || !d->timer || evtimer_add(d->timer, &tv) != 0) {
        if (d && d->timer)
            event_free(d->timer);
        free(d);
        reply(req, status, body);
        atomic_fetch_add(&s->requests, 1);
        free(body);
        return;
    }
    *d = (delayed){s, req, d->timer, NULL, s->waiting, status, body};
    if (d->next)
        d->next->prev = d;
    s->waiting = d;
}

/* Copies the route for `path` (404 when there is none) under the lock. */
static char *lookup(fl_http_server *s, const char *path, int *status, int64_t *latency_us)
{
    *status = 404;
    *latency_us = 0;
    const char *body = "not found";
    pthread_mutex_lock(&s->lock);
    for (route *r = s->routes; r; r = r->next) {
        if (strcmp(r->path, path) == 0) {
            *status = r->status;
            *latency_us = r->latency_us;
            body = r->body;
            break;
        }
    }
    char *copy = strdup(body);
    pthread_mutex_unlock(&s->lock);
    return copy;
}

static void on_request(struct evhttp_request *req, void *arg)
{
    fl_http_server *s = arg;
    const char *path = evhttp_uri_get_path(evhttp_request_get_evhttp_uri(req));
    int status;
    int64_t latency_us;
    char *body = lookup(s, path && *path ? path : "/", &status, &latency_us);
    if (!body) {
        evhttp_send_error(req, 500, "out of memory");
        return;
    }
    char declared[32];
    snprintf(declared, sizeof(declared), "%lld", (long long)latency_us);
    evhttp_add_header(evhttp_request_get_output_headers(req), "Frameloop-Latency-Us", declared);
    /* A virtual-clock client only needs the latency declared. */
    const char *clock =
        evhttp_find_header(evhttp_request_get_input_headers(req), "Frameloop-Clock");
    if (latency_us > 0 && !(clock && strcmp(clock, "virtual") == 0)) {
        reply_later(s, req, status, body, latency_us);
        return;
    }
    reply(req, status, body);
    atomic_fetch_add(&s->requests, 1);
    free(body);
}

static void *serve(void *arg)
{
    fl_http_server *s = arg;
    event_base_dispatch(s->base);
    return NULL;
}

static int bound_port(struct evhttp_bound_socket *handle)
{
    struct sockaddr_in addr;
    socklen_t len = sizeof(addr);
    evutil_socket_t fd = evhttp_bound_socket_get_fd(handle);
    if (getsockname(fd, (struct sockaddr *)&addr, &len) != 0)
        return 0;
    return ntohs(addr.sin_port);
}

static void server_free(fl_http_server *s)
{
    while (s->waiting)
        delayed_free(s->waiting);
    while (s->routes) {
        route *r = s->routes;
        s->routes = r->next;
        free(r->path);
        free(r->body);
        free(r);
    }
    if (s->http)
        evhttp_free(s->http);
    if (s->base)
        event_base_free(s->base);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

fl_http_server *fl_http_server_start(void)
{
    if (fl__pump_threads_init() != 0)
        return NULL;
    fl_http_server *s = calloc(1, sizeof(*s));
    if (!s || pthread_mutex_init(&s->lock, NULL) != 0) {
        free(s);
        return NULL;
    }
    atomic_init(&s->requests, 0);
    s->base = event_base_new();
    s->http = s->base ? evhttp_new(s->base) : NULL;
    struct evhttp_bound_socket *handle =
        s->http ? evhttp_bind_socket_with_handle(s->http, "127.0.0.1", 0) : NULL;
    if (handle)
        s->port = bound_port(handle);
    if (!s->port) {
        server_free(s);
        return NULL;
    }
    evhttp_set_allowed_methods(s->http, EVHTTP_REQ_GET);
    evhttp_set_gencb(s->http, on_request, s);
    if (pthread_create(&s->thread, NULL, serve, s) != 0) {
        server_free(s);
        return NULL;
    }
    return s;
}

int fl_http_server_port(const fl_http_server *server)
{
    return server ? server->port : 0;
}

int fl_http_server_route(fl_http_server *server, const char *path, int status, const char *body,
                         int64_t latency_us)
{
    if (!server || !path || path[0] != '/' || status < 100 || status > 599 || latency_us < 0)
        return FL_EINVAL;
    char *b = strdup(body ? body : "");
    if (!b)
        return FL_ENOMEM;
    pthread_mutex_lock(&server->lock);
    route *r = server->routes;
    while (r && strcmp(r->path, path) != 0)
        r = r->next;
    if (!r && (r = calloc(1, sizeof(*r))) && !(r->path = strdup(path))) {
        free(r);
        r = NULL;
    }
    if (!r) {
        pthread_mutex_unlock(&server->lock);
        free(b);
        return FL_ENOMEM;
    }
    if (r->body) {
        free(r->body);
    } else {
        r->next = server->routes;
        server->routes = r;
    }
    r->body = b;
    r->status = status;
    r->latency_us = latency_us;
    pthread_mutex_unlock(&server->lock);
    return 0;
}

uint64_t fl_http_server_requests(const fl_http_server *server)
{
    return server ? atomic_load(&((fl_http_server *)server)->requests) : 0;
}

void fl_http_server_stop(fl_http_server *server)
{
    if (!server)
        return;
    /* loopexit, not loopbreak: it also works before the thread has entered its loop. */
    event_base_loopexit(server->base, NULL);
    pthread_join(server->thread, NULL);
    server_free(server);
}
