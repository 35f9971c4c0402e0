/*
 * The loop object: creation, teardown, posting and cancelling tasks, and the
 * small accessors. The turn itself lives in run.c.
 */
#include "core/loop_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int options_valid(const fl_loop_options *opt)
{
    return opt->vsync_us > 0 && (unsigned)opt->clock <= FL_CLOCK_REAL &&
           (unsigned)opt->policy <= FL_POLICY_RANDOM && opt->microtask_limit > 0 &&
           opt->timer_task_limit > 0 && (unsigned)opt->profile <= FL_PROFILE_NODE &&
           (opt->node_version == 10 || opt->node_version == 11) && opt->node_startup_us >= 0;
}

fl_loop *fl_loop_new(const fl_loop_options *opt)
{
    fl_loop_options defaults;
    if (!opt) {
        fl_loop_options_init(&defaults);
        opt = &defaults;
    }
    if (!options_valid(opt))
        return NULL;
    fl_loop *loop = calloc(1, sizeof(*loop));
    if (!loop)
        return NULL;
    loop->opt = *opt;
    loop->rng = opt->seed;
    loop->rr_last = -1;
    loop->next_tick = 0;
    atomic_init(&loop->stop_requested, 0);
    fl__pool_init(&loop->pool);
    fl__heap_init(&loop->heap);
    fl__clock_init(loop);
    fl__node_init(loop);
    if (fl__sources_init(loop) != 0 || fl__pump_init(loop) != 0) {
        fl__sources_destroy(loop);
        free(loop);
        return NULL;
    }
    return loop;
}

/* Drops every queued node, running the destructors of posted tasks. */
static size_t drop_queued(fl_loop *loop)
{
    size_t dropped = 0;
    uint32_t idx;
    while ((idx = fl__sources_take(loop)) != FL__NIL) {
        fl__task *t = fl__pool_at(&loop->pool, idx);
        if (!(t->flags & FL__TASK_TIMER) && t->u.destroy)
            t->u.destroy(t->arg);
        fl__pool_release(&loop->pool, idx);
        dropped++;
    }
    return dropped;
}

int fl_loop_free(fl_loop *loop)
{
    if (!loop)
        return 0;
    if (loop->depth > 0 || loop->running)
        return FL_EBUSY;
    for (int i = 0; i < loop->nfree_hooks; i++)
        loop->free_hooks[i].fn(loop, loop->free_hooks[i].arg);
    size_t dropped = loop->live_in_heap + loop->mq.len;
    dropped += fl__pump_destroy(loop);
    dropped += drop_queued(loop) + fl__node_drop(loop);
    for (int i = 0; i < FL__EXT_COUNT; i++) {
        if (loop->ext[i].free_fn)
            loop->ext[i].free_fn(loop, loop->ext[i].data);
    }
    fl__timers_destroy(loop);
    fl__microtasks_destroy(loop);
    fl__sources_destroy(loop);
    fl__pool_destroy(&loop->pool);
    free(loop->log);
    free(loop);
    return dropped > INT32_MAX ? INT32_MAX : (int)dropped;
}

uint32_t fl__post(fl_loop *loop, fl_source source, fl_task_fn fn, void *arg, const char *name,
                  fl_destroy_fn destroy)
{
    uint32_t idx = fl__pool_alloc(&loop->pool);
    if (idx == FL__NIL)
        return FL__NIL;
    fl__task *t = fl__pool_at(&loop->pool, idx);
    t->fn = fn;
    t->arg = arg;
    t->name = name ? name : "task";
    t->u.destroy = destroy;
    t->source = (uint8_t)source;
    t->flags = 0;
    t->nesting = 0;
    fl__enqueue(loop, idx);
    return idx;
}

fl_task_id fl_post_task_ex(fl_loop *loop, fl_source source, fl_task_fn fn, void *arg,
                           const char *name, fl_destroy_fn destroy)
{
    if (!loop || !fn)
        return FL_EINVAL;
    if (source < 1 || source > loop->nsources)
        return FL_ENOENT;
    uint32_t idx = fl__post(loop, source, fn, arg, name, destroy);
    if (idx == FL__NIL)
        return FL_ENOMEM;
    return fl__task_id(fl__pool_at(&loop->pool, idx), idx);
}

int fl_post_task(fl_loop *loop, fl_source source, fl_task_fn fn, void *arg, const char *name)
{
    fl_task_id id = fl_post_task_ex(loop, source, fn, arg, name, NULL);
    return id < 0 ? (int)id : 0;
}

int fl_cancel_task(fl_loop *loop, fl_task_id task)
{
    if (!loop)
        return FL_EINVAL;
    uint32_t idx;
    fl__task *t = fl__pool_resolve(&loop->pool, task, &idx);
    if (!t || (t->flags & (FL__TASK_TIMER | FL__TASK_CANCELLED)) || !(t->flags & FL__TASK_QUEUED))
        return FL_ENOENT;
    /* The node stays linked as a tombstone: unlinking from a singly linked
     * FIFO would cost a walk, and the turn drops tombstones for free. */
    t->flags |= FL__TASK_CANCELLED;
    loop->live_queued--;
    if (t->source == 0)
        loop->node_queued--; /* a node phase-queue callback (fl_node_post) */
    if (t->u.destroy)
        t->u.destroy(t->arg);
    return 0;
}

void fl__fail(fl_loop *loop, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(loop->error, sizeof(loop->error), fmt, ap);
    va_end(ap);
    loop->failed = 1;
}

size_t fl_loop_pending(const fl_loop *loop)
{
    if (!loop)
        return 0;
    return loop->live_queued + loop->live_in_heap + loop->mq.len +
           atomic_load(&((fl_loop *)loop)->pump.inbox_count);
}

const char *fl_loop_error(const fl_loop *loop)
{
    return loop ? loop->error : "";
}

const fl_loop_options *fl_loop_options_of(const fl_loop *loop)
{
    return loop ? &loop->opt : NULL;
}

int fl_loop_get_stats(const fl_loop *loop, fl_loop_stats *out)
{
    if (!loop || !out)
        return FL_EINVAL;
    *out = loop->stats;
    return 0;
}

int fl__loop_add_checkpoint_hook(fl_loop *loop, void (*fn)(fl_loop *, void *), void *arg)
{
    if (!loop || !fn)
        return FL_EINVAL;
    if (loop->ncheckpoint_hooks == FL__MAX_CHECKPOINT_HOOKS)
        return FL_ELIMIT;
    loop->checkpoint_hooks[loop->ncheckpoint_hooks++] = (fl__checkpoint_hook){fn, arg};
    return 0;
}

int fl__loop_add_run_end_hook(fl_loop *loop, void (*fn)(fl_loop *, void *), void *arg)
{
    if (!loop || !fn)
        return FL_EINVAL;
    if (loop->nrun_end_hooks == FL__MAX_RUN_END_HOOKS)
        return FL_ELIMIT;
    loop->run_end_hooks[loop->nrun_end_hooks++] = (fl__checkpoint_hook){fn, arg};
    return 0;
}

int fl__loop_add_free_hook(fl_loop *loop, void (*fn)(fl_loop *, void *), void *arg)
{
    if (!loop || !fn)
        return FL_EINVAL;
    if (loop->nfree_hooks == FL__MAX_FREE_HOOKS)
        return FL_ELIMIT;
    loop->free_hooks[loop->nfree_hooks++] = (fl__checkpoint_hook){fn, arg};
    return 0;
}

int fl__loop_set_sync_hook(fl_loop *loop, const fl__sync_hook *hook)
{
    if (!loop || !hook || !hook->idle)
        return FL_EINVAL;
    if (loop->sync.idle)
        return FL_EBUSY;
    loop->sync = *hook;
    return 0;
}

int fl__loop_set_ext(fl_loop *loop, enum fl__ext_slot slot, void *data,
                     void (*free_fn)(fl_loop *loop, void *data))
{
    if (!loop || (unsigned)slot >= FL__EXT_COUNT)
        return FL_EINVAL;
    if (loop->ext[slot].data)
        return FL_EBUSY;
    loop->ext[slot] = (fl__ext){data, free_fn};
    return 0;
}

static void ext_free(fl_loop *loop, void *data)
{
    (void)loop;
    free(data);
}

void *fl__loop_ext_make(fl_loop *loop, enum fl__ext_slot slot, size_t size,
                        void (*on_free)(fl_loop *loop, void *data))
{
    void *data = loop->ext[slot].data;
    if (data)
        return data;
    if ((on_free && loop->nfree_hooks == FL__MAX_FREE_HOOKS) || !(data = calloc(1, size)))
        return NULL;
    loop->ext[slot] = (fl__ext){data, ext_free};
    if (on_free)
        fl__loop_add_free_hook(loop, on_free, data);
    return data;
}

int fl__loop_set_frame_hook(fl_loop *loop, const fl__frame_hook *hook)
{
    if (!loop || !hook || !hook->has_work || !hook->render)
        return FL_EINVAL;
    if (loop->frame.render)
        return FL_EBUSY;
    loop->frame = *hook;
    /* Ticks before now went by with nothing to render: the first one the
     * step can use is the next, or one falling exactly now. */
    int64_t now = fl__now(loop), period = loop->opt.vsync_us;
    loop->next_tick = (now + period - 1) / period * period;
    return 0;
}
