/*
 * Golden frames: golden/<name>/frame-NNNNN.png for each frame the scenario's
 * FL_SCENARIO_GOLDEN spec keeps (NNNNN its vsync index, as the PNG sink names
 * files), compared by decoded pixels with the command's tolerance. A failure
 * leaves frame-NNNNN-actual.png, -expected.png and -diff.png in out/<name>/.
 * Golden frames the run no longer produces, and golden folders no scenario
 * has, are obsolete: warnings, removed by --update --prune.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "frameloop/frameloop.h"

/* The vsync index of a file named frame-NNNNN.png, or -1 for any other name. */
static long long frame_index(const char *name)
{
    if (strncmp(name, "frame-", 6) != 0 || strlen(name) < 15)
        return -1;
    char *end;
    long long v = strtoll(name + 6, &end, 10);
    return end > name + 6 && *(name + 6) != '-' && *(name + 6) != '+' && strcmp(end, ".png") == 0
               ? v
               : -1;
}

/* The golden frame files in dir: their vsync indexes, in name order. */
static size_t list_frames(const char *dir, long long **out)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    size_t count = 0;
    *out = malloc(((n > 0 ? (size_t)n : 0) + 1) * sizeof(**out));
    for (int i = 0; i < n; i++) {
        long long v = frame_index(names[i]->d_name);
        if (v >= 0 && *out)
            (*out)[count++] = v;
        free(names[i]);
    }
    if (n >= 0)
        free(names);
    return count;
}

/* The frames that failed: each gets a line under the scenario's, the first
 * (and the count) go into its FAIL line. */
typedef struct frame_tally {
    size_t count;
    char first[512];
} frame_tally;

/* One frame's comparison: the paths and the golden as decoded. */
typedef struct frame_job {
    frame_tally *tally;
    const fl_scenario *s;
    const fl_check_options *opt;
    fl_check_verdict *v;
    const fl_check_frame *frame;
    char file[64];          /* frame-NNNNN.png */
    char golden[PATH_MAX];  /* golden/<name>/frame-NNNNN.png */
    fl_golden_image expect; /* pixels NULL when missing or unreadable */
} frame_job;

static void frame_fail(frame_job *j, const char *fmt, ...) FL_PRINTF_LIKE(2, 3);

static void frame_fail(frame_job *j, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    fprintf(j->v->detail, "  %s\n", line);
    if (j->tally->count++ == 0)
        snprintf(j->tally->first, sizeof(j->tally->first), "%s", line);
}

static void save_png(frame_job *j, const char *path, const fl_golden_image *im, const char *verb)
{
    char msg[512] = "";
    if (fl_png_write(path, im->width, im->height, im->stride, im->pixels, msg, sizeof(msg)) != 0)
        fl_check_fail(j->v, "cannot write %s", *msg ? msg : path);
    else if (verb)
        fprintf(j->v->detail, "  %s %s\n", verb, path);
}

/* out/<name>/frame-NNNNN-<suffix>.png */
static void save_result(frame_job *j, const char *suffix, const fl_golden_image *im)
{
    char dir[PATH_MAX], path[PATH_MAX];
    if (!fl_check_results_dir(j->opt, j->s, j->v, dir, sizeof(dir)))
        return;
    if (snprintf(path, sizeof(path), "%s/%.11s-%s.png", dir, j->file, suffix) >= (int)sizeof(path))
        fl_check_fail(j->v, "path too long: %s", dir);
    else
        save_png(j, path, im, NULL);
}

/* The pixel count a frame may differ by (Playwright's rule: the smaller of
 * the two limits given). */
static long long allowed(const fl_check_options *opt, const fl_golden_image *im)
{
    long long by_ratio =
        opt->max_diff_ratio >= 0 ? (long long)(opt->max_diff_ratio * im->width * im->height) : -1;
    if (opt->max_diff_pixels >= 0 && by_ratio >= 0)
        return opt->max_diff_pixels < by_ratio ? opt->max_diff_pixels : by_ratio;
    return opt->max_diff_pixels >= 0 ? opt->max_diff_pixels : by_ratio >= 0 ? by_ratio : 0;
}

static int same_pixels(const fl_golden_image *a, const fl_golden_image *b)
{
    for (int y = 0; y < a->height; y++) {
        if (memcmp(a->pixels + (size_t)y * a->stride, b->pixels + (size_t)y * b->stride,
                   (size_t)a->width * 4) != 0)
            return 0;
    }
    return 1;
}

/* Both images have the same size: count, decide, explain. */
static void compare_pixels(frame_job *j, const fl_golden_image *act, const fl_golden_spec *spec)
{
    fl_check_update up = j->opt->update;
    int same = same_pixels(&j->expect, act);
    if (same ? up == FL_CHECK_UPDATE_ALL : up >= FL_CHECK_UPDATE_CHANGED) {
        save_png(j, j->golden, act, same ? "rewrote" : "updated");
        return;
    }
    if (same)
        return;
    fl_golden_tolerance tol = j->opt->tolerance;
    tol.masks = spec->masks;
    tol.nmasks = spec->nmasks;
    uint8_t *diff = malloc((size_t)act->width * act->height * 4);
    size_t count = fl_golden_image_compare(&j->expect, act, &tol, diff);
    long long max = allowed(j->opt, act);
    if ((long long)count <= max) {
        free(diff);
        return;
    }
    frame_fail(j, "%s: %zu %s (%lld allowed)", j->file, count,
               count == 1 ? "pixel differs" : "pixels differ", max);
    save_result(j, "actual", act);
    save_result(j, "expected", &j->expect);
    if (diff) {
        fl_golden_image d = {act->width, act->height, (size_t)act->width * 4, diff};
        save_result(j, "diff", &d);
    }
    free(diff);
}

static void check_frame(frame_job *j, int exists, const fl_golden_spec *spec)
{
    const fl_check_frame *f = j->frame;
    fl_golden_image act = {f->width, f->height, (size_t)f->width * 4, f->pixels};
    fl_check_update up = j->opt->update;
    char msg[512] = "";
    uint8_t *pixels = NULL;
    int rc = exists ? fl_png_read(j->golden, &j->expect.width, &j->expect.height, &pixels, msg,
                                  sizeof(msg))
                    : 0;
    j->expect.stride = (size_t)j->expect.width * 4;
    j->expect.pixels = pixels;
    if (!exists && up != FL_CHECK_UPDATE_NONE) {
        save_png(j, j->golden, &act, "added");
    } else if (!exists) {
        frame_fail(j, "%s: no golden (--update=missing adds it)", j->file);
        save_result(j, "actual", &act);
    } else if (rc != 0 && up == FL_CHECK_UPDATE_ALL) {
        save_png(j, j->golden, &act, "rewrote corrupt");
    } else if (rc != 0) {
        frame_fail(j, "corrupt golden %s", msg);
        save_result(j, "actual", &act);
    } else if (j->expect.width != act.width || j->expect.height != act.height) {
        if (up >= FL_CHECK_UPDATE_CHANGED) {
            save_png(j, j->golden, &act, "updated");
        } else {
            frame_fail(j, "%s: size %dx%d, golden %dx%d", j->file, act.width, act.height,
                       j->expect.width, j->expect.height);
            save_result(j, "actual", &act);
            save_result(j, "expected", &j->expect);
        }
    } else {
        compare_pixels(j, &act, spec);
    }
    free(pixels);
}

/* Warns of (or with --update --prune removes) an obsolete golden. */
static void obsolete(const fl_check_options *opt, FILE *out, const char *path, const char *why)
{
    if (opt->update != FL_CHECK_UPDATE_NONE && opt->prune) {
        if (fl_check_remove(path) == 0)
            fprintf(out, "  removed %s (%s)\n", path, why);
        else
            fprintf(out, "warning: cannot remove %s: %s\n", path, strerror(errno));
    } else {
        fprintf(out, "warning: obsolete golden %s (%s; --update --prune removes it)\n", path, why);
    }
}

/* Whether the run kept a golden frame for this vsync. */
static int kept(const fl_check_capture *cap, long long vsync)
{
    for (size_t i = 0; i < cap->nframes; i++)
        if (cap->frames[i].vsync == vsync)
            return 1;
    return 0;
}

static int contains(const long long *v, size_t n, long long x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x)
            return 1;
    return 0;
}

void fl_check_frames(const fl_scenario *s, const fl_check_options *opt, const char *dir,
                     const fl_golden_spec *spec, const fl_check_capture *cap, fl_check_verdict *v)
{
    frame_tally tally = {0, ""};
    long long *present;
    size_t npresent = list_frames(dir, &present);
    for (size_t i = 0; i < cap->nframes; i++) {
        const fl_check_frame *f = &cap->frames[i];
        frame_job j = {&tally, s, opt, v, f, "", "", {0, 0, 0, NULL}};
        snprintf(j.file, sizeof(j.file), "frame-%05lld.png", f->vsync);
        if (fl_check_path(j.golden, sizeof(j.golden), dir, j.file))
            check_frame(&j, contains(present, npresent, f->vsync), spec);
    }
    for (size_t i = 0; i < npresent; i++) {
        char file[64], path[PATH_MAX];
        snprintf(file, sizeof(file), "frame-%05lld.png", present[i]);
        if (!kept(cap, present[i]) && fl_check_path(path, sizeof(path), dir, file))
            obsolete(opt, v->detail, path, "not a golden frame of this run");
    }
    if (tally.count == 1)
        fl_check_fail(v, "%s", tally.first);
    else if (tally.count > 1)
        fl_check_fail(v, "%zu frames fail (first: %s)", tally.count, tally.first);
    free(present);
}

int fl_check_obsolete_dirs(const fl_check_options *opt, FILE *out)
{
    struct dirent **names;
    int n = scandir(opt->golden, &names, NULL, alphasort), count = 0;
    for (int i = 0; i < n; i++) {
        char path[PATH_MAX];
        struct stat st;
        const char *name = names[i]->d_name;
        if (name[0] != '.' && !fl_scenario_find(name) &&
            fl_check_path(path, sizeof(path), opt->golden, name) && stat(path, &st) == 0 &&
            S_ISDIR(st.st_mode)) {
            obsolete(opt, out, path, "no scenario has this name");
            count++;
        }
        free(names[i]);
    }
    if (n >= 0)
        free(names);
    return count;
}

int fl_check_remove(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    DIR *d = opendir(path);
    for (struct dirent *e; d && (e = readdir(d));) {
        char sub[PATH_MAX];
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            fl_check_path(sub, sizeof(sub), path, e->d_name))
            unlink(sub);
    }
    if (d)
        closedir(d);
    return rmdir(path);
}
