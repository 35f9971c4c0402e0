/*
 * The JS ordering corpus: every puzzle's C mirror runs in a loop with the
 * default options (virtual clock, fifo) and the puzzle's profile, and its
 * transcript, without the time stamps, must equal <name>.expected, which is
 * what Node prints for <name>.js. In the browser profile the mirror is a
 * page's first task; in the node profile it is Node's main module, called
 * before the loop starts (as fl_run_script does; this runner does not link
 * the harness). One cmocka test per puzzle, named after it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "puzzles.h"

#ifndef CORPUS_DIR
#error "CORPUS_DIR must name the directory of the .expected files"
#endif

typedef struct corpus_puzzle {
    const char *name;
    void (*script)(fl_loop *loop);
    int64_t end_ms;     /* the loop time the run must end at, or -1 to not check */
    fl_profile profile; /* the host the mirror runs under */
} corpus_puzzle;

/* clang-format off */
#define PUZZLE(name) {#name, puzzle_##name, -1, FL_PROFILE_BROWSER}
#define PUZZLE_ENDING_AT(name, ms) {#name, puzzle_##name, (ms), FL_PROFILE_BROWSER}
#define NODE_PUZZLE(name) {#name, puzzle_##name, -1, FL_PROFILE_NODE}
/* A puzzle mirrored by a shipped scenario's script: one copy of the code. */
#define SCENARIO_PUZZLE(name, scenario) {#name, fl_scenario_##scenario, -1, FL_PROFILE_BROWSER}
#define NODE_PUZZLE_ENDING_AT(name, ms) {#name, puzzle_##name, (ms), FL_PROFILE_NODE}
/* clang-format on */

static const corpus_puzzle puzzles[] = {
    /* puzzles_then.c */
    PUZZLE(then_nested),
    PUZZLE(then_settled_vs_pending),
    PUZZLE(then_registration_order),
    PUZZLE(then_return_promise),
    PUZZLE(resolve_thenable_ticks),
    PUZZLE(resolve_identity),
    PUZZLE(settle_once),
    PUZZLE(resolve_self_type_error),
    PUZZLE(then_in_later_task),
    PUZZLE_ENDING_AT(resolve_locked_in, 200),
    /* puzzles_errors.c */
    PUZZLE(throw_in_then_caught_later),
    PUZZLE(catch_returns_value),
    PUZZLE(reject_passthrough),
    PUZZLE(return_rejected_promise),
    PUZZLE(finally_value_passthrough),
    PUZZLE(finally_reason_passthrough),
    PUZZLE_ENDING_AT(finally_pending_promise, 300),
    PUZZLE(finally_returns_rejected),
    /* puzzles_async.c */
    SCENARIO_PUZZLE(async_classic, async_await_order),
    PUZZLE(async_return_promise_vs_value),
    PUZZLE(await_non_promise),
    PUZZLE_ENDING_AT(await_pending_timer, 200),
    PUZZLE(await_vs_then_ticks),
    PUZZLE(async_throw_try_catch),
    PUZZLE(async_nested_calls),
    PUZZLE(async_rejections),
    PUZZLE(async_handler_in_then),
    PUZZLE(await_loop_many),
    /* puzzles_combinators.c */
    PUZZLE_ENDING_AT(all_interleaved, 100),
    PUZZLE_ENDING_AT(all_first_rejection, 10),
    PUZZLE_ENDING_AT(all_settled_mixed, 10),
    PUZZLE_ENDING_AT(race_interleaved, 200),
    PUZZLE_ENDING_AT(any_aggregate_error, 10),
    PUZZLE(combinators_empty),
    PUZZLE(combinators_not_iterable),
    PUZZLE(race_adoption_delay),
    PUZZLE(all_vs_all_settled_ticks),
    PUZZLE_ENDING_AT(all_input_order, 200),
    /* puzzles_values.c */
    PUZZLE(all_value_formats),
    /* puzzles_host.c */
    PUZZLE(queue_microtask_interleave),
    PUZZLE(timeout_zero_vs_jobs),
    SCENARIO_PUZZLE(seed002_classic_order, classic_order),
    PUZZLE(seed002_timers_and_promises),
    /* puzzles_seed000.c */
    PUZZLE_ENDING_AT(seed000_promise_all, 3000),
    PUZZLE_ENDING_AT(seed000_sequential_await, 6000),
    PUZZLE_ENDING_AT(seed000_homemade_promise_all, 3000),
    /* puzzles_node.c */
    NODE_PUZZLE(node_tick_before_promise),
    NODE_PUZZLE(node_nested_ticks),
    NODE_PUZZLE(node_tick_inside_then),
    NODE_PUZZLE(node_then_inside_tick),
    NODE_PUZZLE(node_tick_starvation_bounded),
    NODE_PUZZLE(node_queue_microtask_vs_tick),
    NODE_PUZZLE(node_async_in_tick),
    /* puzzles_node_immediate.c */
    NODE_PUZZLE(node_immediate_in_immediate),
    NODE_PUZZLE(node_microtasks_in_immediates),
    NODE_PUZZLE(node_clear_immediate),
    NODE_PUZZLE(node_await_immediate),
    NODE_PUZZLE_ENDING_AT(node_io_immediate_before_timeout, 1),
    NODE_PUZZLE_ENDING_AT(node_io_callback_phases, 1),
    NODE_PUZZLE_ENDING_AT(node_seed002_io_immediate_first, 1),
    /* puzzles_node_timers.c */
    NODE_PUZZLE_ENDING_AT(node_timeout_one_vs_zero, 100),
    NODE_PUZZLE_ENDING_AT(node_timeout_out_of_range, 100),
    NODE_PUZZLE_ENDING_AT(node_interval_with_immediates, 300),
    NODE_PUZZLE_ENDING_AT(node_busy_script_timeout_first, 50),
    NODE_PUZZLE_ENDING_AT(node_timers_phase_before_check, 50),
    NODE_PUZZLE_ENDING_AT(node_timer_then_immediate, 400),
    NODE_PUZZLE_ENDING_AT(node_seed002_one_ms_minimum, 1),
    NODE_PUZZLE_ENDING_AT(node_clear_timeout_same_phase, 1),
    /* Node's timer rules: a timer starts at the current time in whole ms, an
     * interval restarts from the time read before its callback, due timers run
     * list by list (one list per duration), delays truncate to whole ms. */
    NODE_PUZZLE_ENDING_AT(node_timer_start_after_busy_script, 400),
    NODE_PUZZLE_ENDING_AT(node_timer_lists_order, 500),
    NODE_PUZZLE_ENDING_AT(node_timeout_fraction_truncated, 100),
    NODE_PUZZLE_ENDING_AT(node_interval_after_slow_timer, 800),
};

#define NPUZZLES (sizeof(puzzles) / sizeof(puzzles[0]))

/*
 * Puzzles whose .expected (what Node prints) the library's node profile does
 * not reproduce: the mirror is faithful, the library is wrong. They are left
 * out of the ctest run; `test_corpus NAME` still runs one by name, and fails
 * until the library is fixed. Move a puzzle up into `puzzles` once it passes.
 */

/* Reads a whole file; NULL when it cannot be read. */
static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len - 1 == 0) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

/* The length of a "<ms>.<3 digits> " time stamp at the start of `line`, or 0. */
static size_t time_stamp_length(const char *line)
{
    size_t n = strspn(line, "0123456789");
    if (n == 0 || line[n] != '.' || strspn(line + n + 1, "0123456789") < 3 || line[n + 4] != ' ')
        return 0;
    return n + 5;
}

/*
 * The transcript without the leading "<ms> " of each line. A value printed
 * with a newline in it continues on a line of its own, with no time stamp.
 */
static char *strip_time_stamps(const char *transcript)
{
    char *out = malloc(strlen(transcript) + 1);
    assert_non_null(out);
    char *w = out;
    for (const char *line = transcript; *line;) {
        size_t len = strcspn(line, "\n");
        size_t stamp = time_stamp_length(line);
        memcpy(w, line + stamp, len - stamp);
        w += len - stamp;
        if (line[len] == '\n')
            *w++ = '\n';
        line += line[len] ? len + 1 : len;
    }
    *w = '\0';
    return out;
}

/* Copies line `i` (0-based) of `text` into buf, or "<end of output>" past the end. */
static void nth_line(const char *text, size_t i, char *buf, size_t size)
{
    for (; i > 0 && text; i--) {
        text = strchr(text, '\n');
        if (text)
            text++;
    }
    if (!text || !*text) {
        snprintf(buf, size, "<end of output>");
        return;
    }
    size_t len = strcspn(text, "\n");
    snprintf(buf, size, "%.*s", (int)len, text);
}

/* Prints the first differing line of two texts that differ. */
static void print_first_difference(const char *name, const char *expected, const char *actual)
{
    size_t line = 0;
    const char *e = expected, *a = actual;
    while (*e && *e == *a) {
        if (*e == '\n')
            line++;
        e++;
        a++;
    }
    char want[256], got[256];
    nth_line(expected, line, want, sizeof(want));
    nth_line(actual, line, got, sizeof(got));
    print_error("%s: line %zu differs from %s.expected\n"
                "  node:      %s\n"
                "  frameloop: %s\n"
                "frameloop's whole output:\n%s",
                name, line + 1, name, want, got, actual);
}

static void run_script(fl_loop *loop, void *arg)
{
    const corpus_puzzle *puzzle = arg;
    puzzle->script(loop);
}

static void test_puzzle(void **state)
{
    const corpus_puzzle *puzzle = *state;
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s.expected", CORPUS_DIR, puzzle->name);
    char *expected = read_file(path);
    if (!expected) {
        print_error("cannot read %s\n", path);
        fail();
    }

    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.profile = puzzle->profile;
    fl_loop *loop = fl_loop_new(&opt);
    assert_non_null(loop);
    if (puzzle->profile == FL_PROFILE_NODE) {
        /* Node runs the main module before the loop; the run's first step
         * drains the ticks and microtasks it queued. */
        puzzle->script(loop);
    } else {
        /* The page's script is the first task, as a parser-run <script> is. */
        assert_int_equal(
            fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, run_script, (void *)puzzle, "script"),
            0);
    }
    int rc = fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0);
    if (rc != 0)
        print_error("%s: fl_loop_run: %d %s\n", puzzle->name, rc, fl_loop_error(loop));

    char *actual = strip_time_stamps(fl_transcript(loop, NULL));
    int same = strcmp(expected, actual) == 0;
    if (!same)
        print_first_difference(puzzle->name, expected, actual);
    free(expected);
    free(actual);

    /* Free the loop before any assertion can fail: a failing puzzle (one run
     * by name) then leaves no leak report behind. */
    size_t pending = fl_loop_pending(loop);
    int64_t end = fl_now(loop);
    int dropped = fl_loop_free(loop);
    assert_int_equal(rc, 0);
    assert_true(same);
    assert_int_equal(pending, 0);
    if (puzzle->end_ms >= 0)
        assert_int_equal(end, FL_MS(puzzle->end_ms));
    assert_int_equal(dropped, 0);
}

/* Whether puzzle `name` was asked for: every puzzle when no names were given. */
static int selected(const char *name, int argc, char **argv)
{
    if (argc < 2)
        return 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], name) == 0)
            return 1;
    }
    return 0;
}

/*
 * test_corpus [NAME...]: runs every puzzle of the table, or only the ones
 * named.
 */
int main(int argc, char **argv)
{
    struct CMUnitTest tests[NPUZZLES];
    size_t n = 0;
    for (size_t i = 0; i < NPUZZLES; i++) {
        if (!selected(puzzles[i].name, argc, argv))
            continue;
        tests[n++] = (struct CMUnitTest){.name = puzzles[i].name,
                                         .test_func = test_puzzle,
                                         .initial_state = (void *)&puzzles[i]};
    }
    if (n == 0) {
        fprintf(stderr, "test_corpus: no puzzle of that name\n");
        return 1;
    }
    return _cmocka_run_group_tests("corpus", tests, n, NULL, NULL);
}
