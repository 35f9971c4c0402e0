/*
 * The HTML report (fl_metrics_write_report_html): one self-contained file, no
 * script and nothing fetched, so it opens anywhere, offline, and attaches to a
 * bug report as it is. This file writes the page, the summary and the tables;
 * report_timeline.c the timeline; report_film.c the filmstrip.
 *
 * The text is fixed (times with 3 decimals), so a virtual-clock run gives the
 * same bytes every time.
 */
#include <stdlib.h>

#include "metrics/metrics_internal.h"

static const char style[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#212121;background:#fafafa}"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}"
    ".meta{color:#616161;margin:0}"
    "table{border-collapse:collapse;background:#fff}"
    "td,th{border:1px solid #e0e0e0;padding:3px 8px;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".legend span{display:inline-block;margin-right:14px}"
    ".legend i{display:inline-block;width:12px;height:12px;margin-right:4px;"
    "vertical-align:-2px}"
    "svg{background:#fff;border:1px solid #e0e0e0}svg text{font:11px sans-serif;fill:#616161}"
    ".strip{display:flex;flex-wrap:wrap;gap:8px}"
    "figure{margin:0;background:#fff;border:2px solid #e0e0e0;padding:2px}"
    "figure.late{border-color:#fbc02d}"
    "figure div{width:160px;background-size:contain;background-repeat:no-repeat}"
    "figcaption{font-size:11px;color:#616161}"
    ".gap{display:flex;align-items:center;justify-content:center;width:60px;"
    "border-color:#e53935;color:#e53935;font-size:12px;text-align:center}";

void fl__html_put(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

static void put_count(FILE *out, const char *name, uint64_t v)
{
    fprintf(out, "<tr><th>%s</th><td class=n>%llu</td></tr>\n", name, (unsigned long long)v);
}

static void put_ms(FILE *out, const char *name, double v)
{
    fprintf(out, "<tr><th>%s</th><td class=n>%.3f ms</td></tr>\n", name, v);
}

static void put_summary(FILE *out, const fl_metrics_summary *s)
{
    const fl_metrics_window *w = &s->percent_dropped_window;
    fputs("<section id=summary><h2>Summary</h2><table>\n", out);
    put_count(out, "frames expected", s->frames_expected);
    put_count(out, "frames presented", s->frames_presented);
    put_count(out, "of which late", s->frames_presented_late);
    put_count(out, "frames dropped", s->frames_dropped);
    fprintf(out, "<tr><th>percent dropped</th><td class=n>%.1f%%</td></tr>\n", s->percent_dropped);
    fprintf(out,
            "<tr><th>dropped in a 1 s window</th><td class=n>max %.1f%%, p95 %.1f%%, "
            "median %.1f%%</td></tr>\n",
            w->max, w->p95, w->median);
    put_ms(out, "longest frame", s->longest_frame_ms);
    put_count(out, "long tasks", s->long_tasks);
    put_ms(out, "total blocking time", s->total_blocking_time_ms);
    put_count(out, "long animation frames", s->long_animation_frames);
    put_count(out, "tasks run", s->tasks_run);
    put_count(out, "microtasks run", s->microtasks_run);
    fputs("</table></section>\n", out);
}

static void put_task_row(FILE *out, const char *source, const char *name, double start,
                         double duration)
{
    fputs("<tr><td>", out);
    fl__html_put(out, source);
    fputs("</td><td>", out);
    fl__html_put(out, name);
    fprintf(out, "</td><td class=n>%.3f</td><td class=n>%.3f</td></tr>\n", start, duration);
}

static void put_long_tasks(FILE *out, const fl_loop *loop, const fl__metrics *m)
{
    fputs("<section id=long-tasks><h2>Long tasks (over 50 ms)</h2>\n", out);
    if (m->long_tasks == 0) {
        fputs("<p>None.</p></section>\n", out);
        return;
    }
    fputs("<table><tr><th>source</th><th>task</th><th>start (ms)</th><th>duration (ms)</th>"
          "</tr>\n",
          out);
    for (size_t i = 0; i < m->nlong; i++) {
        const fl__long_task *t = &m->long_list[i];
        const char *source = fl_source_name(loop, t->source);
        put_task_row(out, source ? source : "unknown", t->name, (double)t->start_us / 1000.0,
                     (double)t->duration_us / 1000.0);
    }
    fputs("</table></section>\n", out);
}

static void put_loaf(FILE *out, const fl_metrics_loaf *l)
{
    fprintf(out,
            "<tr><td class=n>%lld</td><td class=n>%.3f</td><td class=n>%.3f</td>"
            "<td class=n>%.3f</td><td class=n>%.3f</td><td class=n>%.3f</td>"
            "<td><table>\n",
            (long long)l->vsync, l->start_time_ms, l->duration_ms, l->render_start_ms,
            l->style_and_layout_start_ms, l->blocking_duration_ms);
    for (size_t i = 0; i < l->ntasks_listed; i++)
        put_task_row(out, l->tasks[i].source, l->tasks[i].name, l->tasks[i].start_ms,
                     l->tasks[i].duration_ms);
    if (l->ntasks > l->ntasks_listed)
        fprintf(out, "<tr><td colspan=4>and %zu shorter tasks</td></tr>\n",
                l->ntasks - l->ntasks_listed);
    fputs("</table></td></tr>\n", out);
}

static void put_loafs(FILE *out, const fl_loop *loop)
{
    size_t n = fl_metrics_loaf_count(loop);
    fputs("<section id=loafs><h2>Long animation frames</h2>\n", out);
    if (n == 0) {
        fputs("<p>None.</p></section>\n", out);
        return;
    }
    fputs("<table><tr><th>vsync</th><th>startTime</th><th>duration</th><th>renderStart</th>"
          "<th>styleAndLayoutStart</th><th>blockingDuration</th>"
          "<th>tasks (source, task, start, duration)</th></tr>\n",
          out);
    for (size_t i = 0; i < n; i++) {
        fl_metrics_loaf l;
        fl_metrics_loaf_at(loop, i, &l);
        put_loaf(out, &l);
    }
    fputs("</table></section>\n", out);
}

static void put_head(FILE *out, const fl_loop *loop, const fl_metrics_report_options *opt,
                     const fl_metrics_summary *s)
{
    const char *title = opt->title ? opt->title : "frameloop";
    fputs("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>", out);
    fl__html_put(out, title);
    fprintf(out, " - frameloop report</title>\n<style>%s</style></head><body>\n<h1>", style);
    fl__html_put(out, title);
    fputs("</h1>\n<p class=meta>", out);
    if (opt->policy) {
        fputs("policy ", out);
        fl__html_put(out, opt->policy);
        fprintf(out, ", seed %llu, ", (unsigned long long)opt->seed);
    }
    fprintf(out, "vsync every %.3f ms, %.3f ms of loop time</p>\n",
            (double)fl_loop_options_of(loop)->vsync_us / 1000.0, s->duration_ms);
}

int fl_metrics_write_report_html(fl_loop *loop, FILE *out, const fl_metrics_report_options *opt)
{
    static const fl_metrics_report_options none;
    if (!loop || !out)
        return FL_EINVAL;
    fl_metrics_summary s;
    int rc = fl_metrics_get_summary(loop, &s);
    if (rc != 0)
        return rc;
    const fl__metrics *m = fl__loop_ext(loop, FL__EXT_METRICS);
    fl__slot_range r;
    if (fl__slot_range_init(&r, loop, m) != 0)
        return FL_ENOMEM;
    opt = opt ? opt : &none;
    put_head(out, loop, opt, &s);
    put_summary(out, &s);
    fl__report_timeline(out, loop, m, &r);
    put_long_tasks(out, loop, m);
    put_loafs(out, loop);
    rc = fl__report_filmstrip(out, &r, opt);
    fputs("</body></html>\n", out);
    fl__slot_range_free(&r);
    if (rc == 0 && ferror(out))
        rc = FL_EIO;
    return rc;
}

static int write_report(fl_loop *loop, FILE *out, void *arg)
{
    return fl_metrics_write_report_html(loop, out, arg);
}

int fl_metrics_save_report_html(fl_loop *loop, const char *path,
                                const fl_metrics_report_options *opt)
{
    return fl__metrics_save_atomic(loop, path, write_report, (void *)opt);
}
