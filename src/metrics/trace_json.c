/*
 * The record as a Chrome Trace Event Format file (fl_metrics_write_trace_json),
 * which ui.perfetto.dev and chrome://tracing both load.
 *
 * One process, "Renderer", with two threads: tid 1, "CrRendererMain" (the
 * name Chromium gives a renderer's main thread, so tools that look for it find
 * it), carries each task and rendering step as a complete ("X") event, with
 * their parts nested inside (RunMicrotasks, FireAnimationFrame, Layout,
 * Paint), and "Queues" / "Microtasks" counters sample the queue lengths; tid 2,
 * "Frames", carries each dropped or late vsync slot as an instant ("i") event
 * at its tick. Times are loop times in integer microseconds, the format's
 * unit, so a virtual-clock run gives the same bytes every time.
 */
#include <stdio.h>
#include <string.h>

#include "metrics/metrics_internal.h"

#define MAIN_TID   1
#define FRAMES_TID 2

static void put_metadata(FILE *out, const char *what, int tid, const char *name)
{
    fprintf(out, "{\"name\":\"%s\",\"ph\":\"M\",\"pid\":1,\"tid\":%d,\"args\":{\"name\":", what,
            tid);
    fl__metrics_put_string(out, name);
    fputs("}}", out);
}

/* A span still open when the trace is written ends now. */
static int64_t span_duration(const fl_loop *loop, const fl__span *span)
{
    return span->duration_us >= 0 ? span->duration_us : fl_now(loop) - span->start_us;
}

static void put_complete(FILE *out, const char *name, const char *cat, int64_t ts, int64_t dur)
{
    fputs("{\"name\":", out);
    fl__metrics_put_string(out, name);
    fprintf(out, ",\"cat\":\"%s\",\"ph\":\"X\",\"ts\":%lld,\"dur\":%lld,\"pid\":1,\"tid\":%d", cat,
            (long long)ts, (long long)dur, MAIN_TID);
}

static void put_counter(FILE *out, const char *name, int64_t ts, const char *args)
{
    fprintf(out, ",\n{\"name\":\"%s\",\"ph\":\"C\",\"ts\":%lld,\"pid\":1,\"args\":{%s}}", name,
            (long long)ts, args);
}

/* The last "Queues" sample written: a counter holds its value until the
 * next sample, so a task that finds the queues as the last one did adds none. */
typedef struct queues_sample {
    int64_t tasks, timers; /* -1 before the first */
} queues_sample;

/* The queue lengths as a task or frame began: a "Queues" counter track. */
static void put_queues(FILE *out, const fl__span *span, queues_sample *last)
{
    if (span->queued == last->tasks && span->timers == last->timers)
        return;
    last->tasks = span->queued;
    last->timers = span->timers;
    char args[64];
    snprintf(args, sizeof(args), "\"tasks\":%u,\"timers\":%u", (unsigned)span->queued,
             (unsigned)span->timers);
    put_counter(out, "Queues", span->start_us, args);
}

static void put_task(FILE *out, const fl_loop *loop, const fl__trace *t, const fl__span *span,
                     queues_sample *last)
{
    const char *source = fl_source_name(loop, span->source);
    const char *name = fl__trace_name(t, span);
    put_complete(out, name, "task", span->start_us, span_duration(loop, span));
    fputs(",\"args\":{\"source\":", out);
    fl__metrics_put_string(out, source ? source : "unknown");
    fputs(",\"name\":", out);
    fl__metrics_put_string(out, name);
    fputs("}}", out);
    put_queues(out, span, last);
}

static void put_frame(FILE *out, const fl_loop *loop, const fl__span *span, queues_sample *last)
{
    put_complete(out, "Frame", "render", span->start_us, span_duration(loop, span));
    fprintf(out, ",\"args\":{\"vsync\":%lu}}", (unsigned long)span->arg);
    put_queues(out, span, last);
}

/* A part of a task or frame; a checkpoint also samples the microtask queue,
 * which it leaves empty. */
static void put_phase(FILE *out, const fl_loop *loop, const fl__trace *t, const fl__span *span)
{
    int64_t dur = span_duration(loop, span);
    const char *name = fl__trace_name(t, span);
    put_complete(out, name, "phase", span->start_us, dur);
    fputs("}", out);
    if (strcmp(name, "RunMicrotasks") == 0) {
        char args[32];
        snprintf(args, sizeof(args), "\"queued\":%u", (unsigned)span->queued);
        put_counter(out, "Microtasks", span->start_us, args);
        put_counter(out, "Microtasks", span->start_us + dur, "\"queued\":0");
    }
}

static void put_instant(FILE *out, int64_t tick_us, int64_t vsync_us, int late)
{
    fprintf(out,
            ",\n{\"name\":\"%s\",\"cat\":\"frame\",\"ph\":\"i\",\"s\":\"t\",\"ts\":%lld,"
            "\"pid\":1,\"tid\":%d,\"args\":{\"vsync\":%lld}}",
            late ? "LateFrame" : "DroppedFrame", (long long)tick_us, FRAMES_TID,
            (long long)(tick_us / vsync_us));
}

/* The dropped and late slots, and the slot still pending after a busy span,
 * which the summary counts as dropped too. */
static void put_frames(FILE *out, const fl_loop *loop, const fl__metrics *m)
{
    int64_t period = fl_loop_options_of(loop)->vsync_us;
    for (size_t i = 0; i < m->nslots; i++) {
        if (m->slots[i].kind != FL__SLOT_ON_TIME)
            put_instant(out, m->slots[i].tick_us, period, m->slots[i].kind == FL__SLOT_LATE);
    }
    if (m->pending_tick >= 0 && m->pending_expected)
        put_instant(out, m->pending_tick, period, 0);
}

int fl_metrics_write_trace_json(fl_loop *loop, FILE *out)
{
    if (!loop || !out)
        return FL_EINVAL;
    const fl__metrics *m = fl__loop_ext(loop, FL__EXT_METRICS);
    if (!m)
        return FL_ENOENT;
    fputs("{\"traceEvents\":[\n", out);
    put_metadata(out, "process_name", MAIN_TID, "Renderer");
    fputs(",\n", out);
    put_metadata(out, "thread_name", MAIN_TID, "CrRendererMain");
    fputs(",\n", out);
    put_metadata(out, "thread_name", FRAMES_TID, "Frames");
    const fl__trace *t = &m->trace;
    queues_sample last = {-1, -1};
    for (size_t i = 0; i < t->nspans; i++) {
        const fl__span *span = &t->spans[i];
        fputs(",\n", out);
        if (span->kind == FL__SPAN_TASK)
            put_task(out, loop, t, span, &last);
        else if (span->kind == FL__SPAN_FRAME)
            put_frame(out, loop, span, &last);
        else
            put_phase(out, loop, t, span);
    }
    put_frames(out, loop, m);
    fputs("\n],\"displayTimeUnit\":\"ms\"}\n", out);
    return ferror(out) ? FL_EIO : 0;
}

static int write_trace(fl_loop *loop, FILE *out, void *arg)
{
    (void)arg;
    return fl_metrics_write_trace_json(loop, out);
}

int fl_metrics_save_trace_json(fl_loop *loop, const char *path)
{
    return fl__metrics_save_atomic(loop, path, write_trace, NULL);
}
