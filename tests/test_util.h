/**
 * @file test_util.h
 * Helpers shared by the core tests: an order recorder and loop constructors.
 *
 * The recorder appends space-separated tokens to one buffer, so a test can
 * assert a whole order at once, e.g. `assert_string_equal(rec_str(), "1 3 5 4 2 6 7")`.
 * cmocka runs the cases of a binary one after another on one thread, so a
 * single global recorder is enough; every case starts with rec_reset() (done
 * by test_loop_new()).
 */
#ifndef FL_TEST_UTIL_H
#define FL_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "frameloop/frameloop.h"

/* Turns a string literal token into a callback argument. */
#define TOK(s) ((void *)(s))

typedef struct test_rec {
    char buf[16384];
    size_t len;
    int overflow;
} test_rec;

static test_rec g_rec;

/* The loop of the running case, freed by test_teardown() if the case fails. */
static fl_loop *g_loop;

static inline void rec_reset(void)
{
    g_rec.buf[0] = '\0';
    g_rec.len = 0;
    g_rec.overflow = 0;
}

/* Appends one token (printf-style), separated from the previous by a space. */
static inline void rec_add(const char *fmt, ...) FL_PRINTF_LIKE(1, 2);
static inline void rec_add(const char *fmt, ...)
{
    size_t room = sizeof(g_rec.buf) - g_rec.len;
    if (g_rec.len > 0 && room > 1) {
        g_rec.buf[g_rec.len++] = ' ';
        g_rec.buf[g_rec.len] = '\0';
        room--;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(g_rec.buf + g_rec.len, room, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= room) {
        g_rec.overflow = 1;
        g_rec.len = sizeof(g_rec.buf) - 1;
        return;
    }
    g_rec.len += (size_t)n;
}

static inline const char *rec_str(void)
{
    assert_false(g_rec.overflow);
    return g_rec.buf;
}

/* A task/timer/microtask body that records its token. */
static inline void rec_task(fl_loop *loop, void *arg)
{
    (void)loop;
    rec_add("%s", (const char *)arg);
}

/* A body that records "token@<loop time in us>". */
static inline void rec_task_at(fl_loop *loop, void *arg)
{
    rec_add("%s@%lld", (const char *)arg, (long long)fl_now(loop));
}

/* A fresh loop with the given options (virtual clock unless opt says otherwise). */
static inline fl_loop *test_loop_new_opts(const fl_loop_options *opt)
{
    rec_reset();
    fl_loop *loop = fl_loop_new(opt);
    assert_non_null(loop);
    g_loop = loop;
    return loop;
}

/* A fresh loop whose checkpoints run at most `limit` microtasks. */
static inline fl_loop *loop_with_microtask_limit(uint64_t limit)
{
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.microtask_limit = limit;
    return test_loop_new_opts(&opt);
}

/* A fresh virtual-clock loop with a policy and the other defaults. */
static inline fl_loop *test_loop_new(fl_policy policy)
{
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.clock = FL_CLOCK_VIRTUAL;
    opt.policy = policy;
    return test_loop_new_opts(&opt);
}

/* A fresh real-clock loop (test_pump's real-clock cases only). */
static inline fl_loop *test_loop_new_real(void)
{
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.clock = FL_CLOCK_REAL;
    return test_loop_new_opts(&opt);
}

/* Monotonic wall time in microseconds, for the real-clock cases' bounds. */
static inline int64_t wall_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static inline void sleep_us(int64_t us)
{
    struct timespec ts = {.tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

/* fl_loop_free() for a loop made by test_loop_new*(); returns what it returns. */
static inline int test_loop_free(fl_loop *loop)
{
    if (loop == g_loop)
        g_loop = NULL;
    return fl_loop_free(loop);
}

/* Frees a loop that the test expects to have drained completely. */
static inline void test_loop_free_drained(fl_loop *loop)
{
    assert_int_equal(fl_loop_pending(loop), 0);
    assert_int_equal(test_loop_free(loop), 0);
}

/* Frees the loop a failed case left behind, so sanitizers report only real leaks. */
static inline int test_teardown(void **state)
{
    (void)state;
    if (g_loop)
        fl_loop_free(g_loop);
    g_loop = NULL;
    return 0;
}

/* Registers a case with the teardown above. */
#define TEST(f) cmocka_unit_test_teardown(f, test_teardown)

/* Runs until idle and expects success. */
static inline void run_idle(fl_loop *loop)
{
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
}

#endif /* FL_TEST_UTIL_H */
