/*
 * The microtask queue and the HTML "perform a microtask checkpoint" steps.
 *
 * The queue is a power-of-two ring of (fn, arg, label): a microtask costs one
 * store and one load, with no allocation once the ring has grown.
 */
#include "core/loop_internal.h"

#include <stdlib.h>
#include <string.h>

int fl__ring_grow(fl__microtask_queue *q)
{
    size_t cap = q->cap ? q->cap * 2 : 256;
    fl__microtask *v = malloc(cap * sizeof(*v));
    if (!v)
        return FL_ENOMEM;
    /* Unwrap the old ring into the start of the new one. */
    for (size_t i = 0; i < q->len; i++)
        v[i] = q->v[(q->head + i) & (q->cap - 1)];
    free(q->v);
    q->v = v;
    q->cap = cap;
    q->head = 0;
    return 0;
}

int fl_queue_microtask_named(fl_loop *loop, fl_task_fn fn, void *arg, const char *label)
{
    if (!loop || !fn)
        return FL_EINVAL;
    return fl__ring_push(&loop->mq, fn, arg, label);
}

int fl_perform_microtask_checkpoint(fl_loop *loop)
{
    if (!loop)
        return FL_EINVAL;
    /* Step 1: a checkpoint reached from inside a checkpoint does nothing. */
    if (loop->performing_checkpoint)
        return 0;
    loop->performing_checkpoint = 1;
    /* Most checkpoints find nothing to run: only real work is a trace span. */
    int traced = loop->mq.len > 0;
    if (traced)
        fl__phase_begin(loop, "RunMicrotasks");
    int rc = 0;
    fl__microtask_queue *q = &loop->mq;
    /* No code runs between two jobs, so the stack depth is raised once for
     * the whole checkpoint. The livelock budget is the loop's: a job may run
     * its successor itself (fl__microtask_run_next_here). */
    loop->microtask_budget = loop->opt.microtask_limit;
    loop->depth++;
    while (q->len > 0 && loop->microtask_budget > 0) {
        fl__microtask m = fl__ring_pop(q);
        loop->microtask_budget--;
        m.fn(loop, m.arg);
    }
    loop->depth--;
    uint64_t ran = loop->opt.microtask_limit - loop->microtask_budget;
    loop->microtask_budget = 0;
    if (q->len > 0) {
        fl__fail(loop,
                 "microtask livelock: more than %llu microtasks in one checkpoint; "
                 "still queuing: %s",
                 (unsigned long long)loop->opt.microtask_limit, q->v[q->head].label);
        rc = FL_ELIVELOCK;
    }
    loop->stats.microtasks_run += ran;
    loop->stats.checkpoints++;
    for (int i = 0; i < loop->ncheckpoint_hooks; i++)
        loop->checkpoint_hooks[i].fn(loop, loop->checkpoint_hooks[i].arg);
    if (traced)
        fl__phase_end(loop);
    loop->performing_checkpoint = 0;
    return rc;
}

int fl_invoke_callback(fl_loop *loop, fl_task_fn fn, void *arg)
{
    if (!loop || !fn)
        return FL_EINVAL;
    loop->depth++;
    fn(loop, arg);
    loop->depth--;
    /* "Clean up after running script": only once the stack is empty again. */
    if (loop->depth > 0)
        return 0;
    return fl_perform_microtask_checkpoint(loop);
}

void fl__ring_free(fl__microtask_queue *q)
{
    free(q->v);
    memset(q, 0, sizeof(*q));
}

void fl__microtasks_destroy(fl_loop *loop)
{
    fl__ring_free(&loop->mq);
    fl__ring_free(&loop->ticks);
}
