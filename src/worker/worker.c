/*
 * Dedicated workers: a thread that owns a loop, and the two directions of
 * postMessage between it and the loop that made it.
 *
 * A worker's thread frees its own loop when it ends (terminated, or its run
 * failed), so nothing it left queued keeps its parent's run waiting. Posts
 * into the worker's loop hold the worker's lock, which the thread takes to
 * say it has ended: a post either lands before that or is refused.
 */
#include "frameloop/worker.h"

#include <stdlib.h>
#include <string.h>

#include "worker/sync_internal.h"

struct fl_worker {
    fl_loop *parent;
    fl_loop *loop; /* valid while !exited */
    fl__group *group;
    fl_worker_main_fn main;
    void *main_arg;
    fl_message_fn onmessage; /* the parent's side: parent thread */
    void *onmessage_arg;
    fl_message_fn self_onmessage; /* the worker's side: worker thread */
    void *self_onmessage_arg;
    fl_worker *prev; /* the parent's list of workers */
    fl_worker *next;
    pthread_t thread;
    pthread_mutex_t lock; /* orders posts into `loop` against the thread's end */
    int exited;
    atomic_int terminated;
    atomic_int refs; /* the handle and each message in flight */
    int rc;          /* the worker loop's last run result, read after the join */
};

/* The worker state of a loop (FL__EXT_WORKER). */
typedef struct agent {
    fl_worker *self;     /* the worker whose loop this is; NULL for a window */
    fl_worker *children; /* the workers this loop made */
} agent;

/* A message on its way: the bytes are copied in after the header. */
typedef struct message {
    fl_worker *worker;
    int to_worker;
    size_t len;
    unsigned char data[];
} message;

static void worker_unref(fl_worker *w)
{
    if (atomic_fetch_sub_explicit(&w->refs, 1, memory_order_acq_rel) != 1)
        return;
    pthread_mutex_destroy(&w->lock);
    free(w);
}

/* ---- Per-loop state ------------------------------------------------------ */

static void free_children(fl_loop *loop, void *arg)
{
    (void)loop;
    agent *a = arg;
    while (a->children)
        fl_worker_free(a->children);
}

static agent *agent_of(fl_loop *loop)
{
    /* Children go first thing in fl_loop_free: their threads post into the loop. */
    return fl__loop_ext_make(loop, FL__EXT_WORKER, sizeof(agent), free_children);
}

/* ---- Messages ------------------------------------------------------------ */

static void message_free(void *arg)
{
    message *msg = arg;
    fl__group *g = msg->worker->group;
    worker_unref(msg->worker);
    free(msg);
    fl__sync_message_done(g);
}

static void deliver(fl_loop *loop, void *arg)
{
    message *msg = arg;
    fl_worker *w = msg->worker;
    if (!atomic_load_explicit(&w->terminated, memory_order_acquire)) {
        fl_message_fn fn = msg->to_worker ? w->self_onmessage : w->onmessage;
        void *fn_arg = msg->to_worker ? w->self_onmessage_arg : w->onmessage_arg;
        if (fn)
            fn(loop, msg->data, msg->len, fn_arg);
    }
    message_free(msg);
}

static int enqueue(fl_loop *from, fl_loop *to, message *msg)
{
    if (from->opt.clock == FL_CLOCK_VIRTUAL)
        return fl__sync_post_at(from, to, fl__now(from) + FL__SYNC_HOP_US, FL_SOURCE_POSTED_MESSAGE,
                                deliver, msg, "message", message_free);
    return fl_post_task_threadsafe_ex(to, FL_SOURCE_POSTED_MESSAGE, deliver, msg, "message",
                                      message_free);
}

static int post(fl_worker *w, int to_worker, const void *data, size_t len)
{
    if (!data && len > 0)
        return FL_EINVAL;
    if (atomic_load_explicit(&w->terminated, memory_order_acquire))
        return FL_ECLOSED;
    message *msg = malloc(sizeof(*msg) + len);
    if (!msg)
        return FL_ENOMEM;
    msg->worker = w;
    msg->to_worker = to_worker;
    msg->len = len;
    if (len > 0)
        memcpy(msg->data, data, len);
    atomic_fetch_add_explicit(&w->refs, 1, memory_order_relaxed);
    fl__sync_message_sent(w->group);
    int rc;
    if (to_worker) {
        pthread_mutex_lock(&w->lock);
        rc = w->exited ? FL_ECLOSED : enqueue(w->parent, w->loop, msg);
        pthread_mutex_unlock(&w->lock);
    } else {
        /* The parent outlives its workers' threads (free_children). */
        rc = enqueue(w->loop, w->parent, msg);
    }
    if (rc < 0)
        message_free(msg);
    return rc;
}

int fl_worker_post_message(fl_worker *worker, const void *data, size_t len)
{
    return worker ? post(worker, 1, data, len) : FL_EINVAL;
}

int fl_worker_set_onmessage(fl_worker *worker, fl_message_fn fn, void *arg)
{
    if (!worker)
        return FL_EINVAL;
    worker->onmessage = fn;
    worker->onmessage_arg = arg;
    return 0;
}

static fl_worker *self_of(fl_loop *loop)
{
    agent *a = fl__loop_ext(loop, FL__EXT_WORKER);
    return a ? a->self : NULL;
}

int fl_self_set_onmessage(fl_loop *loop, fl_message_fn fn, void *arg)
{
    if (!loop)
        return FL_EINVAL;
    fl_worker *w = self_of(loop);
    if (!w)
        return FL_ENOTSUP;
    w->self_onmessage = fn;
    w->self_onmessage_arg = arg;
    return 0;
}

int fl_self_post_message(fl_loop *loop, const void *data, size_t len)
{
    if (!loop)
        return FL_EINVAL;
    fl_worker *w = self_of(loop);
    return w ? post(w, 0, data, len) : FL_ENOTSUP;
}

/* ---- The worker's thread ------------------------------------------------- */

static void run_main(fl_loop *loop, void *arg)
{
    fl_worker *w = arg;
    w->main(loop, w->main_arg);
}

static void *worker_thread(void *arg)
{
    fl_worker *w = arg;
    fl_loop *loop = w->loop;
    int rc = 0;
    /* Each run ends when the worker has nothing left but to wait for messages. */
    while (!atomic_load_explicit(&w->terminated, memory_order_acquire)) {
        rc = fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0);
        if (rc < 0 || atomic_load_explicit(&w->terminated, memory_order_acquire))
            break;
        fl__pump_wait(loop, INT64_MAX);
    }
    w->rc = rc;
    pthread_mutex_lock(&w->lock);
    atomic_store_explicit(&w->terminated, 1, memory_order_release);
    w->exited = 1;
    pthread_mutex_unlock(&w->lock);
    fl_loop_free(loop);
    return NULL;
}

int fl_worker_terminate(fl_worker *worker)
{
    if (!worker)
        return FL_EINVAL;
    pthread_mutex_lock(&worker->lock);
    atomic_store_explicit(&worker->terminated, 1, memory_order_release);
    if (!worker->exited)
        fl_loop_stop(worker->loop);
    pthread_mutex_unlock(&worker->lock);
    return 0;
}

int fl_worker_free(fl_worker *worker)
{
    if (!worker)
        return 0;
    fl_worker_terminate(worker);
    pthread_join(worker->thread, NULL);
    agent *pa = fl__loop_ext(worker->parent, FL__EXT_WORKER);
    if (worker->prev)
        worker->prev->next = worker->next;
    else
        pa->children = worker->next;
    if (worker->next)
        worker->next->prev = worker->prev;
    int rc = worker->rc;
    worker_unref(worker);
    return rc;
}

/* The worker's loop: the parent's options, no document, in the parent's group. */
static fl_loop *worker_loop_new(fl_worker *w)
{
    fl_loop *loop = fl_loop_new(&w->parent->opt);
    if (!loop)
        return NULL;
    loop->no_document = 1;
    agent *a = agent_of(loop);
    if (!a || fl__sync_join(w->parent, loop) != 0 ||
        fl_post_task_ex(loop, FL_SOURCE_DOM_MANIPULATION, run_main, w, "worker-script", NULL) < 0) {
        fl_loop_free(loop);
        return NULL;
    }
    a->self = w;
    return loop;
}

fl_worker *fl_worker_new(fl_loop *parent, fl_worker_main_fn main, void *arg)
{
    if (!parent || !main || parent->opt.profile != FL_PROFILE_BROWSER)
        return NULL;
    agent *pa = agent_of(parent);
    fl__group *g = pa ? fl__sync_group(parent) : NULL;
    fl_worker *w = g ? calloc(1, sizeof(*w)) : NULL;
    if (!w)
        return NULL;
    if (pthread_mutex_init(&w->lock, NULL) != 0) {
        free(w);
        return NULL;
    }
    w->parent = parent;
    w->group = g;
    w->main = main;
    w->main_arg = arg;
    atomic_init(&w->terminated, 0);
    atomic_init(&w->refs, 1);
    w->loop = worker_loop_new(w);
    if (!w->loop || pthread_create(&w->thread, NULL, worker_thread, w) != 0) {
        fl_loop_free(w->loop);
        worker_unref(w);
        return NULL;
    }
    w->next = pa->children;
    if (w->next)
        w->next->prev = w;
    pa->children = w;
    return w;
}
