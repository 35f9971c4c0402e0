/*
 * bench_metrics: what measuring a run costs, each figure beside a baseline
 * from the same binary:
 *
 *   record   tasks, each doing about 1 us of CPU work (N / 4 of them), or
 *            none (N), queuing one microtask and advancing 100 us of virtual
 *            time, under a rAF animation (a frame every 160 tasks), with
 *            metrics recording vs the same run without: the recording
 *            overhead (target: within 10% for the 1 us task; the empty task
 *            shows the absolute cost, the loop's own turn being all there
 *            is); and with the trace's record kept too (every task and its
 *            checkpoint: two spans per task)
 *   trace    writing the Chrome trace of a 100,000-task run to a file vs
 *            fwrite of as many bytes: the export time
 *   report   the HTML report of 600 frames of a box animated by rAF, with a
 *            filmstrip of 600 thumbnails (each frame differs): its size in
 *            bytes and the time to write it
 *
 * Usage: bench_metrics [--smoke] [--n N] [--reps R]. Exits 0 unless a call fails.
 */
#include "bench_util.h"
#include "filmstrip.h"
#include "frameloop/dom.h"
#include "frameloop/metrics.h"

#define DEFAULT_N     1000000
#define DEFAULT_REPS  5
#define TRACE_TASKS   100000
#define REPORT_FRAMES 600
#define OVERHEAD      1.10
#define BUSY_WORK     1000 /* iterations: about 1 us of CPU work per task */

static void check(long long rc, const char *what)
{
    if (rc < 0) {
        fprintf(stderr, "bench_metrics: %s failed: %s\n", what, fl_err_name((int)rc));
        exit(1);
    }
}

/* ---- The workload: a chain of tasks under a rAF animation ------------------- */

typedef struct chain {
    size_t left;
    unsigned work; /* iterations of CPU work in each task */
} chain;

static void nothing(fl_loop *loop, void *arg)
{
    (void)loop;
    bu_sink += (uintptr_t)arg;
}

static void chain_task(fl_loop *loop, void *arg)
{
    chain *c = arg;
    uint64_t h = c->left;
    for (unsigned i = 0; i < c->work; i++)
        h = h * 6364136223846793005u + 1442695040888963407u; /* a dependent chain: ~1 ns each */
    bu_sink += h;
    check(fl_queue_microtask(loop, nothing, NULL), "fl_queue_microtask");
    fl_work(loop, 100);
    if (--c->left > 0)
        check(fl_post_task(loop, FL_SOURCE_POSTED_MESSAGE, chain_task, c, "step"), "fl_post_task");
}

static void animate(fl_loop *loop, double timestamp_ms, void *arg)
{
    chain *c = arg;
    bu_sink += (uint64_t)timestamp_ms;
    if (c->left > 0)
        check(fl_request_animation_frame(loop, animate, c), "fl_request_animation_frame");
}

/* Runs the workload of `n` tasks; returns the loop (to free) and its wall time. */
/* record: 0 off, 1 metrics, 2 metrics and the trace's record. */
static fl_loop *run_chain(size_t n, unsigned work, int record, uint64_t *ns)
{
    fl_loop *loop = fl_loop_new(NULL);
    if (!loop)
        check(FL_ENOMEM, "fl_loop_new");
    if (record)
        check(fl_metrics_enable(loop), "fl_metrics_enable");
    if (record == 2)
        check(fl_metrics_record_trace(loop, 1), "fl_metrics_record_trace");
    static chain c;
    c.left = n;
    c.work = work;
    check(fl_request_animation_frame(loop, animate, &c), "fl_request_animation_frame");
    check(fl_post_task(loop, FL_SOURCE_POSTED_MESSAGE, chain_task, &c, "step"), "fl_post_task");
    uint64_t t0 = bu_now_ns();
    check(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), "fl_loop_run");
    *ns = bu_now_ns() - t0;
    return loop;
}

typedef struct record_ctx {
    size_t n;
    unsigned work;
    int record;
} record_ctx;

static double record_rep(void *arg)
{
    record_ctx *r = arg;
    uint64_t ns;
    fl_loop *loop = run_chain(r->n, r->work, r->record, &ns);
    fl_loop_free(loop);
    return (double)ns / (double)r->n;
}

/* Runs `reps` of each configuration interleaved, so a change in the
 * machine's load hits all alike; returns the medians in ns per task. */
static void record_medians(size_t n, unsigned work, int reps, double out[3])
{
    double v[3][BU_MAX_REPS];
    for (int r = 0; r < reps; r++) {
        for (int k = 0; k < 3; k++) {
            record_ctx ctx = {n, work, k};
            v[k][r] = record_rep(&ctx);
        }
    }
    for (int k = 0; k < 3; k++)
        out[k] = bu_median(v[k], reps);
}

static void record_figures(size_t n, int reps)
{
    double empty[3], busy[3];
    record_medians(n, 0, reps, empty);
    record_medians(n / 4, BUSY_WORK, reps, busy);
    bu_print_row("~1 us task with recording vs without", "ns/task", busy[1], busy[0],
                 BU_RATIO_AT_MOST, OVERHEAD);
    bu_print_row("  with the trace kept too", "ns/task", busy[2], busy[0], BU_NO_TARGET, 0);
    bu_print_row("empty task with recording vs without", "ns/task", empty[1], empty[0],
                 BU_NO_TARGET, 0);
    bu_print_row("  with the trace kept too", "ns/task", empty[2], empty[0], BU_NO_TARGET, 0);
}

/* ---- Trace export -------------------------------------------------------------- */

typedef struct trace_ctx {
    fl_loop *loop;
    long bytes;
    double fwrite_ms;
} trace_ctx;

static double trace_rep(void *arg)
{
    trace_ctx *t = arg;
    FILE *f = tmpfile();
    if (!f)
        check(FL_EIO, "tmpfile");
    uint64_t t0 = bu_now_ns();
    check(fl_metrics_write_trace_json(t->loop, f), "fl_metrics_write_trace_json");
    check(fflush(f) == 0 ? 0 : FL_EIO, "fflush");
    uint64_t t1 = bu_now_ns();
    t->bytes = ftell(f);
    fclose(f);
    /* The baseline: the same number of bytes through fwrite, in 4 KiB pieces. */
    static char block[4096];
    f = tmpfile();
    if (!f)
        check(FL_EIO, "tmpfile");
    uint64_t t2 = bu_now_ns();
    for (long left = t->bytes; left > 0; left -= (long)sizeof(block))
        fwrite(block, 1, left < (long)sizeof(block) ? (size_t)left : sizeof(block), f);
    fflush(f);
    t->fwrite_ms = (double)(bu_now_ns() - t2) / 1e6;
    fclose(f);
    return (double)(t1 - t0) / 1e6;
}

/* ---- The report of 600 frames ----------------------------------------------------- */

typedef struct film {
    fl_node *box;
    int frames;
} film;

static void move_box(fl_loop *loop, double timestamp_ms, void *arg)
{
    film *f = arg;
    char style[96];
    snprintf(style, sizeof(style),
             "left: %dpx; top: 40px; width: 60px; height: 60px; background: #36c",
             (int)(timestamp_ms / 4) % 580);
    check(fl_element_set_attribute(f->box, "style", style), "fl_element_set_attribute");
    if (++f->frames < REPORT_FRAMES)
        check(fl_request_animation_frame(loop, move_box, f), "fl_request_animation_frame");
}

static void report_figures(double *bytes, double *ms)
{
    fl_loop *loop = fl_loop_new(NULL);
    fl_document *doc = loop ? fl_document_of(loop) : NULL;
    if (!doc)
        check(FL_ENOMEM, "fl_loop_new");
    film f = {fl_document_create_element(doc, "div"), 0};
    check(fl_node_append_child(fl_document_body(doc), f.box), "fl_node_append_child");
    check(fl_metrics_enable(loop), "fl_metrics_enable");
    fl_filmstrip strip = {0};
    check(fl_filmstrip_attach(&strip, loop), "fl_filmstrip_attach");
    check(fl_request_animation_frame(loop, move_box, &f), "fl_request_animation_frame");
    check(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), "fl_loop_run");
    fl_metrics_report_options opt = {"bench", "fifo", 1, strip.frames, strip.n};
    FILE *out = tmpfile();
    if (!out || strip.failed)
        check(FL_EIO, "tmpfile / filmstrip");
    uint64_t t0 = bu_now_ns();
    check(fl_metrics_write_report_html(loop, out, &opt), "fl_metrics_write_report_html");
    fflush(out);
    *ms = (double)(bu_now_ns() - t0) / 1e6;
    *bytes = (double)ftell(out);
    fclose(out);
    fl_filmstrip_free(&strip);
    fl_loop_free(loop);
}

int main(int argc, char **argv)
{
    bu_opts o;
    if (bu_parse_opts(argc, argv, DEFAULT_N, DEFAULT_REPS, &o) != 0)
        return 2;
    bu_print_header("bench_metrics",
                    "record: N/4 tasks of ~1 us CPU work, N empty ones, each queuing a "
                    "microtask, under a rAF animation; trace: 100k tasks; report: 600 frames",
                    &o);
    record_figures(o.n, o.reps);
    uint64_t ns;
    trace_ctx t = {run_chain(o.smoke ? o.n : TRACE_TASKS, 0, 2, &ns), 0, 0};
    double trace_ms = bu_median_of(trace_rep, &t, o.reps);
    bu_print_row("trace export of 100k tasks vs fwrite", "ms", trace_ms, t.fwrite_ms, BU_NO_TARGET,
                 0);
    printf("%-40s %-8s %10.2f\n", "  trace size", "MB", (double)t.bytes / 1e6);
    fl_loop_free(t.loop);

    double bytes, ms;
    report_figures(&bytes, &ms);
    printf("%-40s %-8s %10.2f\n", "report of 600 frames: size", "MB", bytes / 1e6);
    printf("%-40s %-8s %10.2f\n", "report of 600 frames: write time", "ms", ms);
    return 0;
}
