/*
 * The node profile's turn: libuv's uv_run (src/unix/core.c), one named step
 * per phase:
 *
 *   uv__update_time; uv__run_timers; uv__run_pending; uv__run_idle;
 *   uv__run_prepare; uv__io_poll(timeout); uv__run_check; uv__run_closing_handles
 *
 * with Node's callbacks on top: after each callback (Node 11+) or after each
 * phase (Node 10), processTicksAndRejections (ticks.c). The virtual clock
 * moves only in the poll phase's wait, as the real loop only sleeps there.
 */
#include "core/loop_internal.h"

#include <stdlib.h>

#include "frameloop/node.h"

static const char *const phase_names[] = {
    [FL_NODE_PHASE_NONE] = "main",       [FL_NODE_PHASE_TIMERS] = "timers",
    [FL_NODE_PHASE_PENDING] = "pending", [FL_NODE_PHASE_PREPARE] = "prepare",
    [FL_NODE_PHASE_POLL] = "poll",       [FL_NODE_PHASE_CHECK] = "check",
    [FL_NODE_PHASE_CLOSE] = "close",
};

const char *fl_node_phase_name(fl_node_phase phase)
{
    if ((unsigned)phase >= sizeof(phase_names) / sizeof(phase_names[0]))
        return "?";
    return phase_names[phase];
}

fl_node_phase fl_node_current_phase(const fl_loop *loop)
{
    return loop ? (fl_node_phase)loop->node_phase : FL_NODE_PHASE_NONE;
}

void fl__node_init(fl_loop *loop)
{
    for (int i = 0; i < FL__NQ_COUNT; i++)
        loop->node_queues[i] = (fl__source){NULL, 0, FL__NIL, FL__NIL, 0};
}

size_t fl__node_drop(fl_loop *loop)
{
    size_t dropped = 0;
    free(loop->node_due);
    loop->node_due = NULL;
    for (int i = 0; i < FL__NQ_COUNT; i++) {
        uint32_t idx;
        while ((idx = fl__queue_pop(loop, &loop->node_queues[i])) != FL__NIL) {
            dropped += !(fl__pool_at(&loop->pool, idx)->flags & FL__TASK_CANCELLED);
            fl__pool_release(&loop->pool, idx);
        }
    }
    return dropped;
}

/* ---- Queuing ------------------------------------------------------------- */

static fl__source *phase_queue(fl_loop *loop, fl_node_phase phase)
{
    switch (phase) {
    case FL_NODE_PHASE_PENDING:
        return &loop->node_queues[FL__NQ_PENDING];
    case FL_NODE_PHASE_PREPARE:
        return &loop->node_queues[FL__NQ_PREPARE];
    case FL_NODE_PHASE_CHECK:
        return &loop->node_queues[FL__NQ_CHECK];
    case FL_NODE_PHASE_CLOSE:
        return &loop->node_queues[FL__NQ_CLOSE];
    default:
        return NULL;
    }
}

fl_task_id fl_node_post(fl_loop *loop, fl_node_phase phase, fl_task_fn fn, void *arg,
                        const char *name)
{
    if (!loop || !fn)
        return FL_EINVAL;
    if (loop->opt.profile != FL_PROFILE_NODE)
        return FL_ENOTSUP;
    if (phase == FL_NODE_PHASE_POLL)
        return fl_post_task_ex(loop, FL_SOURCE_NETWORKING, fn, arg, name, NULL);
    fl__source *q = phase_queue(loop, phase);
    if (!q)
        return FL_EINVAL;
    uint32_t idx = fl__pool_alloc(&loop->pool);
    if (idx == FL__NIL)
        return FL_ENOMEM;
    fl__task *t = fl__pool_at(&loop->pool, idx);
    /* Source 0 marks a phase-queue callback (fl_cancel_task keeps count). */
    *t = (fl__task){.fn = fn, .arg = arg, .name = name ? name : "callback", .gen = t->gen};
    fl__queue_push(loop, q, idx);
    loop->node_queued++;
    return fl__task_id(t, idx);
}

fl_task_id fl_set_immediate_named(fl_loop *loop, fl_task_fn fn, void *arg, const char *label)
{
    return fl_node_post(loop, FL_NODE_PHASE_CHECK, fn, arg, label ? label : "immediate");
}

int fl_clear_immediate(fl_loop *loop, fl_task_id immediate)
{
    return fl_cancel_task(loop, immediate);
}

/* ---- Running callbacks --------------------------------------------------- */

/* What a phase step reports: go on, the run was stopped, or it failed. */
enum { GO_ON = 0, STOPPED = 1 };

/* After a callback returns to libuv: Node 11+ drains ticks and microtasks. */
static int after_callback(fl_loop *loop)
{
    loop->stats.tasks_run++;
    if (loop->opt.node_version >= 11 && fl__node_checkpoint(loop) != 0)
        return FL_ELIVELOCK;
    if (loop->failed)
        return FL_ELIVELOCK;
    return atomic_load(&loop->stop_requested) ? STOPPED : GO_ON;
}

/* Node 10 drained ticks and microtasks only between phases. */
static int after_phase(fl_loop *loop, int rc)
{
    if (rc == GO_ON && loop->opt.node_version < 11 && fl__node_checkpoint(loop) != 0)
        return FL_ELIVELOCK;
    return rc;
}

static int invoke(fl_loop *loop, fl_task_fn fn, void *arg)
{
    loop->depth++;
    fn(loop, arg);
    loop->depth--;
    return after_callback(loop);
}

/* Pops and runs a queued (not cancelled) node, freeing it first. */
static int run_node(fl_loop *loop, uint32_t idx)
{
    fl__task *t = fl__pool_at(&loop->pool, idx);
    fl_task_fn fn = t->fn;
    void *arg = t->arg;
    int cancelled = (t->flags & FL__TASK_CANCELLED) != 0;
    fl__pool_release(&loop->pool, idx);
    if (cancelled)
        return GO_ON;
    loop->live_queued--;
    loop->node_queued--;
    return invoke(loop, fn, arg);
}

/* ---- The phases ---------------------------------------------------------- */

static int grow_due(fl_loop *loop)
{
    size_t cap = loop->node_due_cap ? loop->node_due_cap * 2 : 64;
    uint32_t *due = realloc(loop->node_due, cap * sizeof(*due));
    if (!due)
        return 0;
    loop->node_due = due;
    loop->node_due_cap = cap;
    return 1;
}

static int run_timer(fl_loop *loop, const fl__run_goal *goal, uint32_t idx)
{
    fl__task *t = fl__pool_at(&loop->pool, idx);
    if (t->flags & FL__TASK_CANCELLED) { /* cleared by an earlier callback */
        fl__pool_release(&loop->pool, idx);
        return GO_ON;
    }
    const char *label = t->name;
    loop->stats.timers_fired++;
    loop->timer_tasks_this_run++;
    loop->depth++;
    fl__timers_run_node(loop, idx);
    loop->depth--;
    fl__check_timer_livelock(loop, goal, label);
    return after_callback(loop);
}

/* Node keeps one timer list per duration and processTimers runs, list by
 * list in order of the lists' expiry, every due timer of a list before the
 * next. The lists' expiry is their first timer's deadline, so: take the due
 * timers in deadline order, then run each one's whole duration group at its
 * first appearance. */
/* Pops every timer due at the cached time into loop->node_due, in deadline
 * order. Returns how many, or stops early (leaving the rest in the heap for
 * the next turn) only when the array cannot grow. */
static size_t take_due_timers(fl_loop *loop)
{
    size_t n = 0;
    uint32_t idx;
    while ((n < loop->node_due_cap || grow_due(loop)) &&
           (idx = fl__timers_pop_due(loop, loop->node_now)) != FL__NIL)
        loop->node_due[n++] = idx;
    return n;
}

static int phase_timers(fl_loop *loop, const fl__run_goal *goal, int *ran_timer)
{
    size_t n = take_due_timers(loop);
    uint32_t *due = loop->node_due;
    uint32_t idx;
    *ran_timer = n > 0;
    for (size_t i = 0; i < n; i++) {
        if (due[i] == FL__NIL)
            continue;
        int64_t duration = fl__pool_at(&loop->pool, due[i])->u.period_us;
        for (size_t j = i; j < n; j++) {
            if (due[j] == FL__NIL || fl__pool_at(&loop->pool, due[j])->u.period_us != duration)
                continue;
            idx = due[j];
            due[j] = FL__NIL;
            int rc = run_timer(loop, goal, idx);
            if (rc != GO_ON) {
                /* Put back what did not run, so nothing is lost. */
                fl__timers_requeue_node(loop, due, n);
                return rc;
            }
        }
    }
    return GO_ON;
}

/* A one-shot queue: the callbacks queued before the phase began. */
static int phase_queue_run(fl_loop *loop, fl__source *q)
{
    uint32_t limit = loop->next_seq;
    while (q->head != FL__NIL && (int32_t)(q->head_seq - limit) < 0) {
        int rc = run_node(loop, fl__queue_pop(loop, q));
        if (rc != GO_ON)
            return rc;
    }
    return GO_ON;
}

static int has_queued(const fl_loop *loop, int nq)
{
    return loop->node_queues[nq].head != FL__NIL;
}

/* uv_backend_timeout: 0 when something waits to run after poll, else until
 * the next timer; INT64_MAX for "block until I/O". */
static int64_t poll_deadline(fl_loop *loop)
{
    if (has_queued(loop, FL__NQ_PENDING) || has_queued(loop, FL__NQ_PREPARE) ||
        has_queued(loop, FL__NQ_CHECK) || has_queued(loop, FL__NQ_CLOSE) || loop->nonempty)
        return loop->node_now;
    return fl__timers_next_deadline(loop);
}

/* Blocks as uv__io_poll does: the virtual clock jumps to the deadline unless
 * external work is held, in which case the loop waits for it in libevent. */
static void poll_wait(fl_loop *loop, const fl__run_goal *goal)
{
    int64_t until = poll_deadline(loop);
    if (until > goal->end)
        until = goal->end;
    int external = fl__pump_has_external(loop);
    if (until <= fl__now(loop) || (until == INT64_MAX && !external))
        return;
    if (loop->opt.clock == FL_CLOCK_REAL || external)
        fl__pump_wait(loop, external && loop->opt.clock == FL_CLOCK_VIRTUAL ? INT64_MAX : until);
    else
        fl__clock_advance_to(loop, until);
}

/* Runs as many source tasks as were queued when called: I/O callbacks that
 * queue more I/O see it run in a later poll phase. */
static int run_ready_io(fl_loop *loop)
{
    fl__pump_take_inbox(loop);
    fl__pump_poll(loop);
    /* live_queued also counts the phase queues: only source tasks are I/O. */
    size_t ready = loop->live_queued - loop->node_queued;
    for (size_t i = 0; i < ready; i++) {
        uint32_t idx = fl__sources_take(loop);
        if (idx == FL__NIL)
            break;
        fl__task *t = fl__pool_at(&loop->pool, idx);
        fl_task_fn fn = t->fn;
        void *arg = t->arg;
        fl__pool_release(&loop->pool, idx);
        int rc = invoke(loop, fn, arg);
        if (rc != GO_ON)
            return rc;
    }
    return GO_ON;
}

static int phase_poll(fl_loop *loop, const fl__run_goal *goal)
{
    int rc = run_ready_io(loop);
    if (rc != GO_ON || loop->nonempty)
        return rc;
    poll_wait(loop, goal);
    return run_ready_io(loop);
}

/* ---- uv_run -------------------------------------------------------------- */

static int alive(fl_loop *loop)
{
    return loop->live_in_heap > 0 || loop->live_queued > 0 || fl__pump_has_external(loop);
}

static int set_phase(fl_loop *loop, fl_node_phase phase, int rc)
{
    loop->node_phase = (uint8_t)phase;
    return rc;
}

/* One turn; returns GO_ON, STOPPED or FL_ELIVELOCK, and whether a timer ran. */
static int turn(fl_loop *loop, const fl__run_goal *goal, int *ran_timer)
{
    int rc = set_phase(loop, FL_NODE_PHASE_TIMERS, GO_ON);
    rc = after_phase(loop, phase_timers(loop, goal, ran_timer));
    if (rc == GO_ON && set_phase(loop, FL_NODE_PHASE_PENDING, GO_ON) == GO_ON)
        rc = after_phase(loop, phase_queue_run(loop, &loop->node_queues[FL__NQ_PENDING]));
    if (rc == GO_ON && set_phase(loop, FL_NODE_PHASE_PREPARE, GO_ON) == GO_ON)
        rc = after_phase(loop, phase_queue_run(loop, &loop->node_queues[FL__NQ_PREPARE]));
    if (rc == GO_ON && set_phase(loop, FL_NODE_PHASE_POLL, GO_ON) == GO_ON)
        rc = after_phase(loop, phase_poll(loop, goal));
    if (rc == GO_ON && set_phase(loop, FL_NODE_PHASE_CHECK, GO_ON) == GO_ON)
        rc = after_phase(loop, phase_queue_run(loop, &loop->node_queues[FL__NQ_CHECK]));
    if (rc == GO_ON && set_phase(loop, FL_NODE_PHASE_CLOSE, GO_ON) == GO_ON)
        rc = after_phase(loop, phase_queue_run(loop, &loop->node_queues[FL__NQ_CLOSE]));
    return set_phase(loop, FL_NODE_PHASE_NONE, rc);
}

int fl__node_run(fl_loop *loop, const fl__run_goal *goal)
{
    /* The main script's ticks and microtasks run before the loop starts. */
    if (fl__node_checkpoint(loop) != 0)
        return FL_ELIVELOCK;
    if (!loop->node_started) {
        loop->node_started = 1;
        if (loop->opt.clock == FL_CLOCK_VIRTUAL)
            fl__clock_advance_to(loop, loop->now_virtual + loop->opt.node_startup_us);
    }
    for (;;) {
        if (atomic_exchange(&loop->stop_requested, 0))
            return STOPPED;
        /* Readiness that is already there counts as work (an active handle). */
        fl__pump_take_inbox(loop);
        fl__pump_poll(loop);
        if (!alive(loop))
            return GO_ON;
        loop->node_now = fl__now(loop) / 1000 * 1000; /* uv__update_time: whole ms */
        if (loop->node_now > goal->end)
            return GO_ON;
        int ran_timer = 0;
        int rc = turn(loop, goal, &ran_timer);
        if (rc == STOPPED)
            atomic_store(&loop->stop_requested, 0);
        if (rc != GO_ON)
            return rc;
        if (goal->mode == FL_RUN_NEXT && ran_timer)
            return GO_ON;
        if (fl__now(loop) >= goal->end && loop->node_now >= goal->end)
            return GO_ON;
    }
}
