/*
 * The summary as a JSON file (fl_metrics_write_summary_json), and the atomic
 * write it shares with the trace: a temporary file beside the target,
 * flushed, synced and renamed, so a reader sees the old file or the whole new
 * one.
 *
 * The text is fixed (key order, two-space indent, 3 decimals for times and
 * percents), so a virtual-clock run gives the same bytes every time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "metrics/metrics_internal.h"

void fl__metrics_put_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void put_task(FILE *out, const fl_metrics_task *t, int last)
{
    fputs("        {\"source\": ", out);
    fl__metrics_put_string(out, t->source);
    fputs(", \"name\": ", out);
    fl__metrics_put_string(out, t->name);
    fprintf(out, ", \"startTime\": %.3f, \"duration\": %.3f, \"microtasks\": %llu}%s\n",
            t->start_ms, t->duration_ms, (unsigned long long)t->microtasks, last ? "" : ",");
}

static void put_loaf(FILE *out, const fl_metrics_loaf *l, int last)
{
    fprintf(out,
            "    {\"startTime\": %.3f, \"duration\": %.3f, \"renderStart\": %.3f, "
            "\"styleAndLayoutStart\": %.3f, \"blockingDuration\": %.3f, \"vsync\": %lld, "
            "\"taskCount\": %zu, \"tasks\": [",
            l->start_time_ms, l->duration_ms, l->render_start_ms, l->style_and_layout_start_ms,
            l->blocking_duration_ms, (long long)l->vsync, l->ntasks);
    if (l->ntasks_listed > 0)
        fputc('\n', out);
    for (size_t i = 0; i < l->ntasks_listed; i++)
        put_task(out, &l->tasks[i], i + 1 == l->ntasks_listed);
    fprintf(out, "%s]}%s\n", l->ntasks_listed > 0 ? "      " : "", last ? "" : ",");
}

static void put_summary(FILE *out, const fl_metrics_summary *s)
{
    fprintf(out, "  \"duration_ms\": %.3f,\n", s->duration_ms);
    fprintf(out, "  \"frames_expected\": %llu,\n", (unsigned long long)s->frames_expected);
    fprintf(out, "  \"frames_presented\": %llu,\n", (unsigned long long)s->frames_presented);
    fprintf(out, "  \"frames_presented_late\": %llu,\n",
            (unsigned long long)s->frames_presented_late);
    fprintf(out, "  \"frames_dropped\": %llu,\n", (unsigned long long)s->frames_dropped);
    fprintf(out, "  \"percent_dropped\": %.3f,\n", s->percent_dropped);
    fprintf(out,
            "  \"percent_dropped_window\": {\"max\": %.3f, \"p95\": %.3f, \"median\": %.3f},\n",
            s->percent_dropped_window.max, s->percent_dropped_window.p95,
            s->percent_dropped_window.median);
    fprintf(out, "  \"longest_frame_ms\": %.3f,\n", s->longest_frame_ms);
    fprintf(out, "  \"long_tasks\": %llu,\n", (unsigned long long)s->long_tasks);
    fprintf(out, "  \"total_blocking_time_ms\": %.3f,\n", s->total_blocking_time_ms);
    fprintf(out, "  \"long_animation_frame_count\": %llu,\n",
            (unsigned long long)s->long_animation_frames);
    fprintf(out, "  \"tasks_run\": %llu,\n", (unsigned long long)s->tasks_run);
    fprintf(out, "  \"microtasks_run\": %llu,\n", (unsigned long long)s->microtasks_run);
}

int fl_metrics_write_summary_json(fl_loop *loop, FILE *out, const char *policy, uint64_t seed)
{
    fl_metrics_summary s;
    if (!out)
        return FL_EINVAL;
    int rc = fl_metrics_get_summary(loop, &s);
    if (rc != 0)
        return rc;
    fputs("{\n  \"policy\": ", out);
    if (policy)
        fl__metrics_put_string(out, policy);
    else
        fputs("null", out);
    fprintf(out, ",\n  \"seed\": %llu,\n", (unsigned long long)seed);
    fprintf(out, "  \"vsync_us\": %lld,\n", (long long)fl_loop_options_of(loop)->vsync_us);
    put_summary(out, &s);
    size_t n = fl_metrics_loaf_count(loop);
    fprintf(out, "  \"long_animation_frames\": [%s", n ? "\n" : "");
    for (size_t i = 0; i < n; i++) {
        fl_metrics_loaf l;
        fl_metrics_loaf_at(loop, i, &l);
        put_loaf(out, &l, i + 1 == n);
    }
    fprintf(out, "%s]\n}\n", n ? "  " : "");
    return ferror(out) ? FL_EIO : 0;
}

/* The summary's arguments, for fl__metrics_save_atomic. */
typedef struct summary_args {
    const char *policy;
    uint64_t seed;
} summary_args;

static int write_summary(fl_loop *loop, FILE *out, void *arg)
{
    const summary_args *a = arg;
    return fl_metrics_write_summary_json(loop, out, a->policy, a->seed);
}

/* Writes, flushes and syncs the temporary file; closes it either way. */
static int write_temp(fl_loop *loop, FILE *f, fl__metrics_writer write, void *arg)
{
    int rc = write(loop, f, arg);
    if (rc == 0 && (fflush(f) != 0 || fsync(fileno(f)) != 0))
        rc = FL_EIO;
    if (fclose(f) != 0 && rc == 0)
        rc = FL_EIO;
    return rc;
}

int fl__metrics_save_atomic(fl_loop *loop, const char *path, fl__metrics_writer write, void *arg)
{
    if (!loop || !path || !*path)
        return FL_EINVAL;
    if (!fl__loop_ext(loop, FL__EXT_METRICS))
        return FL_ENOENT;
    size_t len = strlen(path);
    char *tmp = malloc(len + sizeof(".tmp.XXXXXX"));
    if (!tmp)
        return FL_ENOMEM;
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".tmp.XXXXXX", sizeof(".tmp.XXXXXX"));
    int fd = mkstemp(tmp);
    if (fd >= 0)
        fchmod(fd, 0644); /* mkstemp's 0600 is for secrets; metrics are not */
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    int rc = f ? write_temp(loop, f, write, arg) : FL_EIO;
    if (!f && fd >= 0)
        close(fd);
    if (rc == 0 && rename(tmp, path) != 0)
        rc = FL_EIO;
    if (rc != 0 && fd >= 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

int fl_metrics_save_summary_json(fl_loop *loop, const char *path, const char *policy, uint64_t seed)
{
    summary_args a = {policy, seed};
    return fl__metrics_save_atomic(loop, path, write_summary, &a);
}
