/*
 * process.nextTick and Node's processTicksAndRejections
 * (lib/internal/process/task_queues.js):
 *
 *   do {
 *       while ((tock = queue.shift()) !== null) run tock's callback;
 *       runMicrotasks();
 *   } while (!queue.isEmpty());
 *
 * So every nextTick queued so far, including those queued by ticks, runs
 * before any promise job; ticks queued by promise jobs wait until the whole
 * microtask queue has drained. When no tick is queued, only the microtasks
 * run, as Node's runNextTicks does.
 */
#include "core/loop_internal.h"

#include "frameloop/node.h"

int fl_next_tick_named(fl_loop *loop, fl_task_fn fn, void *arg, const char *label)
{
    if (!loop || !fn)
        return FL_EINVAL;
    if (loop->opt.profile != FL_PROFILE_NODE)
        return FL_ENOTSUP;
    return fl__ring_push(&loop->ticks, fn, arg, label ? label : "nextTick");
}

static int drain_ticks(fl_loop *loop)
{
    uint64_t ran = 0;
    while (loop->ticks.len > 0) {
        if (ran == loop->opt.microtask_limit) {
            fl__fail(loop,
                     "nextTick livelock: more than %llu nextTick callbacks in one drain; "
                     "still queuing: %s",
                     (unsigned long long)loop->opt.microtask_limit,
                     loop->ticks.v[loop->ticks.head].label);
            return FL_ELIVELOCK;
        }
        fl__microtask m = fl__ring_pop(&loop->ticks);
        loop->depth++;
        m.fn(loop, m.arg);
        loop->depth--;
        ran++;
    }
    return 0;
}

int fl__node_checkpoint(fl_loop *loop)
{
    int rc = 0;
    if (loop->ticks.len == 0) {
        rc = fl_perform_microtask_checkpoint(loop);
        if (rc != 0 || loop->ticks.len == 0)
            return rc;
    }
    do {
        rc = drain_ticks(loop);
        if (rc == 0)
            rc = fl_perform_microtask_checkpoint(loop);
    } while (rc == 0 && loop->ticks.len > 0);
    return rc;
}
