/*
 * Recording: the run observer core calls around each task and rendering step.
 *
 * A task or a rendering step is a busy span. When one ends, the vsync ticks
 * that passed inside it were missed at their tick: each but the last is
 * dropped at once if something was waiting (the following tick passed inside
 * the span too); the last stays pending, because the rendering step that
 * core runs right after the span may still present it, late. Any other
 * rendering step presents its tick on time.
 */
#include <stdlib.h>

#include "metrics/metrics_internal.h"

static int frame_wanted(fl_loop *loop)
{
    return loop->frame.render && loop->frame.has_work(loop, loop->frame.arg);
}

static int reserve_slots(fl__metrics *m, size_t n)
{
    if (n <= m->slots_cap)
        return 0;
    size_t cap = m->slots_cap ? m->slots_cap * 2 : 256;
    while (cap < n)
        cap *= 2;
    fl__slot *v = realloc(m->slots, cap * sizeof(*v));
    if (!v)
        return FL_ENOMEM;
    m->slots = v;
    m->slots_cap = cap;
    return 0;
}

/* Keeps one expected slot. One slot extra is always reserved, so the summary
 * can append the pending slot without allocating. */
static void add_slot(fl__metrics *m, int64_t tick_us, enum fl__slot_kind kind)
{
    m->counts[kind]++;
    if (reserve_slots(m, m->nslots + 2) != 0)
        return; /* the counts stay exact; only the windows lose the slot */
    m->slots[m->nslots++] = (fl__slot){tick_us, (uint8_t)kind};
}

/* The pending tick was not presented by the step after its span: dropped. */
static void resolve_pending(fl__metrics *m)
{
    if (m->pending_tick >= 0 && m->pending_expected)
        add_slot(m, m->pending_tick, FL__SLOT_DROPPED);
    m->pending_tick = -1;
}

/* The first vsync tick after `t`. Tasks come many to a period, so the last
 * answer usually holds: no 64-bit division on the common path. */
static int64_t tick_after(fl__metrics *m, int64_t t, int64_t period)
{
    if (t >= m->tick_after || t < m->tick_after - period)
        m->tick_after = (t / period + 1) * period;
    return m->tick_after;
}

static void busy_span_end(fl_loop *loop, fl__metrics *m, int64_t start, int64_t end, int waiting)
{
    int64_t period = loop->opt.vsync_us;
    int64_t first = tick_after(m, start, period);
    if (!loop->frame.render || first >= end)
        return;
    int64_t last = (end - 1) / period * period; /* the last tick before the end */
    resolve_pending(m);
    for (int64_t k = first; k < last; k += period) {
        if (waiting)
            add_slot(m, k, FL__SLOT_DROPPED);
    }
    if (last + period <= end) {
        /* The span ends on a tick: that tick, not `last`, is rendered next. */
        if (waiting)
            add_slot(m, last, FL__SLOT_DROPPED);
        return;
    }
    m->pending_tick = last;
    m->pending_expected = waiting;
    reserve_slots(m, m->nslots + 2);
}

/* The counters a span samples as it opens: `queued` (runnable tasks, or
 * microtasks for a part) and the pending timers. */
static void note_queues(const fl_loop *loop, fl__span *span, size_t queued)
{
    span->queued = (uint32_t)queued;
    span->timers = (uint32_t)loop->live_in_heap;
}

static void task_begin(fl_loop *loop, void *arg, fl_source source, const char *name)
{
    fl__metrics *m = arg;
    m->busy_start_us = fl__now(loop);
    m->busy_microtasks = loop->stats.microtasks_run;
    m->busy_waiting = frame_wanted(loop);
    m->busy_source = source;
    m->busy_name = name ? name : "task";
    m->in_task = 1;
    if (!m->tracing)
        return;
    fl__span *span = fl__trace_open(&m->trace, FL__SPAN_TASK, m->busy_start_us, m->busy_name, 0);
    if (span) {
        span->source = (int16_t)source;
        note_queues(loop, span, loop->live_queued);
    }
}

static void task_end(fl_loop *loop, void *arg)
{
    fl__metrics *m = arg;
    if (!m->in_task)
        return; /* enabled from inside this task: its start is unknown */
    m->in_task = 0;
    int64_t end = fl__now(loop);
    fl__task_rec rec = {m->busy_source, m->busy_name, m->busy_start_us, end - m->busy_start_us,
                        loop->stats.microtasks_run - m->busy_microtasks};
    m->tasks_run++;
    m->microtasks_run += rec.microtasks;
    if (rec.duration_us > FL__LONG_US) {
        m->long_tasks++;
        m->tbt_us += rec.duration_us - FL__LONG_US;
        fl__long_tasks_add(m, &rec);
    }
    fl__metrics_frame_add_task(&m->frame, &rec);
    if (m->tracing)
        fl__trace_close(&m->trace, end);
    busy_span_end(loop, m, rec.start_us, end, m->busy_waiting);
}

static void render_begin(fl_loop *loop, void *arg, int64_t tick_us)
{
    fl__metrics *m = arg;
    if (m->pending_tick == tick_us) {
        m->pending_tick = -1;
        add_slot(m, tick_us, FL__SLOT_LATE);
    } else {
        resolve_pending(m);
        add_slot(m, tick_us, FL__SLOT_ON_TIME);
    }
    m->busy_start_us = fl__now(loop);
    m->busy_microtasks = loop->stats.microtasks_run;
    m->frame.render_start_us = m->busy_start_us;
    m->frame.style_start_us = m->busy_start_us;
    m->in_render = 1;
    if (!m->tracing)
        return;
    fl__span *span = fl__trace_open(&m->trace, FL__SPAN_FRAME, m->busy_start_us, NULL,
                                    (uint32_t)(tick_us / loop->opt.vsync_us));
    if (span)
        note_queues(loop, span, loop->live_queued);
}

static void render_end(fl_loop *loop, void *arg, int64_t tick_us)
{
    fl__metrics *m = arg;
    int64_t end = fl__now(loop);
    if (!m->in_render)
        return; /* enabled from inside this step */
    m->in_render = 0;
    m->microtasks_run += loop->stats.microtasks_run - m->busy_microtasks;
    fl__metrics_end_frame(loop, m, tick_us, end);
    if (m->tracing)
        fl__trace_close(&m->trace, end);
    busy_span_end(loop, m, m->busy_start_us, end, frame_wanted(loop));
}

/* Each rAF callback ends with a checkpoint: the last one in a step marks the
 * start of style and layout. */
static void on_checkpoint(fl_loop *loop, void *arg)
{
    fl__metrics *m = arg;
    if (m->in_render)
        m->frame.style_start_us = fl__now(loop);
}

static void phase_begin(fl_loop *loop, void *arg, const char *name)
{
    fl__metrics *m = arg;
    fl__span *span = fl__trace_open(&m->trace, FL__SPAN_PHASE, fl__now(loop), name, 0);
    if (span)
        note_queues(loop, span, loop->mq.len);
}

static void phase_end(fl_loop *loop, void *arg)
{
    fl__trace_close(&((fl__metrics *)arg)->trace, fl__now(loop));
}

static void metrics_free(fl_loop *loop, void *data)
{
    (void)loop;
    fl__metrics *m = data;
    for (size_t i = 0; i < m->nloafs; i++)
        fl__metrics_loaf_free(&m->loafs[i]);
    free(m->loafs);
    free(m->slots);
    fl__trace_free(&m->trace);
    fl__long_tasks_free(m);
    free(m);
}

int fl_metrics_enable(fl_loop *loop)
{
    if (!loop)
        return FL_EINVAL;
    if (fl__loop_ext(loop, FL__EXT_METRICS))
        return 0;
    if (loop->observer.task_begin || loop->observer.render_begin)
        return FL_EBUSY;
    fl__metrics *m = calloc(1, sizeof(*m));
    if (!m)
        return FL_ENOMEM;
    m->origin_us = fl__now(loop);
    m->pending_tick = -1;
    fl__metrics_frame_reset(&m->frame);
    int rc = fl__loop_add_checkpoint_hook(loop, on_checkpoint, m);
    if (rc != 0) {
        free(m);
        return rc;
    }
    fl__loop_set_ext(loop, FL__EXT_METRICS, m, metrics_free);
    /* Spans are kept on request only (fl_metrics_record_trace). */
    fl__run_observer observer = {task_begin, task_end, render_begin, render_end, NULL, NULL, m};
    return fl__loop_set_run_observer(loop, &observer);
}

int fl_metrics_record_trace(fl_loop *loop, int on)
{
    if (!loop)
        return FL_EINVAL;
    fl__metrics *m = fl__loop_ext(loop, FL__EXT_METRICS);
    if (!m)
        return FL_ENOENT;
    /* Switching inside a task would leave a span open, or close one never opened. */
    if (loop->depth > 0 || loop->performing_checkpoint || m->in_task || m->in_render)
        return FL_EBUSY;
    m->tracing = on != 0;
    loop->observer.phase_begin = on ? phase_begin : NULL;
    loop->observer.phase_end = on ? phase_end : NULL;
    return 0;
}
