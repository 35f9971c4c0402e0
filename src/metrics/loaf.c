/*
 * Long animation frames: the tasks since the previous frame, then the
 * rendering step that ends the frame.
 *
 * Only counters and a bounded list of the frame's longest tasks are kept
 * while it accumulates, so a frame with a million tasks costs no more memory
 * than one with ten. A LoAF copies the names it lists: a task's label need
 * only outlive the task.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics_internal.h"

void fl__metrics_frame_reset(fl__frame_acc *f)
{
    f->ntasks = 0;
    f->nlisted = 0;
    f->start_us = -1;
    f->longest_us = -1;
    f->excess_us = 0;
}

static int64_t excess(int64_t duration_us)
{
    return duration_us > FL__LONG_US ? duration_us - FL__LONG_US : 0;
}

static size_t find_shortest(const fl__frame_acc *f)
{
    size_t shortest = 0;
    for (size_t i = 1; i < f->nlisted; i++) {
        if (f->listed[i].duration_us < f->listed[shortest].duration_us)
            shortest = i;
    }
    return shortest;
}

/* Keeps the frame's longest tasks: a full list gives up its shortest. The
 * shortest is looked for only when the list changes, so a stream of short
 * tasks costs one comparison each. */
static void list_task(fl__frame_acc *f, const fl__task_rec *rec)
{
    if (f->nlisted < FL_METRICS_LOAF_MAX_TASKS) {
        f->listed[f->nlisted++] = *rec;
        if (f->nlisted == FL_METRICS_LOAF_MAX_TASKS)
            f->shortest = find_shortest(f);
        return;
    }
    size_t out = f->shortest;
    if (rec->duration_us <= f->listed[out].duration_us)
        return;
    memmove(&f->listed[out], &f->listed[out + 1], (f->nlisted - out - 1) * sizeof(f->listed[0]));
    f->listed[f->nlisted - 1] = *rec; /* still in start order */
    f->shortest = find_shortest(f);
}

void fl__metrics_frame_add_task(fl__frame_acc *f, const fl__task_rec *rec)
{
    if (f->start_us < 0)
        f->start_us = rec->start_us;
    if (rec->duration_us > f->longest_us)
        f->longest_us = rec->duration_us;
    f->excess_us += excess(rec->duration_us);
    f->ntasks++;
    list_task(f, rec);
}

/* Each long task's time over 50 ms, with the rendering time added to the
 * longest task (to the step itself when no task ran in the frame). */
static int64_t blocking_us(const fl__frame_acc *f, int64_t render_us)
{
    if (f->longest_us < 0)
        return excess(render_us);
    return f->excess_us - excess(f->longest_us) + excess(f->longest_us + render_us);
}

static double ms(int64_t us)
{
    return (double)us / 1000.0;
}

static char *copy_name(const char *s)
{
    size_t len = strlen(s);
    char *c = malloc(len + 1);
    if (c)
        memcpy(c, s, len + 1);
    return c;
}

static int copy_tasks(fl_loop *loop, const fl__frame_acc *f, fl__loaf *loaf)
{
    loaf->tasks = calloc(f->nlisted ? f->nlisted : 1, sizeof(*loaf->tasks));
    if (!loaf->tasks)
        return FL_ENOMEM;
    for (size_t i = 0; i < f->nlisted; i++) {
        const fl__task_rec *r = &f->listed[i];
        const char *source = fl_source_name(loop, r->source);
        fl_metrics_task t = {source ? source : "unknown", copy_name(r->name), ms(r->start_us),
                             ms(r->duration_us), r->microtasks};
        if (!t.name)
            return FL_ENOMEM;
        loaf->tasks[loaf->pub.ntasks_listed++] = t;
    }
    loaf->pub.tasks = loaf->tasks;
    return 0;
}

void fl__metrics_loaf_free(fl__loaf *loaf)
{
    for (size_t i = 0; i < loaf->pub.ntasks_listed; i++)
        free((char *)loaf->tasks[i].name);
    free(loaf->tasks);
}

static fl__loaf *new_loaf(fl__metrics *m)
{
    if (m->nloafs == m->loafs_cap) {
        size_t cap = m->loafs_cap ? m->loafs_cap * 2 : 8;
        fl__loaf *v = realloc(m->loafs, cap * sizeof(*v));
        if (!v)
            return NULL;
        m->loafs = v;
        m->loafs_cap = cap;
    }
    fl__loaf *loaf = &m->loafs[m->nloafs];
    memset(loaf, 0, sizeof(*loaf));
    return loaf;
}

static void add_loaf(fl_loop *loop, fl__metrics *m, int64_t tick_us, int64_t start, int64_t end)
{
    const fl__frame_acc *f = &m->frame;
    fl__loaf *loaf = new_loaf(m);
    if (!loaf)
        return;
    loaf->pub = (fl_metrics_loaf){ms(start),
                                  ms(end - start),
                                  ms(f->render_start_us),
                                  ms(f->style_start_us),
                                  ms(blocking_us(f, end - f->render_start_us)),
                                  tick_us / loop->opt.vsync_us,
                                  f->ntasks,
                                  0,
                                  NULL};
    if (copy_tasks(loop, f, loaf) != 0) {
        fl__metrics_loaf_free(loaf);
        return;
    }
    m->nloafs++;
}

void fl__metrics_end_frame(fl_loop *loop, fl__metrics *m, int64_t tick_us, int64_t end_us)
{
    fl__frame_acc *f = &m->frame;
    int64_t start = f->start_us >= 0 ? f->start_us : f->render_start_us;
    int64_t span = end_us - start;
    if (span > m->longest_frame_us)
        m->longest_frame_us = span;
    if (span > FL__LONG_US)
        add_loaf(loop, m, tick_us, start, end_us);
    fl__metrics_frame_reset(f);
}
