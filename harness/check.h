/*
 * `frameloop check`: what the command's files share. check.c parses the
 * options and drives the scenarios (in order, or in -j worker processes),
 * check_run.c runs one scenario and keeps what it produced, check_scenario.c
 * compares that with its goldens (and updates them), check_frames.c does the
 * frames, check_seeds.c finds order dependence.
 */
#ifndef FL_HARNESS_CHECK_H
#define FL_HARNESS_CHECK_H

#include <stdio.h>

#include "frameloop/harness.h"
#include "golden.h"

typedef enum fl_check_update {
    FL_CHECK_UPDATE_NONE,
    FL_CHECK_UPDATE_MISSING, /* only add goldens that do not exist */
    FL_CHECK_UPDATE_CHANGED, /* also rewrite those that differ */
    FL_CHECK_UPDATE_ALL      /* rewrite every golden, corrupt ones too */
} fl_check_update;

typedef struct fl_check_options {
    const char *golden; /* the golden root */
    const char *out;    /* where failures leave actual, expected and diff files */
    fl_check_update update;
    int prune; /* with update: remove obsolete goldens */
    fl_golden_tolerance tolerance;
    long long max_diff_pixels; /* -1: not given */
    double max_diff_ratio;     /* -1: not given */
    int jobs;
    int shard, shards; /* 1-based shard of shards */
    int seeds;         /* --seeds K, or 0 */
    size_t nmasks;     /* --mask: ignored in every frame, with the scenario's own */
    fl_golden_rect masks[FL_GOLDEN_MAX_MASKS];
} fl_check_options;

/* A golden frame of a run: its own copy of the pixels, rows width * 4 bytes apart. */
typedef struct fl_check_frame {
    long long vsync;
    int width, height;
    uint8_t *pixels;
} fl_check_frame;

/* What one run of a scenario produced. */
typedef struct fl_check_capture {
    fl_loop *loop; /* NULL when it could not be made */
    const fl_golden_spec *keep;
    fl_check_frame *frames; /* the golden frames (those `keep` wants), in order */
    size_t nframes, cap_frames;
    int lost; /* a frame could not be kept (out of memory) */
    int rc;   /* the run's result */
    const char *transcript;
    size_t transcript_len;
    char *summary; /* the metrics summary as JSON */
    size_t summary_len;
} fl_check_capture;

/* Runs `s` with `opt` (NULL: its defaults) to idle, keeping the frames `keep`
 * wants (none when NULL). Returns 0, or a negative FL_E* code when the loop
 * could not be set up or a frame not kept (a failed run is cap->rc, not this). */
int fl_check_capture_run(const fl_scenario *s, const fl_loop_options *opt,
                         const fl_golden_spec *keep, fl_check_capture *cap);
void fl_check_capture_free(fl_check_capture *cap);

/* One scenario's outcome as it is being built: the reasons it fails (joined
 * into its FAIL line) and the lines printed under it. */
typedef struct fl_check_verdict {
    char reasons[2048];
    int failed;
    FILE *detail;
} fl_check_verdict;

void fl_check_fail(fl_check_verdict *v, const char *fmt, ...) FL_PRINTF_LIKE(2, 3);

/* "<a>/<b>" into buf; returns buf, or NULL when it does not fit. */
char *fl_check_path(char *buf, size_t size, const char *a, const char *b);

/* out/<scenario>, made on first use; NULL (with a reason in v) when it cannot be. */
const char *fl_check_results_dir(const fl_check_options *opt, const fl_scenario *s,
                                 fl_check_verdict *v, char *buf, size_t size);

/* Checks one scenario against golden/<name>/ (updating it as asked) and
 * writes its line and details to `out`. Returns 0 passed, 1 failed. */
int fl_check_scenario(const fl_scenario *s, const fl_check_options *opt, FILE *out);

/* The frames part of fl_check_scenario: compares (and updates) every golden
 * frame of the run in `dir` under `spec` (its masks the scenario's and the
 * command's), and lists obsolete frame files. */
void fl_check_frames(const fl_scenario *s, const fl_check_options *opt, const char *dir,
                     const fl_golden_spec *spec, const fl_check_capture *cap, fl_check_verdict *v);

/* --seeds: runs `s` under the random policy with seeds 1..K and reports
 * whether its transcript depends on the order of task sources. Returns 0 or 1
 * as fl_check_scenario. */
int fl_check_seeds(const fl_scenario *s, const fl_check_options *opt, FILE *out);

/* Golden folders no scenario has: listed as warnings, removed with --update
 * --prune. Returns how many there were. */
int fl_check_obsolete_dirs(const fl_check_options *opt, FILE *out);

/* Checks (or with --seeds, reruns) the scenarios of `list` in order, -j at a
 * time, printing their lines in list order and then "N passed, N failed";
 * lists obsolete golden folders when `whole` (every scenario is in the list).
 * Returns the exit status: 0 all passed, 1 any failed. */
int fl_check_list(const fl_scenario **list, size_t n, const fl_check_options *opt, int whole);

/* Removes `path` and, for a directory, the files in it. 0 or -1. */
int fl_check_remove(const char *path);

#endif /* FL_HARNESS_CHECK_H */
