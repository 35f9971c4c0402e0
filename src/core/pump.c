/*
 * The message pump, shaped like Chromium's MessagePumpLibevent: frameloop keeps
 * its own timer heap and gives libevent one timer for the next wakeup; fds are
 * libevent events whose callbacks post networking tasks; other threads post
 * through a locked inbox and wake the base with event_active(), which libevent
 * makes thread-safe once evthread_use_pthreads() has run. Nothing polls.
 */
#include "core/loop_internal.h"

#include <event2/event.h>
#include <event2/thread.h>
#include <stdlib.h>
#include <string.h>

struct fl__watch {
    fl_loop *loop;
    struct event *ev;
    fl__watch *prev;
    fl__watch *next;
    fl_watch_id id;
    fl_task_id queued; /* the readiness task waiting to run, or 0 */
    fl_fd_fn fn;
    void *arg;
    int fd;
    int ready; /* FL_READABLE/FL_WRITABLE merged while the task waits */
};

static pthread_once_t threads_once = PTHREAD_ONCE_INIT;
static int threads_rc;

static void enable_libevent_threads(void)
{
    threads_rc = evthread_use_pthreads();
}

static void on_wake(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    fl_loop *loop = arg;
    loop->pump.woken = 1;
}

int fl__pump_threads_init(void)
{
    pthread_once(&threads_once, enable_libevent_threads);
    return threads_rc != 0 ? FL_EIO : 0;
}

int fl__pump_init(fl_loop *loop)
{
    fl__pump *p = &loop->pump;
    if (fl__pump_threads_init() != 0)
        return FL_EIO;
    struct event_config *cfg = event_config_new();
    if (!cfg)
        return FL_ENOMEM;
    /* Precise timers: the real clock's deadlines are in microseconds. */
    event_config_set_flag(cfg, EVENT_BASE_FLAG_PRECISE_TIMER);
    p->base = event_base_new_with_config(cfg);
    event_config_free(cfg);
    if (!p->base)
        return FL_EIO;
    p->wake_ev = event_new(p->base, -1, 0, on_wake, loop);
    p->timer_ev = evtimer_new(p->base, on_wake, loop);
    if (!p->wake_ev || !p->timer_ev || pthread_mutex_init(&p->inbox_lock, NULL) != 0) {
        if (p->wake_ev)
            event_free(p->wake_ev);
        if (p->timer_ev)
            event_free(p->timer_ev);
        event_base_free(p->base);
        return FL_ENOMEM;
    }
    atomic_init(&p->inbox_count, 0);
    atomic_init(&p->holds, 0);
    p->next_watch_id = 1;
    return 0;
}

size_t fl__pump_destroy(fl_loop *loop)
{
    fl__pump *p = &loop->pump;
    while (p->watches)
        fl_unwatch_fd(loop, p->watches->id);
    size_t dropped = p->inbox_len;
    for (size_t i = 0; i < p->inbox_len; i++) {
        if (p->inbox[i].destroy)
            p->inbox[i].destroy(p->inbox[i].arg);
    }
    free(p->inbox);
    pthread_mutex_destroy(&p->inbox_lock);
    event_free(p->wake_ev);
    event_free(p->timer_ev);
    event_base_free(p->base);
    return dropped;
}

/* ---- Cross-thread posts -------------------------------------------------- */

void fl__pump_wake(fl_loop *loop)
{
    event_active(loop->pump.wake_ev, EV_READ, 0);
}

int fl_post_task_threadsafe_ex(fl_loop *loop, fl_source source, fl_task_fn fn, void *arg,
                               const char *name, fl_destroy_fn destroy)
{
    if (!loop || !fn || source < 1 || source > FL_MAX_SOURCES)
        return FL_EINVAL;
    fl__pump *p = &loop->pump;
    pthread_mutex_lock(&p->inbox_lock);
    if (p->inbox_len == p->inbox_cap) {
        size_t cap = p->inbox_cap ? p->inbox_cap * 2 : 64;
        fl__inbox_item *v = realloc(p->inbox, cap * sizeof(*v));
        if (!v) {
            pthread_mutex_unlock(&p->inbox_lock);
            return FL_ENOMEM;
        }
        p->inbox = v;
        p->inbox_cap = cap;
    }
    p->inbox[p->inbox_len++] = (fl__inbox_item){fn, arg, name, destroy, source};
    int first = atomic_fetch_add_explicit(&p->inbox_count, 1, memory_order_release) == 0;
    pthread_mutex_unlock(&p->inbox_lock);
    /* One wakeup per batch: the loop takes the whole inbox at once. */
    if (first)
        fl__pump_wake(loop);
    return 0;
}

int fl_post_task_threadsafe(fl_loop *loop, fl_source source, fl_task_fn fn, void *arg,
                            const char *name)
{
    return fl_post_task_threadsafe_ex(loop, source, fn, arg, name, NULL);
}

void fl__pump_take_inbox(fl_loop *loop)
{
    fl__pump *p = &loop->pump;
    /* Relaxed is enough to see that posts exist; the lock orders the rest. */
    if (atomic_load_explicit(&p->inbox_count, memory_order_relaxed) == 0)
        return;
    pthread_mutex_lock(&p->inbox_lock);
    for (size_t i = 0; i < p->inbox_len; i++) {
        fl__inbox_item *it = &p->inbox[i];
        /* A source made after the post was checked against FL_MAX_SOURCES
         * only; an unknown one falls back to posted-message, not lost. */
        fl_source s = it->source <= loop->nsources ? it->source : FL_SOURCE_POSTED_MESSAGE;
        if (fl__post(loop, s, it->fn, it->arg, it->name, it->destroy) == FL__NIL) {
            /* Out of memory: keep the rest for the next turn. */
            memmove(p->inbox, it, (p->inbox_len - i) * sizeof(*it));
            p->inbox_len -= i;
            atomic_store_explicit(&p->inbox_count, p->inbox_len, memory_order_release);
            pthread_mutex_unlock(&p->inbox_lock);
            return;
        }
    }
    p->inbox_len = 0;
    atomic_store_explicit(&p->inbox_count, 0, memory_order_release);
    pthread_mutex_unlock(&p->inbox_lock);
}

int fl_loop_hold(fl_loop *loop)
{
    if (!loop)
        return FL_EINVAL;
    atomic_fetch_add_explicit(&loop->pump.holds, 1, memory_order_acq_rel);
    return 0;
}

int fl_loop_release(fl_loop *loop)
{
    if (!loop)
        return FL_EINVAL;
    atomic_fetch_sub_explicit(&loop->pump.holds, 1, memory_order_acq_rel);
    fl__pump_wake(loop);
    return 0;
}

void fl_loop_stop(fl_loop *loop)
{
    if (!loop)
        return;
    atomic_store_explicit(&loop->stop_requested, 1, memory_order_release);
    fl__pump_wake(loop);
}

/* ---- fd watches ---------------------------------------------------------- */

static void run_ready(fl_loop *loop, void *arg)
{
    fl__watch *w = arg;
    int events = w->ready;
    w->ready = 0;
    w->queued = 0;
    w->fn(loop, w->fd, events, w->arg);
}

static void on_fd(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    fl__watch *w = arg;
    w->ready |= ((what & EV_READ) ? FL_READABLE : 0) | ((what & EV_WRITE) ? FL_WRITABLE : 0);
    if (w->queued)
        return;
    fl_task_id id = fl_post_task_ex(w->loop, FL_SOURCE_NETWORKING, run_ready, w, "fd-ready", NULL);
    w->queued = id > 0 ? id : 0;
}

fl_watch_id fl_watch_fd(fl_loop *loop, int fd, int events, fl_fd_fn fn, void *arg)
{
    if (!loop || !fn || fd < 0 || events == 0 || (events & ~(FL_READABLE | FL_WRITABLE)))
        return FL_EINVAL;
    fl__watch *w = calloc(1, sizeof(*w));
    if (!w)
        return FL_ENOMEM;
    short what = (short)(EV_PERSIST | ((events & FL_READABLE) ? EV_READ : 0) |
                         ((events & FL_WRITABLE) ? EV_WRITE : 0));
    w->ev = event_new(loop->pump.base, fd, what, on_fd, w);
    if (!w->ev || event_add(w->ev, NULL) != 0) {
        if (w->ev)
            event_free(w->ev);
        free(w);
        return FL_EINVAL;
    }
    w->loop = loop;
    w->fd = fd;
    w->fn = fn;
    w->arg = arg;
    w->id = loop->pump.next_watch_id++;
    w->next = loop->pump.watches;
    if (w->next)
        w->next->prev = w;
    loop->pump.watches = w;
    loop->pump.nwatches++;
    return w->id;
}

int fl_unwatch_fd(fl_loop *loop, fl_watch_id watch)
{
    if (!loop)
        return FL_EINVAL;
    fl__watch *w = loop->pump.watches;
    while (w && w->id != watch)
        w = w->next;
    if (!w)
        return FL_ENOENT;
    if (w->queued)
        fl_cancel_task(loop, w->queued);
    event_free(w->ev);
    if (w->prev)
        w->prev->next = w->next;
    else
        loop->pump.watches = w->next;
    if (w->next)
        w->next->prev = w->prev;
    loop->pump.nwatches--;
    free(w);
    return 0;
}

/* ---- Polling and waiting ------------------------------------------------- */

void fl__pump_poll(fl_loop *loop)
{
    /* NONBLOCK alone would keep looping while a level-triggered fd stays
     * ready; with ONCE it returns after one pass of callbacks. */
    if (loop->pump.nwatches > 0 || loop->pump.nusers > 0)
        event_base_loop(loop->pump.base, EVLOOP_NONBLOCK | EVLOOP_ONCE);
}

void fl__pump_wait(fl_loop *loop, int64_t deadline)
{
    fl__pump *p = &loop->pump;
    if (deadline != INT64_MAX) {
        int64_t delay = deadline - fl__now(loop);
        if (delay <= 0)
            return;
        struct timeval tv = {(time_t)(delay / 1000000), (suseconds_t)(delay % 1000000)};
        evtimer_add(p->timer_ev, &tv);
    }
    /* Re-check after arming: a post or stop that raced with us already woke
     * the base, so EVLOOP_ONCE returns at once instead of missing it. */
    p->woken = 0;
    /* NO_EXIT_ON_EMPTY: with no fd watched and no deadline the base holds no
     * event, and the wait is for a wakeup only; without it libevent returns
     * at once and the wait would spin. */
    if (!atomic_load(&loop->stop_requested))
        event_base_loop(p->base, EVLOOP_ONCE | EVLOOP_NO_EXIT_ON_EMPTY);
    evtimer_del(p->timer_ev);
}
