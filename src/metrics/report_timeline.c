/*
 * The report's frame timeline: an SVG with a bar per vsync slot (colored as
 * the HUD colors it), and under it the long tasks and the long animation
 * frames on the same time axis, each shape with a tooltip (<title>).
 *
 * Slots are at most MAX_PITCH px apart; a run with more slots than fit in
 * CHART_W px gets thinner bars, and below MIN_BAR px a bar per slot would be
 * a blur, so each run of slots of one kind becomes one shape: an hour of
 * smooth animation is one green bar, not 225,000 of them.
 */
#include <stdlib.h>

#include "metrics/metrics_internal.h"

#define LABEL_W   90   /* the row labels' column */
#define CHART_W   1100 /* at most, for the slots */
#define MAX_PITCH 8.0  /* px per slot, at most */
#define MIN_BAR   3.0  /* px: thinner, and runs are merged */
#define ROW_SLOTS 10   /* top of each row */
#define ROW_LONG  52
#define ROW_LOAF  76
#define SLOT_H    30
#define IDLE_H    8
#define ROW_H     14
#define AXIS_Y    104
#define SVG_H     112

int fl__slot_range_init(fl__slot_range *r, const fl_loop *loop, const fl__metrics *m)
{
    int64_t period = fl_loop_options_of(loop)->vsync_us;
    int64_t first = (m->origin_us + period - 1) / period * period;
    int64_t last = fl_now(loop) / period * period;
    *r = (fl__slot_range){first, period, 0, NULL};
    if (last < first)
        return 0;
    r->n = (size_t)((last - first) / period) + 1;
    if (!(r->kinds = malloc(r->n)))
        return FL_ENOMEM;
    for (size_t i = 0; i < r->n; i++)
        r->kinds[i] = FL__SLOT_IDLE;
    for (size_t i = 0; i < m->nslots; i++) {
        int64_t k = (m->slots[i].tick_us - first) / period;
        if (k >= 0 && (size_t)k < r->n)
            r->kinds[k] = m->slots[i].kind;
    }
    int64_t pending = (m->pending_tick - first) / period;
    if (m->pending_tick >= first && m->pending_expected && (size_t)pending < r->n)
        r->kinds[pending] = FL__SLOT_DROPPED;
    return 0;
}

void fl__slot_range_free(fl__slot_range *r)
{
    free(r->kinds);
    r->kinds = NULL;
}

typedef struct chart {
    FILE *out;
    const fl__slot_range *r;
    double pitch; /* px per slot */
} chart;

/* The x of loop time `us`, clamped to the chart. */
static double x_of(const chart *c, int64_t us)
{
    double x = (double)(us - c->r->first_tick) / (double)c->r->period * c->pitch;
    double right = (double)c->r->n * c->pitch;
    return LABEL_W + (x < 0 ? 0 : x > right ? right : x);
}

static void put_rect(const chart *c, const char *cls, double x, int y, double w, int h)
{
    fprintf(c->out, "<rect class=%s x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\">", cls, x, y,
            w, h);
}

/* Slots [i, j) of one kind: one bar each when they are wide enough, else one shape. */
static void put_slot_run(const chart *c, size_t i, size_t j)
{
    uint8_t kind = c->r->kinds[i];
    const char *label = fl__slot_colors[kind].label;
    int h = kind == FL__SLOT_IDLE ? IDLE_H : SLOT_H;
    int y = ROW_SLOTS + SLOT_H - h;
    char cls[4] = {'k', (char)('0' + kind), 0, 0};
    int64_t v0 = c->r->first_tick / c->r->period + (int64_t)i;
    if (c->pitch < MIN_BAR) {
        put_rect(c, cls, LABEL_W + (double)i * c->pitch, y, (double)(j - i) * c->pitch, h);
        fprintf(c->out, "<title>vsync %lld-%lld: %zu %s</title></rect>\n", (long long)v0,
                (long long)(v0 + (int64_t)(j - i) - 1), j - i, label);
        return;
    }
    for (size_t k = i; k < j; k++) {
        int64_t v = v0 + (int64_t)(k - i);
        put_rect(c, cls, LABEL_W + (double)k * c->pitch, y, c->pitch - 1, h);
        fprintf(c->out, "<title>vsync %lld at %.3f ms: %s</title></rect>\n", (long long)v,
                (double)(v * c->r->period) / 1000.0, label);
    }
}

static void put_slots(const chart *c)
{
    size_t i = 0;
    while (i < c->r->n) {
        size_t j = i + 1;
        while (j < c->r->n && c->r->kinds[j] == c->r->kinds[i])
            j++;
        put_slot_run(c, i, j);
        i = j;
    }
}

static void put_span(const chart *c, const char *cls, int y, int64_t start, int64_t dur)
{
    double x0 = x_of(c, start), x1 = x_of(c, start + dur);
    put_rect(c, cls, x0, y, x1 - x0 < 1 ? 1 : x1 - x0, ROW_H);
}

static void put_long_tasks(const chart *c, const fl_loop *loop, const fl__metrics *m)
{
    for (size_t i = 0; i < m->nlong; i++) {
        const fl__long_task *t = &m->long_list[i];
        const char *source = fl_source_name(loop, t->source);
        put_span(c, "lt", ROW_LONG, t->start_us, t->duration_us);
        fputs("<title>", c->out);
        fl__html_put(c->out, t->name);
        fprintf(c->out, " (%s): %.3f ms at %.3f ms</title></rect>\n", source ? source : "unknown",
                (double)t->duration_us / 1000.0, (double)t->start_us / 1000.0);
    }
}

static void put_loafs(const chart *c, const fl_loop *loop)
{
    for (size_t i = 0; i < fl_metrics_loaf_count(loop); i++) {
        fl_metrics_loaf l;
        fl_metrics_loaf_at(loop, i, &l);
        put_span(c, "lf", ROW_LOAF, (int64_t)(l.start_time_ms * 1000.0 + 0.5),
                 (int64_t)(l.duration_ms * 1000.0 + 0.5));
        fprintf(c->out,
                "<title>long animation frame: %.3f ms at %.3f ms, blocking %.3f ms, "
                "vsync %lld</title></rect>\n",
                l.duration_ms, l.start_time_ms, l.blocking_duration_ms, (long long)l.vsync);
    }
}

/* Time labels: the smallest 1-2-5 step that gives at most 10 of them. */
static void put_axis(const chart *c)
{
    double span_ms = (double)c->r->n * (double)c->r->period / 1000.0;
    double step = 1;
    for (int i = 0; span_ms / step > 10; i++)
        step *= i % 3 == 1 ? 2.5 : 2;
    double first_ms = (double)c->r->first_tick / 1000.0;
    for (double t = (double)(int64_t)(first_ms / step) * step; t <= first_ms + span_ms; t += step) {
        if (t < first_ms)
            continue;
        fprintf(c->out, "<text x=\"%.2f\" y=\"%d\">%g ms</text>\n", x_of(c, (int64_t)(t * 1000.0)),
                AXIS_Y, t);
    }
}

static void put_styles(FILE *out)
{
    fputs("<style>", out);
    for (int k = 0; k < 4; k++)
        fprintf(out, ".k%d{fill:#%02x%02x%02x}", k, fl__slot_colors[k].r, fl__slot_colors[k].g,
                fl__slot_colors[k].b);
    fputs(".lt{fill:#b71c1c}.lf{fill:#8e24aa}</style>\n", out);
}

static void put_legend(FILE *out)
{
    fputs("<p class=legend>", out);
    for (int k = 0; k < 4; k++)
        fprintf(out, "<span><i style=\"background:#%02x%02x%02x\"></i>%s</span>",
                fl__slot_colors[k].r, fl__slot_colors[k].g, fl__slot_colors[k].b,
                fl__slot_colors[k].label);
    fputs("<span><i style=\"background:#b71c1c\"></i>long task</span>"
          "<span><i style=\"background:#8e24aa\"></i>long animation frame</span></p>\n",
          out);
}

void fl__report_timeline(FILE *out, const fl_loop *loop, const fl__metrics *m,
                         const fl__slot_range *r)
{
    fputs("<section id=timeline><h2>Frame timeline</h2>\n", out);
    if (r->n == 0) {
        fputs("<p>No vsync slot passed.</p></section>\n", out);
        return;
    }
    chart c = {out, r, (double)CHART_W / (double)r->n};
    if (c.pitch > MAX_PITCH)
        c.pitch = MAX_PITCH;
    fprintf(out,
            "<svg id=timeline-svg width=\"%.0f\" "
            "height=\"%d\">\n",
            LABEL_W + (double)r->n * c.pitch + 40, SVG_H);
    put_styles(out);
    fprintf(out,
            "<text x=\"4\" y=\"%d\">frames</text><text x=\"4\" y=\"%d\">long tasks</text>"
            "<text x=\"4\" y=\"%d\">LoAFs</text>\n",
            ROW_SLOTS + SLOT_H - 4, ROW_LONG + ROW_H - 3, ROW_LOAF + ROW_H - 3);
    put_slots(&c);
    put_long_tasks(&c, loop, m);
    put_loafs(&c, loop);
    put_axis(&c);
    fputs("</svg>\n", out);
    put_legend(out);
    fputs("</section>\n", out);
}
