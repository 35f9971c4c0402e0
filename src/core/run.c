/*
 * The turn of the loop and fl_loop_run's modes.
 *
 * A turn mirrors the HTML event loop processing model:
 *   1. take in cross-thread posts and fd readiness, move due timers to the
 *      timer source;
 *   2. pick a task by the selection policy and run it;
 *   3. perform a microtask checkpoint;
 *   4. update the rendering if a vsync tick has passed and something is
 *      waiting to render (checked after every task, so no stream of tasks can
 *      starve rendering).
 * When nothing is runnable the loop waits: the virtual clock jumps to the next
 * deadline, the real clock sleeps in libevent.
 */
#include "core/loop_internal.h"

#include <stdio.h>

typedef fl__run_goal run_goal;

static void gather(fl_loop *loop)
{
    fl__pump_take_inbox(loop);
    fl__pump_poll(loop);
    const fl__heap_entry *top = fl__heap_top(&loop->heap);
    if (top && top->deadline <= fl__now(loop))
        fl__timers_move_due(loop);
}

static int frame_wanted(fl_loop *loop)
{
    return loop->frame.render && loop->frame.has_work(loop, loop->frame.arg);
}

/* Step 4: one rendering opportunity per vsync tick that has passed. A tick
 * with nothing to render is an idle slot: no frame is made for it. */
static void update_rendering(fl_loop *loop)
{
    int64_t now = fl__now(loop);
    if (!loop->frame.render || now < loop->next_tick)
        return;
    int64_t period = loop->opt.vsync_us;
    int64_t tick = now - now % period;
    loop->next_tick = tick + period;
    /* Not inside a task: each callback of the step is followed by its own
     * microtask checkpoint ("clean up after running script"). */
    if (!loop->frame.has_work(loop, loop->frame.arg))
        return;
    if (loop->observer.render_begin)
        loop->observer.render_begin(loop, loop->observer.arg, tick);
    loop->frame.render(loop, loop->frame.arg, tick);
    if (loop->observer.render_end)
        loop->observer.render_end(loop, loop->observer.arg, tick);
}

static void run_task(fl_loop *loop, uint32_t idx)
{
    fl__task *t = fl__pool_at(&loop->pool, idx);
    if (loop->observer.task_begin)
        loop->observer.task_begin(loop, loop->observer.arg, t->source, t->name);
    loop->depth++;
    if (t->flags & FL__TASK_TIMER) {
        loop->stats.timers_fired++;
        loop->timer_tasks_this_run++;
        fl__timers_run(loop, idx);
    } else {
        /* Free the node first: the task may post more and reuse it. */
        fl_task_fn fn = t->fn;
        void *arg = t->arg;
        fl__pool_release(&loop->pool, idx);
        fn(loop, arg);
    }
    loop->depth--;
    loop->stats.tasks_run++;
    /* Most tasks queue no microtask: skip the call when there is nothing to do. */
    if (loop->mq.len > 0 || loop->ncheckpoint_hooks > 0)
        fl_perform_microtask_checkpoint(loop);
    else
        loop->stats.checkpoints++;
    if (loop->observer.task_end)
        loop->observer.task_end(loop, loop->observer.arg);
}

int fl__loop_set_run_observer(fl_loop *loop, const fl__run_observer *observer)
{
    if (!loop || !observer)
        return FL_EINVAL;
    if (loop->observer.arg || loop->observer.task_begin || loop->observer.render_begin)
        return FL_EBUSY;
    loop->observer = *observer;
    return 0;
}

void fl__check_timer_livelock(fl_loop *loop, const run_goal *goal, const char *label)
{
    if (goal->mode != FL_RUN_UNTIL_IDLE || loop->timer_tasks_this_run <= loop->opt.timer_task_limit)
        return;
    fl__fail(loop,
             "timer livelock: more than %llu timer tasks in one run until idle; last: %s "
             "(a timer that keeps re-arming: run for a duration instead)",
             (unsigned long long)loop->opt.timer_task_limit, label);
}

/* Runs one task if one is runnable. Returns 1 if it ran one. */
static int run_one(fl_loop *loop, const run_goal *goal, int *ran_timer)
{
    uint32_t idx = fl__sources_take(loop);
    if (idx == FL__NIL)
        return 0;
    fl__task *t = fl__pool_at(&loop->pool, idx);
    *ran_timer = (t->flags & FL__TASK_TIMER) != 0;
    const char *label = t->name;
    run_task(loop, idx);
    if (*ran_timer)
        fl__check_timer_livelock(loop, goal, label);
    if (loop->frame.render)
        update_rendering(loop);
    return 1;
}

/* The next moment something becomes runnable: a timer or a vsync tick with
 * something to render. INT64_MAX when nothing is scheduled. */
static int64_t next_wakeup(fl_loop *loop)
{
    int64_t next = fl__timers_next_deadline(loop);
    if (frame_wanted(loop) && loop->next_tick < next)
        next = loop->next_tick;
    return next;
}

/* Nothing is runnable: wait for the next thing. Returns 0 to go on, 1 when
 * the run is over (idle, or the goal's end was reached). */
static int idle(fl_loop *loop, const run_goal *goal)
{
    int64_t next = next_wakeup(loop);
    int external = fl__pump_has_external(loop);
    /* Peer loops (workers) that may still post bound how far the clock goes. */
    int quiet = 1;
    int64_t bound = loop->sync.idle ? loop->sync.idle(loop, loop->sync.arg, &next, external, &quiet)
                                    : INT64_MAX;
    if (next == INT64_MAX && !external && quiet && goal->end == INT64_MAX)
        return 1;
    int64_t until = next < goal->end ? next : goal->end;
    int is_virtual = loop->opt.clock == FL_CLOCK_VIRTUAL;
    if (!is_virtual || external || bound < until) {
        /* Real time, or virtual time paused for external work or a peer. */
        fl__pump_wait(loop, is_virtual ? INT64_MAX : until);
    } else {
        fl__clock_advance_to(loop, until);
    }
    if (next > goal->end && fl__now(loop) >= goal->end)
        return 1;
    update_rendering(loop);
    return 0;
}

static int resolve_goal(fl_loop *loop, fl_run_mode mode, int64_t arg, run_goal *goal)
{
    int64_t now = fl__now(loop);
    goal->mode = mode;
    goal->end = INT64_MAX;
    switch (mode) {
    case FL_RUN_UNTIL_IDLE:
    case FL_RUN_NEXT:
        return 0;
    case FL_RUN_FOR:
        if (arg < 0 || arg > INT64_MAX - now)
            return FL_EINVAL;
        goal->end = now + arg;
        return 0;
    case FL_RUN_UNTIL:
        goal->end = arg < now ? now : arg;
        return 0;
    case FL_RUN_TO_LAST: {
        int64_t last = fl__timers_last_deadline(loop);
        goal->end = last < now ? now : last;
        return 0;
    }
    }
    return FL_EINVAL;
}

/* Whether a timer due by `end` has yet to run: a callback's fl_work may carry
 * the clock past a run's end, and what fell due by the end still runs, as a
 * fake clock's tick(end) fires every timer scheduled up to it. */
static int timers_due_by(fl_loop *loop, int64_t end)
{
    const fl__heap_entry *top = fl__heap_top(&loop->heap);
    return (top && top->deadline <= end) || loop->sources[FL_SOURCE_TIMER - 1].head != FL__NIL;
}

/* Returns 0 when the goal was reached, 1 when stopped, or FL_ELIVELOCK. */
int fl__browser_run(fl_loop *loop, const run_goal *goal)
{
    for (;;) {
        /* A plain load first: the exchange is a locked instruction. */
        if (atomic_load_explicit(&loop->stop_requested, memory_order_relaxed) &&
            atomic_exchange(&loop->stop_requested, 0))
            return 1;
        if (loop->sync.turn && loop->sync.turn(loop, loop->sync.arg)) {
            fl__pump_wait(loop, INT64_MAX);
            continue;
        }
        gather(loop);
        if (fl__now(loop) > goal->end && !timers_due_by(loop, goal->end))
            return 0;
        int ran_timer = 0;
        if (run_one(loop, goal, &ran_timer)) {
            if (loop->failed)
                return FL_ELIVELOCK;
            if (goal->mode == FL_RUN_NEXT && ran_timer)
                return 0;
            continue;
        }
        if (idle(loop, goal))
            return 0;
    }
}

int fl_loop_run(fl_loop *loop, fl_run_mode mode, int64_t arg)
{
    if (!loop)
        return FL_EINVAL;
    if (loop->running || loop->depth > 0)
        return FL_EBUSY;
    run_goal goal;
    if (resolve_goal(loop, mode, arg, &goal) != 0)
        return FL_EINVAL;
    loop->running = 1;
    loop->failed = 0;
    loop->error[0] = '\0';
    loop->timer_tasks_this_run = 0;
    int rc;
    if (loop->opt.profile == FL_PROFILE_NODE) {
        rc = fl__node_run(loop, &goal);
    } else {
        /* Code that ran before the call is script whose stack has now emptied:
         * "clean up after running script" performs a checkpoint for it. */
        rc = fl_perform_microtask_checkpoint(loop);
        if (rc == 0)
            rc = fl__browser_run(loop, &goal);
    }
    /* A run that reached its goal ends exactly at its end time in virtual time;
     * a stopped one ends where it stopped. */
    if (rc == 0 && goal.end != INT64_MAX && loop->opt.clock == FL_CLOCK_VIRTUAL)
        fl__clock_advance_to(loop, goal.end);
    for (int i = 0; i < loop->nrun_end_hooks; i++)
        loop->run_end_hooks[i].fn(loop, loop->run_end_hooks[i].arg);
    loop->running = 0;
    return rc < 0 ? rc : 0;
}
