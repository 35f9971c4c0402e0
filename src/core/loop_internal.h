/*
 * The body of fl_loop and the internal calls between core's files.
 *
 * Upper layers (promise, dom, render, metrics, node) include this header for
 * the hooks at its end; core itself never includes anything above it.
 */
#ifndef FL_CORE_LOOP_INTERNAL_H
#define FL_CORE_LOOP_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "core/task_pool.h"
#include "core/timer_heap.h"
#include "frameloop/loop.h"

struct event_base;
struct event;

/* One task source: a FIFO of task nodes linked by index. */
typedef struct fl__source {
    char *name; /* owned */
    int priority;
    uint32_t head;
    uint32_t tail;
    uint32_t head_seq; /* the head's seq, cached so policies never touch nodes */
} fl__source;

typedef struct fl__microtask {
    fl_task_fn fn;
    void *arg;
    const char *label;
} fl__microtask;

/* A ring buffer whose capacity is a power of two. */
typedef struct fl__microtask_queue {
    fl__microtask *v;
    size_t cap;
    size_t head;
    size_t len;
} fl__microtask_queue;

/* A task posted from another thread, waiting in the inbox. */
typedef struct fl__inbox_item {
    fl_task_fn fn;
    void *arg;
    const char *name;
    fl_destroy_fn destroy;
    fl_source source;
} fl__inbox_item;

typedef struct fl__watch fl__watch;

/* The libevent side of the loop (pump.c). */
typedef struct fl__pump {
    struct event_base *base;
    struct event *wake_ev;  /* activated from other threads */
    struct event *timer_ev; /* the one libevent timer: the next deadline */
    fl__watch *watches;     /* doubly linked */
    int64_t next_watch_id;
    size_t nwatches;
    pthread_mutex_t inbox_lock;
    fl__inbox_item *inbox;
    size_t inbox_len;
    size_t inbox_cap;
    atomic_size_t inbox_count; /* read without the lock by the loop's turn */
    atomic_int holds;
    int woken;     /* set by the wake callback: the wait is over */
    size_t nusers; /* other libevent users on the base (the HTTP client): poll for them */
} fl__pump;

/* Upper layers' hooks (see the end of this header). */
typedef struct fl__checkpoint_hook {
    void (*fn)(fl_loop *loop, void *arg);
    void *arg;
} fl__checkpoint_hook;

typedef struct fl__frame_hook {
    /* Is anything waiting to render (a rAF callback, damage)? */
    int (*has_work)(fl_loop *loop, void *arg);
    /* Update the rendering for the vsync tick at `tick_us`. */
    void (*render)(fl_loop *loop, void *arg, int64_t tick_us);
    void *arg;
} fl__frame_hook;

/* Notifications around each task and each rendering step, for measuring the
 * loop (the metrics layer). Any member may be NULL; with none set, the turn
 * pays one predictable branch per call site. */
typedef struct fl__run_observer {
    /* Before a task runs; `name` is the task's label (borrowed). */
    void (*task_begin)(fl_loop *loop, void *arg, fl_source source, const char *name);
    /* After the task and its microtask checkpoint. */
    void (*task_end)(fl_loop *loop, void *arg);
    /* Around the rendering step for the vsync tick at `tick_us`. */
    void (*render_begin)(fl_loop *loop, void *arg, int64_t tick_us);
    void (*render_end)(fl_loop *loop, void *arg, int64_t tick_us);
    /* Around a part of a task or step (fl__phase_begin); `name` is a literal. */
    void (*phase_begin)(fl_loop *loop, void *arg, const char *name);
    void (*phase_end)(fl_loop *loop, void *arg);
    void *arg;
} fl__run_observer;

/* Per-loop state of an upper layer, freed with the loop (see fl__loop_set_ext). */
enum fl__ext_slot {
    FL__EXT_PROMISE,
    FL__EXT_DOM,
    FL__EXT_RENDER,
    FL__EXT_METRICS,
    FL__EXT_NODE,
    FL__EXT_WORKER, /* before SYNC: a loop's workers go before it leaves its group */
    FL__EXT_SYNC,
    FL__EXT_NET,
    FL__EXT_COUNT
};

typedef struct fl__ext {
    void *data;
    void (*free_fn)(fl_loop *loop, void *data);
} fl__ext;

/* Conservative synchronization of virtual clocks between loops that post to
 * each other (workers) and with external work in flight (src/worker/sync.c).
 * With no hook set the turn pays one branch. */
typedef struct fl__sync_hook {
    /* At the start of each turn: takes in what is due by now and returns 0,
     * or 1 when the loop must wait (in the pump) before running a task at its
     * current time. May be NULL. */
    int (*turn)(fl_loop *loop, void *arg);
    /* When nothing is runnable: lowers *next to the earliest message due,
     * publishes the loop's state and returns the earliest time a peer may
     * still post at (INT64_MAX when none may); *quiet is 0 while a peer has
     * work or a message is in flight. */
    int64_t (*idle)(fl_loop *loop, void *arg, int64_t *next, int external, int *quiet);
    void *arg;
} fl__sync_hook;

/* What the current fl_loop_run call runs to (run.c, node_loop.c). */
typedef struct fl__run_goal {
    fl_run_mode mode;
    int64_t end; /* loop time the run stops at, or INT64_MAX */
} fl__run_goal;

/* The node profile's one-shot phase queues (node_loop.c). */
enum fl__node_queue { FL__NQ_PENDING, FL__NQ_PREPARE, FL__NQ_CHECK, FL__NQ_CLOSE, FL__NQ_COUNT };

#define FL__MAX_CHECKPOINT_HOOKS 8
#define FL__MAX_RUN_END_HOOKS    4
#define FL__MAX_FREE_HOOKS       4
#define FL__ERROR_LEN            512

struct fl_loop {
    fl_loop_options opt;

    /* Clock (clock.c). */
    int64_t now_virtual;
    int64_t real_origin_ns;

    /* Tasks and sources (sources.c, loop.c). */
    fl__task_pool pool;
    fl__source sources[FL_MAX_SOURCES]; /* source id s lives at index s - 1 */
    int nsources;
    uint64_t nonempty; /* bit s - 1 is set while source s holds a node */
    uint32_t next_seq;
    int rr_last; /* index of the source round-robin picked last */
    uint64_t rng;
    size_t live_queued; /* queued nodes not cancelled */

    /* Timers (timers.c). */
    fl__timer_heap heap;
    size_t live_in_heap;
    size_t cancelled_in_heap;
    uint16_t current_nesting; /* nesting level of the running timer task, else 0 */

    /* Microtasks (microtasks.c). */
    fl__microtask_queue mq;
    int performing_checkpoint;
    uint64_t microtask_budget; /* jobs the running checkpoint may still run (0: none running) */
    fl__checkpoint_hook checkpoint_hooks[FL__MAX_CHECKPOINT_HOOKS];
    int ncheckpoint_hooks;
    fl__checkpoint_hook run_end_hooks[FL__MAX_RUN_END_HOOKS];
    int nrun_end_hooks;
    fl__checkpoint_hook free_hooks[FL__MAX_FREE_HOOKS];
    int nfree_hooks;
    fl__sync_hook sync;
    int no_document; /* a worker's loop: no DOM, no rendering (fl__loop_has_document) */

    /* Running (run.c). */
    int depth;   /* tasks and callbacks on the stack */
    int running; /* inside fl_loop_run */
    atomic_int stop_requested;
    int failed; /* a livelock was detected during this run */
    uint64_t timer_tasks_this_run;
    char error[FL__ERROR_LEN];
    fl_loop_stats stats;

    /* Rendering step hook and vsync (run.c). */
    fl__frame_hook frame;
    int64_t next_tick; /* the first vsync tick not yet handled */
    fl__run_observer observer;

    /* Transcript (transcript.c). */
    char *log;
    size_t log_len;
    size_t log_cap;
    fl_log_fn log_sink;
    void *log_sink_arg;

    fl__pump pump;
    fl__ext ext[FL__EXT_COUNT];

    /* Node profile (node_loop.c, ticks.c). */
    fl__source node_queues[FL__NQ_COUNT];
    size_t node_queued; /* live callbacks in node_queues (also counted in live_queued) */
    uint32_t *node_due; /* the timers phase's due timers (node_loop.c) */
    size_t node_due_cap;
    fl__microtask_queue ticks; /* process.nextTick */
    int64_t node_now;          /* the cached loop time (uv_update_time) */
    int node_started;
    uint8_t node_phase; /* fl_node_phase */
};

/* ---- Queues (inline: every task passes through them) --------------------- */

/* Pushes a prepared node onto any FIFO (a source or a node phase queue). */
static inline void fl__queue_push(fl_loop *loop, fl__source *q, uint32_t idx)
{
    fl__task *t = fl__pool_at(&loop->pool, idx);
    uint32_t seq = loop->next_seq++;
    t->next = FL__NIL;
    t->flags |= FL__TASK_QUEUED;
    if (q->tail == FL__NIL) {
        q->head = idx;
        q->head_seq = seq;
    } else {
        /* The predecessor keeps our seq, so popping it never reads this node. */
        fl__task *prev = fl__pool_at(&loop->pool, q->tail);
        prev->next = idx;
        prev->next_seq = seq;
    }
    q->tail = idx;
    loop->live_queued++;
}

/* Unlinks a FIFO's head, or returns FL__NIL when empty. */
static inline uint32_t fl__queue_pop(fl_loop *loop, fl__source *q)
{
    uint32_t idx = q->head;
    if (idx == FL__NIL)
        return FL__NIL;
    fl__task *t = fl__pool_at(&loop->pool, idx);
    q->head = t->next;
    if (q->head == FL__NIL)
        q->tail = FL__NIL;
    else
        q->head_seq = t->next_seq;
    t->flags &= (uint8_t)~FL__TASK_QUEUED;
    return idx;
}

/* Links a prepared node at the tail of its own source's queue. */
static inline void fl__enqueue(fl_loop *loop, uint32_t idx)
{
    int i = fl__pool_at(&loop->pool, idx)->source - 1;
    fl__queue_push(loop, &loop->sources[i], idx);
    loop->nonempty |= 1ull << i;
}

/* ---- loop.c -------------------------------------------------------------- */
/* Posts a task; returns its index or FL__NIL (out of memory). */
uint32_t fl__post(fl_loop *loop, fl_source source, fl_task_fn fn, void *arg, const char *name,
                  fl_destroy_fn destroy);
/* Records a run error (printf-style message) that makes fl_loop_run fail. */
void fl__fail(fl_loop *loop, const char *fmt, ...) FL_PRINTF_LIKE(2, 3);

/* ---- sources.c ----------------------------------------------------------- */
int fl__sources_init(fl_loop *loop);
void fl__sources_destroy(fl_loop *loop);
/* Unlinks the next task by the loop's policy; FL__NIL when none is queued. */
uint32_t fl__sources_take(fl_loop *loop);

/* ---- timers.c ------------------------------------------------------------ */
/* Moves every timer due at `now` into the timer source, deadline then set order. */
void fl__timers_move_due(fl_loop *loop);
/* The earliest pending deadline, or INT64_MAX (drops cleared timers on top). */
int64_t fl__timers_next_deadline(fl_loop *loop);
/* The latest pending deadline, or INT64_MIN when no timer is pending. */
int64_t fl__timers_last_deadline(const fl_loop *loop);
/* Runs a due timer node's callback and re-arms or frees it. */
void fl__timers_run(fl_loop *loop, uint32_t idx);
void fl__timers_destroy(fl_loop *loop);

/* Node profile: pops the next timer due at `now` (FL__NIL when none). */
uint32_t fl__timers_pop_due(fl_loop *loop, int64_t now);
/* Node profile: runs a popped timer; an interval restarts from the loop time
 * read before its callback, as Node's listOnTimeout does. */
void fl__timers_run_node(fl_loop *loop, uint32_t idx);
/* Node profile: puts popped, unrun timers back (a stopped or failed phase). */
void fl__timers_requeue_node(fl_loop *loop, const uint32_t *due, size_t n);

/* ---- microtasks.c -------------------------------------------------------- */
void fl__microtasks_destroy(fl_loop *loop);
/* Doubles the ring (256 the first time). @return 0 or FL_ENOMEM. */
int fl__ring_grow(fl__microtask_queue *q);
void fl__ring_free(fl__microtask_queue *q);

/* Push and pop are inline: a promise reaction job is a handful of
 * instructions, and a call per queue operation was a fair share of them. */
static inline int fl__ring_push(fl__microtask_queue *q, fl_task_fn fn, void *arg, const char *label)
{
    if (q->len == q->cap && fl__ring_grow(q) != 0)
        return FL_ENOMEM;
    fl__microtask *m = &q->v[(q->head + q->len) & (q->cap - 1)];
    m->fn = fn;
    m->arg = arg;
    m->label = label ? label : "microtask";
    q->len++;
    return 0;
}

static inline fl__microtask fl__ring_pop(fl__microtask_queue *q)
{
    fl__microtask m = q->v[q->head];
    q->head = (q->head + 1) & (q->cap - 1);
    q->len--;
    return m;
}

/* Whether the running microtask may run the job it is about to queue itself,
 * right away. Only when nothing else is queued: the checkpoint would pop that
 * job next, with nothing in between. The job is charged to the checkpoint's
 * livelock budget; a chain of promise jobs runs without a queue round trip. */
static inline int fl__microtask_run_next_here(fl_loop *loop)
{
    if (loop->mq.len != 0 || loop->microtask_budget == 0)
        return 0;
    loop->microtask_budget--;
    return 1;
}

/* ---- ticks.c (node profile) ---------------------------------------------- */
/* Node's processTicksAndRejections: nextTicks, then microtasks, until both
 * are empty. @return 0 or FL_ELIVELOCK. */
int fl__node_checkpoint(fl_loop *loop);

/* ---- node_loop.c --------------------------------------------------------- */
void fl__node_init(fl_loop *loop);
/* Drops the phase queues' callbacks; returns how many were not cancelled. */
size_t fl__node_drop(fl_loop *loop);
/* Runs libuv-style turns to the goal: 0 reached/idle, 1 stopped, FL_ELIVELOCK. */
int fl__node_run(fl_loop *loop, const fl__run_goal *goal);
/* Fails the run after too many timer tasks in one run until idle (run.c). */
void fl__check_timer_livelock(fl_loop *loop, const fl__run_goal *goal, const char *label);
/* Runs the HTML turns to the goal (run.c). */
int fl__browser_run(fl_loop *loop, const fl__run_goal *goal);

/* ---- clock.c ------------------------------------------------------------- */
void fl__clock_init(fl_loop *loop);
int64_t fl__real_now(const fl_loop *loop);
/* fl_now for the turn's hot path: no call for the virtual clock. */
static inline int64_t fl__now(const fl_loop *loop)
{
    return loop->opt.clock == FL_CLOCK_VIRTUAL ? loop->now_virtual : fl__real_now(loop);
}
/* Moves the virtual clock forward to `t` (never back). */
void fl__clock_advance_to(fl_loop *loop, int64_t t);

/* ---- pump.c -------------------------------------------------------------- */
/* Makes libevent thread-safe (once per process). @return 0 or FL_EIO. */
int fl__pump_threads_init(void);
int fl__pump_init(fl_loop *loop);
/* Frees the pump; returns how many inbox posts were dropped. */
size_t fl__pump_destroy(fl_loop *loop);
/* Wakes the loop's wait in libevent (thread-safe). */
void fl__pump_wake(fl_loop *loop);
/* Moves cross-thread posts into their source queues. */
void fl__pump_take_inbox(fl_loop *loop);
/* Collects fd readiness without blocking (posts networking tasks). */
void fl__pump_poll(fl_loop *loop);
/* Blocks in libevent until `deadline` (loop time; INT64_MAX for none), an fd
 * event, a cross-thread post, a release or a stop. */
void fl__pump_wait(fl_loop *loop, int64_t deadline);
static inline int fl__pump_has_external(fl_loop *loop)
{
    return atomic_load_explicit(&loop->pump.holds, memory_order_acquire) > 0 ||
           atomic_load_explicit(&loop->pump.inbox_count, memory_order_acquire) > 0;
}

/* ---- Hooks for upper layers ---------------------------------------------- */

/* Runs `fn` after every microtask checkpoint has drained the queue (the HTML
 * checkpoint's "notify about rejected promises" step). @return 0 or FL_ELIMIT. */
int fl__loop_add_checkpoint_hook(fl_loop *loop, void (*fn)(fl_loop *, void *), void *arg);
/* Runs `fn` just before every fl_loop_run returns (e.g. to let work handed to
 * other threads finish, so a run ends with its output complete).
 * @return 0, FL_EINVAL or FL_ELIMIT. */
int fl__loop_add_run_end_hook(fl_loop *loop, void (*fn)(fl_loop *, void *), void *arg);
/* Runs `fn` first thing in fl_loop_free, before anything is dropped (e.g. to
 * stop threads that post to the loop). @return 0, FL_EINVAL or FL_ELIMIT. */
int fl__loop_add_free_hook(fl_loop *loop, void (*fn)(fl_loop *, void *), void *arg);
/* Installs the sync hook (one per loop). @return 0, FL_EINVAL, FL_EBUSY if set. */
int fl__loop_set_sync_hook(fl_loop *loop, const fl__sync_hook *hook);
/* Whether the loop's agent has a document and renders: a window of the
 * browser profile, not a node loop or a worker. */
static inline int fl__loop_has_document(const fl_loop *loop)
{
    return loop->opt.profile == FL_PROFILE_BROWSER && !loop->no_document;
}
/* Attaches an upper layer's per-loop state. fl_loop_free calls free_fn after
 * dropping queued tasks (their destructors may still use the state) and before
 * the rest of the loop is freed. @return 0, FL_EINVAL, FL_EBUSY if set. */
int fl__loop_set_ext(fl_loop *loop, enum fl__ext_slot slot, void *data,
                     void (*free_fn)(fl_loop *loop, void *data));
/* The state in `slot`, made on first use: `size` zeroed bytes, freed with
 * the loop, and `on_free` (may be NULL) added as a free hook. NULL when out
 * of memory or no free hook is left. */
void *fl__loop_ext_make(fl_loop *loop, enum fl__ext_slot slot, size_t size,
                        void (*on_free)(fl_loop *loop, void *data));
static inline void *fl__loop_ext(const fl_loop *loop, enum fl__ext_slot slot)
{
    return loop->ext[slot].data;
}
/* Installs the rendering step (one per loop). @return 0, FL_EBUSY if one is set. */
int fl__loop_set_frame_hook(fl_loop *loop, const fl__frame_hook *hook);
/* Installs the run observer (one per loop; run.c). @return 0, FL_EINVAL, FL_EBUSY if set. */
int fl__loop_set_run_observer(fl_loop *loop, const fl__run_observer *observer);

/* Marks a nested part of the running task or rendering step for the observer:
 * a microtask checkpoint, an animation frame callback, layout, paint. Names
 * are string literals, Chromium's trace names where one exists. */
static inline void fl__phase_begin(fl_loop *loop, const char *name)
{
    if (loop->observer.phase_begin)
        loop->observer.phase_begin(loop, loop->observer.arg, name);
}

static inline void fl__phase_end(fl_loop *loop)
{
    if (loop->observer.phase_end)
        loop->observer.phase_end(loop, loop->observer.arg);
}

#endif /* FL_CORE_LOOP_INTERNAL_H */
