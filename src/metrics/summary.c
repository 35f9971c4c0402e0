/*
 * The summary: counters read out, and the percent of dropped frames in a
 * sliding 1 s window.
 *
 * One window ends at each expected slot from the first one a whole window
 * (less one period) after the first expected slot, and holds the expected
 * slots in the second up to it; a run shorter than that is one window. Its
 * max, p95 and median are taken over those windows (nearest rank).
 */
#include <stdlib.h>

#include "metrics/metrics_internal.h"

static double ms(int64_t us)
{
    return (double)us / 1000.0;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest rank: the smallest value with at least `pct` percent at or below it. */
static double percentile(const double *sorted, size_t n, unsigned pct)
{
    size_t rank = (n * pct + 99) / 100;
    return sorted[rank > 0 ? rank - 1 : 0];
}

/* The percent dropped of each window; returns how many were written. */
static size_t window_values(const fl__slot *s, size_t n, int64_t period, double *out)
{
    const int64_t window = (int64_t)FL_METRICS_WINDOW_MS * 1000;
    size_t nvalues = 0, lo = 0, dropped_in = 0;
    for (size_t hi = 0; hi < n; hi++) {
        dropped_in += s[hi].kind == FL__SLOT_DROPPED;
        while (s[lo].tick_us <= s[hi].tick_us - window)
            dropped_in -= s[lo++].kind == FL__SLOT_DROPPED;
        if (s[hi].tick_us >= s[0].tick_us + window - period)
            out[nvalues++] = (double)dropped_in * 100.0 / (double)(hi - lo + 1);
    }
    if (nvalues == 0) {
        size_t dropped = 0;
        for (size_t i = 0; i < n; i++)
            dropped += s[i].kind == FL__SLOT_DROPPED;
        out[nvalues++] = (double)dropped * 100.0 / (double)n;
    }
    return nvalues;
}

static void fill_windows(const fl__slot *s, size_t n, int64_t period, fl_metrics_window *w)
{
    *w = (fl_metrics_window){0, 0, 0};
    double *values = n ? malloc(n * sizeof(*values)) : NULL;
    if (!values)
        return;
    size_t nvalues = window_values(s, n, period, values);
    qsort(values, nvalues, sizeof(*values), compare_doubles);
    w->max = values[nvalues - 1];
    w->p95 = percentile(values, nvalues, 95);
    w->median = percentile(values, nvalues, 50);
    free(values);
}

static void fill_frames(const fl_loop *loop, fl__metrics *m, fl_metrics_summary *out)
{
    uint64_t dropped = m->counts[FL__SLOT_DROPPED];
    size_t nslots = m->nslots;
    /* A tick still waiting after a busy span was not presented: dropped.
     * add_slot keeps room for it, so this cannot allocate. */
    if (m->pending_tick >= 0 && m->pending_expected) {
        dropped++;
        if (m->nslots < m->slots_cap)
            m->slots[nslots++] = (fl__slot){m->pending_tick, FL__SLOT_DROPPED};
    }
    out->frames_presented = m->counts[FL__SLOT_ON_TIME] + m->counts[FL__SLOT_LATE];
    out->frames_presented_late = m->counts[FL__SLOT_LATE];
    out->frames_dropped = dropped;
    out->frames_expected = out->frames_presented + dropped;
    if (out->frames_expected)
        out->percent_dropped = (double)dropped * 100.0 / (double)out->frames_expected;
    fill_windows(m->slots, nslots, loop->opt.vsync_us, &out->percent_dropped_window);
}

int fl_metrics_get_summary(fl_loop *loop, fl_metrics_summary *out)
{
    if (!loop || !out)
        return FL_EINVAL;
    fl__metrics *m = fl__loop_ext(loop, FL__EXT_METRICS);
    if (!m)
        return FL_ENOENT;
    *out = (fl_metrics_summary){0};
    fill_frames(loop, m, out);
    out->longest_frame_ms = ms(m->longest_frame_us);
    out->long_tasks = m->long_tasks;
    out->total_blocking_time_ms = ms(m->tbt_us);
    out->long_animation_frames = m->nloafs;
    out->tasks_run = m->tasks_run;
    out->microtasks_run = m->microtasks_run;
    out->duration_ms = ms(fl__now(loop) - m->origin_us);
    return 0;
}

size_t fl_metrics_loaf_count(const fl_loop *loop)
{
    const fl__metrics *m = loop ? fl__loop_ext(loop, FL__EXT_METRICS) : NULL;
    return m ? m->nloafs : 0;
}

int fl_metrics_loaf_at(const fl_loop *loop, size_t i, fl_metrics_loaf *out)
{
    if (!loop || !out)
        return FL_EINVAL;
    const fl__metrics *m = fl__loop_ext(loop, FL__EXT_METRICS);
    if (!m || i >= m->nloafs)
        return FL_ENOENT;
    *out = m->loafs[i].pub;
    return 0;
}
