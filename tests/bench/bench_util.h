/**
 * @file bench_util.h
 * Helpers shared by the benchmarks: command-line options, a monotonic clock,
 * medians of repetitions, a seeded PRNG, heap accounting, the result table and
 * Node as a baseline (`node -e` with an inline script).
 *
 * Header-only (every function is static inline) so each bench stays one
 * self-contained executable. Nothing here knows about frameloop.
 */
#ifndef FL_BENCH_UTIL_H
#define FL_BENCH_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* glibc's malloc tuning and statistics; mallinfo2() appeared in 2.33. Elsewhere heap figures
 * are reported as n/a and the allocator keeps its default tuning. */
#if defined(__GLIBC__)
#include <malloc.h>
#define BU_HAVE_MALLOPT   1
#define BU_HAVE_MALLINFO2 (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#else
#define BU_HAVE_MALLOPT   0
#define BU_HAVE_MALLINFO2 0
#endif

#if defined(__GNUC__) || defined(__clang__)
#define BU_MAYBE_UNUSED __attribute__((unused))
#else
#define BU_MAYBE_UNUSED
#endif

/** Measured callbacks write here so the compiler cannot drop the work being timed. */
static volatile uint64_t bu_sink BU_MAYBE_UNUSED;

/**
 * Exits when `bu_sink` did not advance by exactly `n` since `before`: a fast but
 * incomplete run measures nothing.
 */
static inline void bu_expect_sink(uint64_t before, size_t n, const char *what)
{
    uint64_t got = bu_sink - before;
    if (got != n) {
        fprintf(stderr, "%s: %llu of %zu callbacks ran\n", what, (unsigned long long)got, n);
        exit(1);
    }
}

/** malloc that exits on failure: a bench has nothing better to do. */
static inline void *bu_xmalloc(size_t size)
{
    void *p = malloc(size);
    if (!p) {
        fprintf(stderr, "out of memory (%zu bytes)\n", size);
        exit(1);
    }
    return p;
}

/** The smallest power of 2 >= n (1 for 0): ring capacities. */
static inline size_t bu_pow2_at_least(size_t n)
{
    size_t p = 1;
    while (p < n)
        p <<= 1;
    return p;
}

/** Upper bound on --reps: medians are taken in a fixed array. */
#define BU_MAX_REPS 101

typedef struct bu_opts {
    size_t n;   /**< items per repetition */
    int reps;   /**< repetitions; each figure is their median */
    bool smoke; /**< --smoke: tiny N and one repetition, to check the bench runs */
} bu_opts;

static inline void bu_usage(const char *prog)
{
    fprintf(stderr, "usage: %s [--smoke] [--n N] [--reps R]\n", prog);
}

/**
 * Parses --smoke, --n N and --reps R (--n and --reps win over --smoke's defaults).
 * @return 0, or -1 after printing the usage.
 */
static inline int bu_parse_opts(int argc, char **argv, size_t default_n, int default_reps,
                                bu_opts *o)
{
    long long n = -1, reps = -1;
    o->smoke = false;
    for (int i = 1; i < argc; i++) {
        char *end = NULL;
        if (strcmp(argv[i], "--smoke") == 0) {
            o->smoke = true;
        } else if (strcmp(argv[i], "--n") == 0 && i + 1 < argc) {
            n = strtoll(argv[++i], &end, 10);
            if (*end != '\0' || n <= 0)
                n = -2;
        } else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
            reps = strtoll(argv[++i], &end, 10);
            if (*end != '\0' || reps <= 0 || reps > BU_MAX_REPS)
                reps = -2;
        } else {
            n = -2;
        }
        if (n == -2 || reps == -2) {
            bu_usage(argv[0]);
            return -1;
        }
    }
    o->n = n > 0 ? (size_t)n : (o->smoke ? 1000 : default_n);
    o->reps = reps > 0 ? (int)reps : (o->smoke ? 1 : default_reps);
    return 0;
}

/** CLOCK_MONOTONIC in nanoseconds. */
static inline uint64_t bu_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/** Nanoseconds per item from `t0` (a bu_now_ns() reading) to now. */
static inline double bu_ns_per(uint64_t t0, size_t n)
{
    return (double)(bu_now_ns() - t0) / (double)n;
}

/** Sleeps until CLOCK_MONOTONIC reaches `deadline_ns` (restarts after signals). */
static inline void bu_sleep_until_ns(uint64_t deadline_ns)
{
    uint64_t now;
    while ((now = bu_now_ns()) < deadline_ns) {
        uint64_t left = deadline_ns - now;
        struct timespec ts = {(time_t)(left / 1000000000u), (long)(left % 1000000000u)};
        nanosleep(&ts, NULL);
    }
}

static inline int bu_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/** Median of `n` values (sorts them in place); the mean of the middle two for even n. */
static inline double bu_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), bu_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/** One repetition of a measurement: returns its figure (ns per item, bytes per item...). */
typedef double (*bu_rep_fn)(void *ctx);

/** Runs `fn` `reps` times and returns the median figure: robust to a cold first run. */
static inline double bu_median_of(bu_rep_fn fn, void *ctx, int reps)
{
    double v[BU_MAX_REPS];
    if (reps > BU_MAX_REPS)
        reps = BU_MAX_REPS;
    for (int i = 0; i < reps; i++)
        v[i] = fn(ctx);
    return bu_median(v, reps);
}

/** splitmix64: tiny, fast and good enough to spread delays; fixed seeds make runs repeatable. */
typedef struct bu_rng {
    uint64_t state;
} bu_rng;

static inline uint64_t bu_rng_next(bu_rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/** A value in [0, bound); the modulo bias is negligible for the small bounds benches use. */
static inline uint64_t bu_rng_below(bu_rng *r, uint64_t bound)
{
    return bu_rng_next(r) % bound;
}

/**
 * Bytes the C heap holds for the program: malloc'd chunks (headers included)
 * plus mmapped big blocks. Take the difference of two calls around the
 * allocations of interest. @return -1 where it cannot be measured.
 */
static inline long long bu_heap_bytes(void)
{
#if BU_HAVE_MALLINFO2
    struct mallinfo2 mi = mallinfo2();
    return (long long)(mi.uordblks + mi.hblkhd);
#else
    return -1;
#endif
}

/**
 * Keeps freed memory in the process (no trimming, no mmap for big blocks), so
 * repetitions time the allocator's steady state rather than the kernel's page
 * faults, for the code under test and its baselines alike. Call once, first.
 */
static inline void bu_heap_keep(void)
{
#if BU_HAVE_MALLOPT
    mallopt(M_TRIM_THRESHOLD, -1);
    mallopt(M_MMAP_MAX, 0);
#endif
}

/** Heap growth per item since `before` (a bu_heap_bytes() reading); -1 if not measurable. */
static inline double bu_heap_bytes_per(long long before, size_t n)
{
    long long now = bu_heap_bytes();
    return before < 0 || now < 0 ? -1 : (double)(now - before) / (double)n;
}

/** What a row's figure must satisfy to PASS. */
typedef enum bu_goal {
    BU_RATIO_AT_MOST, /**< value / baseline <= limit */
    BU_RATIO_BELOW,   /**< value / baseline < limit */
    BU_VALUE_AT_MOST, /**< value <= limit, whatever the baseline */
    BU_NO_TARGET      /**< shown for information only: never PASS or MISS */
} bu_goal;

/** Writes a goal's target column ("ratio <= 0.50", "value <= 64", "none"). */
static inline void bu_target_text(bu_goal goal, double limit, char *buf, size_t size)
{
    switch (goal) {
    case BU_RATIO_AT_MOST:
        snprintf(buf, size, "ratio <= %.2f", limit);
        break;
    case BU_RATIO_BELOW:
        snprintf(buf, size, "ratio < %.2f", limit);
        break;
    case BU_VALUE_AT_MOST:
        snprintf(buf, size, "value <= %g", limit);
        break;
    case BU_NO_TARGET:
        snprintf(buf, size, "none");
        break;
    }
}

/** Prints the title line, an optional note on the setup, and the column names. */
static inline void bu_print_header(const char *title, const char *note, const bu_opts *o)
{
    printf("%s: N=%zu, %d rep%s, medians%s\n", title, o->n, o->reps, o->reps == 1 ? "" : "s",
           o->smoke ? " (smoke run: figures are not meaningful)" : "");
    if (note)
        printf("%s\n", note);
    printf("%-40s %-8s %10s %10s %7s  %-14s %s\n", "measure vs baseline", "unit", "value",
           "baseline", "ratio", "target", "result");
}

/**
 * Prints one table row; a negative value or baseline means "not measured".
 * @return whether the target was met (a MISS is reported, not fatal).
 */
static inline bool bu_print_row(const char *name, const char *unit, double value, double base,
                                bu_goal goal, double limit)
{
    char target[32];
    bool measured = value >= 0 && base > 0;
    double ratio = base > 0 ? value / base : 0;
    bool pass = false;
    bu_target_text(goal, limit, target, sizeof(target));
    switch (goal) {
    case BU_RATIO_AT_MOST:
        pass = measured && ratio <= limit;
        break;
    case BU_RATIO_BELOW:
        pass = measured && ratio < limit;
        break;
    case BU_VALUE_AT_MOST:
        pass = value >= 0 && value <= limit;
        measured = value >= 0;
        break;
    case BU_NO_TARGET:
        break;
    }
    if (!measured) {
        printf("%-40s %-8s %10s %10s %7s  %-14s %s\n", name, unit, "n/a", "n/a", "", target, "n/a");
        return false;
    }
    printf("%-40s %-8s %10.2f %10.2f %7.2f  %-14s %s\n", name, unit, value, base, ratio, target,
           goal == BU_NO_TARGET ? "info"
           : pass               ? "PASS"
                                : "MISS");
    return pass;
}

/* ---- Node as a baseline ------------------------------------------------------------------- */

/** Whether an executable `node` is on PATH (searched here: no shell needed to find out). */
static inline bool bu_node_on_path(void)
{
    const char *path = getenv("PATH");
    char dir[4096];
    while (path && *path) {
        size_t len = strcspn(path, ":");
        if (len > 0 && len + sizeof("/node") <= sizeof(dir)) {
            memcpy(dir, path, len);
            memcpy(dir + len, "/node", sizeof("/node"));
            if (access(dir, X_OK) == 0)
                return true;
        }
        path += len + (path[len] == ':');
    }
    return false;
}

/** Runs a shell command and keeps the first line it prints. @return whether it succeeded. */
static inline bool bu_read_line(const char *cmd, char *line, size_t size)
{
    FILE *f = popen(cmd, "r");
    if (!f)
        return false;
    bool got = fgets(line, (int)size, f) != NULL;
    int status = pclose(f);
    line[strcspn(line, "\n")] = '\0';
    return got && status == 0;
}

/**
 * Whether Node is this run's baseline: not under --smoke, on PATH and answering
 * `node --version`. `label` receives the version, or why there is none.
 */
static inline bool bu_node_baseline(const bu_opts *o, char *label, size_t size)
{
    if (o->smoke) {
        snprintf(label, size, "n/a (skipped by --smoke)");
        return false;
    }
    if (!bu_node_on_path() || !bu_read_line("node --version 2>/dev/null", label, size)) {
        snprintf(label, size, "n/a (not on PATH)");
        return false;
    }
    return true;
}

/**
 * Runs `script` under `node --expose-gc -e` with the arguments `mode n reps` and parses the
 * first line it prints: Node's figure, or -1 when it could not be had (a script that exits
 * non-zero, e.g. on a failed self-check, gives -1 too). The script travels inside '...'
 * through the shell, so it must hold no single quote.
 */
static inline double bu_node_figure(const char *script, const char *mode, size_t n, int reps)
{
    size_t size = strlen(script) + strlen(mode) + 128;
    char *cmd = bu_xmalloc(size);
    snprintf(cmd, size, "node --expose-gc -e '%s' %s %zu %d 2>/dev/null", script, mode, n, reps);
    char line[256] = "", *end;
    bool got = bu_read_line(cmd, line, sizeof(line));
    free(cmd);
    if (!got)
        return -1;
    double v = strtod(line, &end);
    return end == line ? -1 : v;
}

/**
 * One row against a Node figure (`node` <= 0: none). Without one the value still prints; a
 * ratio target then has no verdict, a value target still has one.
 * @return whether the target was met.
 */
static inline bool bu_print_node_row(const char *name, const char *unit, double value, double node,
                                     bu_goal goal, double limit)
{
    if (node > 0)
        return bu_print_row(name, unit, value, node, goal, limit);
    char target[32];
    const char *result = "n/a";
    bool pass = goal == BU_VALUE_AT_MOST && value >= 0 && value <= limit;
    bu_target_text(goal, limit, target, sizeof(target));
    if (goal == BU_VALUE_AT_MOST && value >= 0)
        result = pass ? "PASS" : "MISS";
    printf("%-40s %-8s %10.2f %10s %7s  %-14s %s\n", name, unit, value, "n/a", "", target, result);
    return pass;
}

#endif /* FL_BENCH_UTIL_H */
