/*
 * Timers: the HTML "timer initialization steps" as Chromium's DOMTimer ships
 * them.
 *
 * - A negative timeout is 0, and a one-shot timeout has no 1 ms minimum.
 * - The timer nesting level: a timer set while the running task is a timer
 *   task of level n gets level n + 1 (else 1); when n > 5 the timeout is at
 *   least 4 ms. So in a chain of zero-delay timeouts the first six run
 *   unclamped and the seventh is the first to wait.
 * - An interval is at least 1 ms (Chromium keeps that minimum for intervals
 *   only) and repeats drift-free from its scheduled time, as Chromium's
 *   TimerBase does; each repeat is one nesting level deeper.
 * - A timer joins the timer task source's FIFO when it falls due (Chromium's
 *   sequence manager moves ripe delayed tasks at selection time), so its place
 *   in the global order is its due time, not its set time. A zero-delay timer
 *   is posted at once, like Chromium's immediate tasks.
 */
#include "core/loop_internal.h"

#include <stdlib.h>

#define MAX_NESTING_UNCLAMPED 5
#define MIN_CLAMPED_US        4000
#define MIN_INTERVAL_US       1000

/*
 * Membership and counting. A timer node can be in the heap (waiting), in the
 * timer queue (due), or both: an interval is re-armed the moment it falls due,
 * so its next beat is computed drift-free from the beat that just fell due
 * (Chromium computes it from the scheduled fire time too) without storing a
 * deadline in the node. A pending timer is counted once: in live_queued while
 * due, else in live_in_heap; the heap entry of a due interval is a "shadow"
 * that is not counted. A node is freed when no membership remains.
 */
static void release_if_unreferenced(fl_loop *loop, uint32_t idx)
{
    fl__task *t = fl__pool_at(&loop->pool, idx);
    if (!(t->flags & (FL__TASK_QUEUED | FL__TASK_IN_HEAP | FL__TASK_RUNNING)))
        fl__pool_release(&loop->pool, idx);
}

static int heap_add(fl_loop *loop, uint32_t idx, int64_t deadline)
{
    fl__task *t = fl__pool_at(&loop->pool, idx);
    /* The set order breaks deadline ties, from the counter that also orders
     * tasks: a shadow entry made when its beat was queued sorts after it. */
    fl__heap_entry e = {deadline, loop->next_seq++, idx};
    if (fl__heap_push(&loop->heap, e) != 0)
        return FL_ENOMEM;
    t->flags |= FL__TASK_IN_HEAP;
    return 0;
}

static int64_t clamp_for_nesting(int64_t timeout, unsigned level)
{
    if (level > MAX_NESTING_UNCLAMPED && timeout < MIN_CLAMPED_US)
        return MIN_CLAMPED_US;
    return timeout;
}

/* The first beat after `now` of an interval whose beat was due at `deadline`:
 * a late interval skips the beats it missed instead of bunching them. */
static int64_t next_beat(int64_t now, int64_t deadline, int64_t period)
{
    int64_t late = now > deadline ? now - deadline : 0;
    return now + period - late % period;
}

/* An interval fell due: queue this beat and arm the next as a shadow entry. */
static void interval_due(fl_loop *loop, uint32_t idx, int64_t deadline, int64_t now)
{
    fl__task *t = fl__pool_at(&loop->pool, idx);
    int was_counted = !(t->flags & FL__TASK_QUEUED);
    if (was_counted) {
        loop->live_in_heap--;
        fl__enqueue(loop, idx);
        /* The repeat is one nesting level deeper than the beat being queued. */
        t->u.period_us = clamp_for_nesting(t->u.period_us, t->nesting);
    }
    /* else the previous beat has not run yet: this one is missed, as in Chromium. */
    heap_add(loop, idx, next_beat(now, deadline, t->u.period_us));
}

/* Drops cleared timers from the top of the heap (lazy removal's other half). */
static void drop_cleared_top(fl_loop *loop)
{
    const fl__heap_entry *top;
    while ((top = fl__heap_top(&loop->heap))) {
        uint32_t idx = top->idx;
        fl__task *t = fl__pool_at(&loop->pool, idx);
        if (!(t->flags & FL__TASK_CANCELLED))
            return;
        fl__heap_pop(&loop->heap);
        t->flags &= (uint8_t)~FL__TASK_IN_HEAP;
        loop->cancelled_in_heap--;
        release_if_unreferenced(loop, idx);
    }
}

/* Pops the next live timer due at `now`, or returns FL__NIL. */
static uint32_t pop_live_due(fl_loop *loop, int64_t now, int64_t *deadline)
{
    drop_cleared_top(loop);
    const fl__heap_entry *top = fl__heap_top(&loop->heap);
    if (!top || top->deadline > now)
        return FL__NIL;
    uint32_t idx = top->idx;
    *deadline = top->deadline;
    fl__heap_pop(&loop->heap);
    fl__pool_at(&loop->pool, idx)->flags &= (uint8_t)~FL__TASK_IN_HEAP;
    return idx;
}

void fl__timers_move_due(fl_loop *loop)
{
    int64_t now = fl__now(loop), deadline;
    uint32_t idx;
    while ((idx = pop_live_due(loop, now, &deadline)) != FL__NIL) {
        if (fl__pool_at(&loop->pool, idx)->u.period_us > 0) {
            interval_due(loop, idx, deadline, now);
        } else {
            loop->live_in_heap--;
            fl__enqueue(loop, idx);
        }
    }
}

/* Schedules a new timer node. A zero delay posts straight to the timer queue,
 * as Chromium posts a zero-delay task as an immediate one: it takes its place
 * now, ahead of a positive-delay timer that is overdue but will only be moved
 * at the next turn (the sequence manager moves ripe delayed tasks then). */
static int schedule(fl_loop *loop, uint32_t idx, int64_t delay)
{
    if (delay > 0) {
        if (heap_add(loop, idx, fl__now(loop) + delay) != 0)
            return FL_ENOMEM;
        loop->live_in_heap++;
        return 0;
    }
    fl__enqueue(loop, idx);
    return 0;
}

/* Node's rule (lib/internal/timers.js): the delay is truncated to whole
 * milliseconds, and one outside 1 ms .. 2^31-1 ms is 1 ms. */
static int64_t node_delay(int64_t us)
{
    int64_t ms = us / 1000;
    return ms < 1 || ms > 2147483647 ? MIN_INTERVAL_US : ms * 1000;
}

/* Node's getLibuvNow(): the loop time brought up to date, in whole ms. */
static int64_t node_now_ms(const fl_loop *loop)
{
    int64_t now = fl__now(loop);
    return now - now % 1000;
}

/* A node timer starts now (getLibuvNow updates the time first), has no
 * nesting clamp, and keeps its duration: Node keeps one list per duration. */
static int schedule_node(fl_loop *loop, uint32_t idx, int64_t delay)
{
    fl__task *t = fl__pool_at(&loop->pool, idx);
    t->nesting = 0;
    if (t->u.period_us > 0)
        t->flags |= FL__TASK_REPEAT;
    t->u.period_us = node_delay(delay);
    if (heap_add(loop, idx, node_now_ms(loop) + t->u.period_us) != 0)
        return FL_ENOMEM;
    loop->live_in_heap++;
    return 0;
}

static fl_timer_id set_timer(fl_loop *loop, fl_task_fn fn, void *arg, int64_t timeout,
                             int64_t period, const char *label)
{
    if (!loop || !fn)
        return FL_EINVAL;
    uint32_t idx = fl__pool_alloc(&loop->pool);
    if (idx == FL__NIL)
        return FL_ENOMEM;
    unsigned level = loop->current_nesting;
    fl__task *t = fl__pool_at(&loop->pool, idx);
    t->fn = fn;
    t->arg = arg;
    t->name = label ? label : "timer";
    t->u.period_us = period;
    t->source = FL_SOURCE_TIMER;
    t->flags = FL__TASK_TIMER;
    t->nesting = (uint16_t)(level < UINT16_MAX ? level + 1 : level);
    int rc = loop->opt.profile == FL_PROFILE_NODE
                 ? schedule_node(loop, idx, timeout)
                 : schedule(loop, idx, clamp_for_nesting(timeout, level));
    if (rc != 0) {
        fl__pool_release(&loop->pool, idx);
        return FL_ENOMEM;
    }
    return fl__task_id(t, idx);
}

fl_timer_id fl_set_timeout_named(fl_loop *loop, fl_task_fn fn, void *arg, int64_t delay_us,
                                 const char *label)
{
    int64_t timeout = delay_us < 0 ? 0 : delay_us;
    return set_timer(loop, fn, arg, timeout, 0, label);
}

fl_timer_id fl_set_interval_named(fl_loop *loop, fl_task_fn fn, void *arg, int64_t interval_us,
                                  const char *label)
{
    int64_t period = interval_us < MIN_INTERVAL_US ? MIN_INTERVAL_US : interval_us;
    return set_timer(loop, fn, arg, period, period, label);
}

static int keep_live(void *arg, const fl__heap_entry *e)
{
    fl_loop *loop = arg;
    fl__task *t = fl__pool_at(&loop->pool, e->idx);
    if (!(t->flags & FL__TASK_CANCELLED))
        return 1;
    t->flags &= (uint8_t)~FL__TASK_IN_HEAP;
    release_if_unreferenced(loop, e->idx);
    return 0;
}

int fl_clear_timer(fl_loop *loop, fl_timer_id timer)
{
    if (!loop)
        return FL_EINVAL;
    uint32_t idx;
    fl__task *t = fl__pool_resolve(&loop->pool, timer, &idx);
    if (!t || !(t->flags & FL__TASK_TIMER) || (t->flags & FL__TASK_CANCELLED))
        return FL_ENOENT;
    t->flags |= FL__TASK_CANCELLED;
    if (t->flags & FL__TASK_QUEUED)
        loop->live_queued--;
    else if (t->flags & FL__TASK_IN_HEAP)
        loop->live_in_heap--;
    if (t->flags & FL__TASK_IN_HEAP) {
        loop->cancelled_in_heap++;
        /* Lazy removal keeps clearing O(1); sweep before tombstones dominate. */
        if (loop->cancelled_in_heap > 64 && loop->cancelled_in_heap > loop->live_in_heap) {
            fl__heap_filter(&loop->heap, keep_live, loop);
            loop->cancelled_in_heap = 0;
        }
    }
    return 0;
}

void fl__timers_run(fl_loop *loop, uint32_t idx)
{
    fl__task *t = fl__pool_at(&loop->pool, idx);
    /* The next beat's shadow entry now stands for the pending interval. */
    if (t->flags & FL__TASK_IN_HEAP)
        loop->live_in_heap++;
    uint16_t saved = loop->current_nesting;
    loop->current_nesting = t->nesting;
    t->flags |= FL__TASK_RUNNING;
    t->fn(loop, t->arg);
    t = fl__pool_at(&loop->pool, idx);
    t->flags &= (uint8_t)~FL__TASK_RUNNING;
    loop->current_nesting = saved;
    if (t->u.period_us > 0 && t->nesting < UINT16_MAX)
        t->nesting++;
    release_if_unreferenced(loop, idx);
}

int64_t fl__timers_next_deadline(fl_loop *loop)
{
    /* Cleared timers must not wake the loop. */
    drop_cleared_top(loop);
    const fl__heap_entry *top = fl__heap_top(&loop->heap);
    return top ? top->deadline : INT64_MAX;
}

int64_t fl__timers_last_deadline(const fl_loop *loop)
{
    int64_t last = INT64_MIN;
    for (size_t i = 0; i < loop->heap.len; i++) {
        const fl__heap_entry *e = fl__heap_at(&loop->heap, i);
        if (!(fl__pool_at(&loop->pool, e->idx)->flags & FL__TASK_CANCELLED) && e->deadline > last)
            last = e->deadline;
    }
    return last;
}

void fl__timers_destroy(fl_loop *loop)
{
    /* Nodes are freed with the pool; only the heap's array is ours. */
    fl__heap_destroy(&loop->heap);
}

/* ---- The node profile's timers (libuv's uv__run_timers, Node's lists) ---- */

uint32_t fl__timers_pop_due(fl_loop *loop, int64_t now)
{
    int64_t deadline;
    uint32_t idx = pop_live_due(loop, now, &deadline);
    if (idx != FL__NIL)
        loop->live_in_heap--;
    return idx;
}

void fl__timers_run_node(fl_loop *loop, uint32_t idx)
{
    fl__task *t = fl__pool_at(&loop->pool, idx);
    /* listOnTimeout reads getLibuvNow() before an interval's callback and
     * restarts it from there once the callback returns. */
    int64_t start = node_now_ms(loop);
    t->flags |= FL__TASK_RUNNING;
    t->fn(loop, t->arg);
    t = fl__pool_at(&loop->pool, idx);
    t->flags &= (uint8_t)~FL__TASK_RUNNING;
    if ((t->flags & FL__TASK_REPEAT) && !(t->flags & FL__TASK_CANCELLED) &&
        heap_add(loop, idx, start + t->u.period_us) == 0) {
        loop->live_in_heap++;
        return;
    }
    release_if_unreferenced(loop, idx);
}

void fl__timers_requeue_node(fl_loop *loop, const uint32_t *due, size_t n)
{
    /* Still due: back into the heap at the cached time, in the same order. */
    for (size_t i = 0; i < n; i++) {
        if (due[i] == FL__NIL)
            continue;
        fl__task *t = fl__pool_at(&loop->pool, due[i]);
        if (!(t->flags & FL__TASK_CANCELLED) && heap_add(loop, due[i], loop->node_now) == 0)
            loop->live_in_heap++;
        else
            release_if_unreferenced(loop, due[i]);
    }
}
