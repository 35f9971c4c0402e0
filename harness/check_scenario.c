/*
 * One scenario against golden/<name>/: its exit status (exit-status, when not
 * 0), its transcript (transcript.txt, exact, a unified diff on mismatch), its
 * metrics summary (summary.json, field by field) and its golden frames
 * (check_frames.c). A failure leaves what explains it in out/<name>/;
 * --update rewrites the goldens that differ, each write atomic.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "frameloop/frameloop.h"

void fl_check_fail(fl_check_verdict *v, const char *fmt, ...)
{
    size_t used = strlen(v->reasons);
    if (v->failed++ && used + 2 < sizeof(v->reasons)) {
        strcpy(v->reasons + used, "; ");
        used += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->reasons + used, sizeof(v->reasons) - used, fmt, ap);
    va_end(ap);
}

char *fl_check_path(char *buf, size_t size, const char *a, const char *b)
{
    int n = snprintf(buf, size, "%s/%s", a, b);
    return n > 0 && (size_t)n < size ? buf : NULL;
}

static int make_dir(const char *path)
{
    return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

const char *fl_check_results_dir(const fl_check_options *opt, const fl_scenario *s,
                                 fl_check_verdict *v, char *buf, size_t size)
{
    if (!fl_check_path(buf, size, opt->out, s->name) || make_dir(opt->out) != 0 ||
        make_dir(buf) != 0) {
        fl_check_fail(v, "cannot create %s/%s: %s", opt->out, s->name, strerror(errno));
        return NULL;
    }
    return buf;
}

/* Reads a whole file as text. Returns 0, -1 when it does not exist, -2 when it
 * cannot be read. */
static int read_text(const char *path, char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno == ENOENT ? -1 : -2;
    FILE *mem = open_memstream(text, len);
    char chunk[8192];
    size_t n;
    while (mem && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        fwrite(chunk, 1, n, mem);
    int bad = ferror(f) || !mem;
    fclose(f);
    if (mem)
        fclose(mem);
    return bad ? -2 : 0;
}

/* Writes golden `path` and says so under the scenario's line. */
static void write_golden(fl_check_verdict *v, const char *path, const char *data, size_t len,
                         const char *verb)
{
    char msg[512] = "";
    if (fl_file_write_atomic(path, data, len, msg, sizeof(msg)) != 0)
        fl_check_fail(v, "cannot write %s", *msg ? msg : path);
    else
        fprintf(v->detail, "  %s %s\n", verb, path);
}

/* A failure's explanation in out/<name>/<file>. */
static void write_result(const fl_check_options *opt, const fl_scenario *s, fl_check_verdict *v,
                         const char *file, const char *data, size_t len)
{
    char dir[PATH_MAX], path[PATH_MAX], msg[512] = "";
    if (!fl_check_results_dir(opt, s, v, dir, sizeof(dir)))
        return;
    if (!fl_check_path(path, sizeof(path), dir, file) ||
        fl_file_write_atomic(path, data, len, msg, sizeof(msg)) != 0)
        fl_check_fail(v, "cannot write %s/%s %s", dir, file, msg);
}

/* Writes what differs between a golden text file and the run's text; returns
 * how many lines (fields) differ, or -1 when the golden cannot be read as such. */
typedef long (*explain_fn)(FILE *out, const char *path, const char *golden, size_t golden_len,
                           const char *actual, size_t actual_len);

/* A golden text file: its name, what its differences count, how to explain them. */
typedef struct golden_text {
    const char *file; /* transcript.txt; failures leave <stem>.diff in out/<name>/ */
    const char *unit; /* "line" */
    explain_fn explain;
} golden_text;

/* On a mismatch: the reason, the explanation under the scenario's line and in
 * out/<name>/<stem>.diff. */
static void explain_mismatch(const fl_check_options *opt, const fl_scenario *s, fl_check_verdict *v,
                             const golden_text *g, const char *path, const char *golden, size_t len,
                             const char *actual, size_t actual_len)
{
    char *why = NULL;
    size_t why_len = 0;
    FILE *mem = open_memstream(&why, &why_len);
    long n = mem ? g->explain(mem, path, golden, len, actual, actual_len) : 0;
    if (mem)
        fclose(mem);
    if (n < 0)
        fl_check_fail(v, "%s is not valid JSON", path);
    else
        fl_check_fail(v, "%s differs (%ld %s%s)", g->file, n, g->unit, n == 1 ? "" : "s");
    if (why) {
        char result[64];
        fputs(why, v->detail);
        snprintf(result, sizeof(result), "%.*s.diff", (int)strcspn(g->file, "."), g->file);
        write_result(opt, s, v, result, why, why_len);
    }
    free(why);
}

/* Compares `actual` with golden `path`, and updates it as asked. */
static void check_text(const fl_check_options *opt, const fl_scenario *s, fl_check_verdict *v,
                       const golden_text *g, const char *path, const char *actual,
                       size_t actual_len)
{
    char *golden;
    size_t len;
    int rc = read_text(path, &golden, &len);
    int same = rc == 0 && len == actual_len && memcmp(golden, actual, len) == 0;
    if (rc == -2)
        fl_check_fail(v, "cannot read %s: %s", path, strerror(errno));
    else if (rc == -1 && opt->update != FL_CHECK_UPDATE_NONE)
        write_golden(v, path, actual, actual_len, "added");
    else if (rc == -1)
        fl_check_fail(v, "no golden %s (--update=missing adds it)", g->file);
    else if (same ? opt->update == FL_CHECK_UPDATE_ALL : opt->update >= FL_CHECK_UPDATE_CHANGED)
        write_golden(v, path, actual, actual_len, same ? "rewrote" : "updated");
    else if (!same)
        explain_mismatch(opt, s, v, g, path, golden, len, actual, actual_len);
    free(golden);
}

static long explain_transcript(FILE *out, const char *path, const char *golden, size_t golden_len,
                               const char *actual, size_t actual_len)
{
    return (long)fl_golden_text_diff(out, path, golden, golden_len, "actual", actual, actual_len);
}

static long explain_summary(FILE *out, const char *path, const char *golden, size_t golden_len,
                            const char *actual, size_t actual_len)
{
    (void)path;
    (void)golden_len;
    (void)actual_len;
    return fl_golden_json_diff(out, golden, actual);
}

/* golden/<name>/exit-status holds the exit status when it is not 0. */
static void check_status(const fl_check_options *opt, fl_check_verdict *v, const char *dir,
                         const fl_check_capture *cap)
{
    char path[PATH_MAX], *text;
    size_t len;
    if (!fl_check_path(path, sizeof(path), dir, "exit-status")) {
        fl_check_fail(v, "path too long: %s", dir);
        return;
    }
    int exists = read_text(path, &text, &len) == 0;
    int want = exists && text ? atoi(text) : 0;
    int got = cap->rc == 0 ? 0 : 1;
    free(text);
    if (want == got)
        return;
    /* A missing exit-status is a missing golden: --update=missing adds it. */
    if (got != 0 &&
        (exists ? opt->update >= FL_CHECK_UPDATE_CHANGED : opt->update != FL_CHECK_UPDATE_NONE)) {
        write_golden(v, path, "1\n", 2, exists ? "updated" : "added");
    } else if (opt->update >= FL_CHECK_UPDATE_CHANGED) {
        if (remove(path) == 0)
            fprintf(v->detail, "  removed %s\n", path);
        else
            fl_check_fail(v, "cannot remove %s: %s", path, strerror(errno));
    } else {
        const char *why = fl_loop_error(cap->loop);
        fl_check_fail(v, "exit status %d, expected %d%s%s%s", got, want, got ? " (" : "",
                      got ? (*why ? why : fl_strerror(cap->rc)) : "", got ? ")" : "");
    }
}

/* Everything but the scenario's line: exit status, transcript, summary, frames. */
static void check_goldens(const fl_check_options *opt, const fl_scenario *s, fl_check_verdict *v,
                          const char *dir, const fl_golden_spec *spec, const fl_check_capture *cap)
{
    char path[PATH_MAX];
    check_status(opt, v, dir, cap);
    static const golden_text transcript = {"transcript.txt", "line", explain_transcript};
    static const golden_text summary = {"summary.json", "field", explain_summary};
    if (fl_check_path(path, sizeof(path), dir, transcript.file))
        check_text(opt, s, v, &transcript, path, cap->transcript, cap->transcript_len);
    if (fl_check_path(path, sizeof(path), dir, summary.file))
        check_text(opt, s, v, &summary, path, cap->summary, cap->summary_len);
    fl_check_frames(s, opt, dir, spec, cap, v);
}

/* Opens golden/<name>/, making it for --update. Returns 0, or -1 (failed). */
static int golden_dir(const fl_check_options *opt, const fl_scenario *s, fl_check_verdict *v,
                      char *dir, size_t size)
{
    struct stat st;
    if (!fl_check_path(dir, size, opt->golden, s->name)) {
        fl_check_fail(v, "path too long: %s", opt->golden);
        return -1;
    }
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    if (opt->update != FL_CHECK_UPDATE_NONE && make_dir(dir) == 0) {
        fprintf(v->detail, "  added %s/\n", dir);
        return 0;
    }
    fl_check_fail(v, "no goldens: %s/ is missing (--update=missing adds them)", dir);
    return -1;
}

int fl_check_scenario(const fl_scenario *s, const fl_check_options *opt, FILE *out)
{
    char *detail = NULL, dir[PATH_MAX];
    size_t detail_len = 0;
    fl_check_verdict v = {"", 0, open_memstream(&detail, &detail_len)};
    if (!v.detail)
        v.detail = stderr;
    /* Results from an earlier check of this scenario would only mislead. */
    if (fl_check_path(dir, sizeof(dir), opt->out, s->name))
        fl_check_remove(dir);
    fl_check_capture cap;
    fl_golden_spec spec;
    char why[256];
    int rc = fl_golden_spec_parse(s->golden, &spec, why, sizeof(why));
    for (size_t i = 0; i < opt->nmasks && spec.nmasks < FL_GOLDEN_MAX_MASKS; i++)
        spec.masks[spec.nmasks++] = opt->masks[i];
    if (rc != 0)
        fl_check_fail(&v, "%s", why);
    else if ((rc = fl_check_capture_run(s, NULL, &spec, &cap)) != 0)
        fl_check_fail(&v, "cannot run it: %s", fl_strerror(rc));
    else if (golden_dir(opt, s, &v, dir, sizeof(dir)) == 0)
        check_goldens(opt, s, &v, dir, &spec, &cap);
    fl_check_capture_free(&cap);
    if (v.detail != stderr)
        fclose(v.detail);
    if (v.failed)
        fprintf(out, "FAIL %s: %s\n", s->name, v.reasons);
    else
        fprintf(out, "ok   %s\n", s->name);
    if (detail)
        fputs(detail, out);
    free(detail);
    return v.failed ? 1 : 0;
}
