/**
 * @file test_promise.c
 * Promises: the state machine, where jobs are queued (exact tick counts against
 * a then-chain that logs tick numbers; each expected order is what Node 20
 * prints for the same JS), the combinators, fl_promise_after in virtual time,
 * the HTML unhandled-rejection tracking, lifetimes and misuse.
 *
 * Most cases are scenarios: a script run as the page's first task, then the
 * loop until idle, checked against the recorder's order and the transcript.
 */
#include <stdint.h>

#include "test_util.h"
#include "test_ticks.h"

#include "frameloop/promise.h"
/* Only to read an AggregateError's `errors`, which has no public reader. */
#include "promise/value_internal.h"

/* Callbacks have the library's fixed signatures; most use only some parameters. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

/* ---- Helpers ------------------------------------------------------------------------ */

static int g_destroyed;

static void count_destroy(void *p)
{
    g_destroyed++;
}

/* The text of a value; two buffers so that one rec_add may show two values. */
static const char *text_n(const fl_value *v, int which)
{
    static char buf[2][512];
    fl_value_format(v, buf[which], sizeof(buf[which]));
    return buf[which];
}

static const char *text(const fl_value *v)
{
    return text_n(v, 0);
}

/* Records its label followed by the value's text: "v1", "c:Error: boom". */
static fl_value *rec_then(fl_loop *loop, fl_value *v, void *arg)
{
    rec_add("%s%s", (const char *)arg, text(v));
    return NULL;
}

/* Logs its label and the value: transcript lines carry the loop time. */
static fl_value *log_then(fl_loop *loop, fl_value *v, void *arg)
{
    assert_int_equal(fl_log_value(loop, arg, v), 0);
    return NULL;
}

static fl_value *return_int(fl_loop *loop, fl_value *v, void *arg)
{
    return fl_int((intptr_t)arg);
}

/* `return Promise.resolve(arg)`: the derived promise adopts it. */
static fl_value *return_promise(fl_loop *loop, fl_value *v, void *arg)
{
    return fl_promise_value(fl_promise_resolved(loop, fl_int((intptr_t)arg)));
}

/* Rethrows what it receives: turns a fulfilment into a rejection. */
static fl_value *throw_it(fl_loop *loop, fl_value *v, void *arg)
{
    return fl_throw(fl_value_ref(v));
}

/* A promise that rejects with `reason` after `ms` of loop time. */
static fl_promise *reject_after(fl_loop *loop, int ms, fl_value *reason)
{
    return fl_promise_then(fl_promise_after(loop, FL_MS(ms), reason), throw_it, NULL, NULL);
}

static fl_value *resolved_v(fl_loop *loop, fl_value *v)
{
    return fl_promise_value(fl_promise_resolved(loop, v));
}

static fl_value *rejected_v(fl_loop *loop, fl_value *reason)
{
    return fl_promise_value(fl_promise_rejected(loop, reason));
}

static fl_value *in2(fl_value *a, fl_value *b)
{
    return fl_array(2, a, b);
}

/* The rejection callback records the event, the reason and the loop time in us,
 * checks the promise when the script noted it in g_rejected, and returns g_cancel. */
static int g_cancel;
static fl_promise *g_rejected;

static int on_rejection(fl_loop *loop, fl_promise *p, fl_value *reason, int later, void *arg)
{
    if (g_rejected)
        assert_ptr_equal(p, g_rejected);
    assert_true(fl_value_equal(fl_promise_result(p), reason));
    rec_add("%s:%s@%lld", later ? "rejectionhandled" : "unhandledrejection", text(reason),
            (long long)fl_now(loop));
    return g_cancel;
}

static fl_loop *new_loop(void)
{
    g_hook_tick = 0;
    g_hook_target = NULL;
    g_rejected = NULL;
    g_cancel = 0;
    return test_loop_new_opts(NULL);
}

/* Runs `fn` as the page's script (a task, then its checkpoint), then until idle. */
static void run_script(fl_loop *loop, fl_task_fn fn, void *arg)
{
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, fn, arg, "script"), 0);
    run_idle(loop);
}

typedef struct scenario {
    fl_task_fn script;
    const char *order;      /* the recorder's tokens */
    const char *transcript; /* the whole transcript ("" also proves no stray report) */
    int track; /* 1: on_rejection is installed; 2: and it cancels reports; 3: and removed */
} scenario;

static void test_promise_scenario(void **state)
{
    const scenario *s = *state;
    fl_loop *loop = new_loop();
    g_cancel = s->track == 2;
    if (s->track)
        assert_int_equal(fl_promise_set_rejection_handler(loop, on_rejection, NULL), 0);
    if (s->track == 3)
        assert_int_equal(fl_promise_set_rejection_handler(loop, NULL, NULL), 0);
    run_script(loop, s->script, NULL);
    assert_string_equal(rec_str(), s->order);
    assert_string_equal(fl_transcript(loop, NULL), s->transcript);
    test_loop_free_drained(loop);
}

#define SCENARIO(name, ...) static const scenario name##_s = {name, __VA_ARGS__}
/* clang-format off */
#define SCENARIO_TEST(name) {#name, test_promise_scenario, NULL, NULL, (void *)&name##_s}
/* clang-format on */

/* ---- Tick-exact scenarios ---------------------------------------------------------- */

/* Resolving with a promise costs a resolve-thenable job and a then job: two more ticks. */
static void adoption(fl_loop *loop, void *arg)
{
    start_ticks(loop, 6);
    fl_promise *p = fl_promise_new(loop), *q = fl_promise_new(loop), *r = fl_promise_new(loop);
    fl_promise_then(p, rec_then, NULL, "value");
    fl_promise_resolve(p, fl_int(42));
    fl_promise_then(q, rec_then, NULL, "promise");
    fl_promise_resolve(q, resolved_v(loop, fl_int(42)));
    fl_promise_resolve(r, rejected_v(loop, fl_str("r")));
    fl_promise_then(r, NULL, rec_then, "c");
    fl_promise *one = fl_promise_resolved(loop, fl_int(1));
    fl_promise_then(fl_promise_then(one, return_promise, NULL, INT_ARG(2)), rec_then, NULL,
                    "adopt");
    fl_promise_then(fl_promise_then(one, return_int, NULL, INT_ARG(2)), rec_then, NULL, "plain");
}
SCENARIO(adoption, "t1 value42 t2 plain2 t3 promise42 cr t4 adopt2 t5 t6", "", 0);

static fl_value *throw_boom(fl_loop *loop, fl_value *v, void *arg)
{
    return fl_throw(fl_error("boom"));
}

static fl_value *return_error(fl_loop *loop, fl_value *v, void *arg)
{
    return fl_error("x");
}

/* `const p = one.then(() => p)`: a promise resolved with itself. */
static fl_promise *g_cycle;

static fl_value *return_cycle(fl_loop *loop, fl_value *v, void *arg)
{
    return fl_promise_value(g_cycle);
}

static fl_value *rec_error_name(fl_loop *loop, fl_value *v, void *arg)
{
    rec_add("y%s", fl_error_name(v));
    return NULL;
}

/* NULL handlers pass through (still one job), a thrown error rejects, a returned one
 * fulfills, catch recovers, a then on a pending promise runs one job after it settles, and
 * a handler returning its own derived promise rejects it with a TypeError. */
static void handlers(fl_loop *loop, void *arg)
{
    g_hook_target = fl_promise_new(loop);
    g_hook_tick = 4;
    start_ticks(loop, 6);
    fl_promise *ok = fl_promise_then(fl_promise_resolved(loop, fl_int(5)), NULL, NULL, NULL);
    fl_promise_then(ok, rec_then, NULL, "v");
    fl_promise *bad = fl_promise_then(fl_promise_rejected(loop, fl_str("r")), NULL, NULL, NULL);
    fl_promise_then(bad, NULL, rec_then, "c");
    fl_promise *one = fl_promise_resolved(loop, fl_int(1));
    fl_promise_then(fl_promise_then(one, throw_boom, NULL, NULL), rec_then, rec_then, "c:");
    fl_promise_then(fl_promise_then(one, return_error, NULL, NULL), rec_then, NULL, "v:");
    fl_promise *k =
        fl_promise_catch(fl_promise_rejected(loop, fl_error("r")), return_int, INT_ARG(7));
    fl_promise_then(k, rec_then, NULL, "k");
    fl_promise_then(g_hook_target, rec_then, NULL, "then");
    g_cycle = fl_promise_then(one, return_cycle, NULL, NULL);
    fl_promise_catch(g_cycle, rec_error_name, NULL);
}
SCENARIO(handlers, "t1 t2 v5 cr c:Error: boom v:Error: x k7 yTypeError t3 t4 thenignored t5 t6", "",
         0);

/* A finally callback: `arg` is a label character, then what to do ("1none", "3throw"). */
static fl_value *on_finally(fl_loop *loop, void *arg)
{
    const char *what = arg;
    rec_add("f%c", what[0]);
    if (strcmp(what + 1, "throw") == 0)
        return fl_throw(fl_str("x"));
    if (strcmp(what + 1, "pending") == 0)
        return fl_promise_value(g_hook_target);
    if (strcmp(what + 1, "rejected") == 0)
        return rejected_v(loop, fl_str("fr"));
    return NULL;
}

static fl_promise *finally_of(fl_promise *p, const char *what)
{
    return fl_promise_finally(p, on_finally, (void *)what);
}

/* thenFinally's inner then and the resolve-thenable job cost three ticks; a throw costs
 * none; a returned pending promise (fulfilled at tick 4) is waited for. */
static void finally(fl_loop *loop, void *arg)
{
    g_hook_target = fl_promise_new(loop);
    g_hook_tick = 4;
    start_ticks(loop, 9);
    fl_promise *one = fl_promise_resolved(loop, fl_int(1));
    fl_promise_then(finally_of(one, "1none"), rec_then, NULL, "v");
    fl_promise_catch(finally_of(fl_promise_rejected(loop, fl_str("r")), "2none"), rec_then, "c");
    fl_promise_catch(finally_of(one, "3throw"), rec_then, "c");
    fl_promise_catch(finally_of(one, "4rejected"), rec_then, "c");
    fl_promise_then(finally_of(one, "5pending"), rec_then, NULL, "w");
}
SCENARIO(finally, "t1 f1 f2 f3 f4 f5 t2 cx t3 t4 v1 cr cfr t5 t6 w1 t7 t8 t9", "", 0);

/* Records an AggregateError with its errors array. */
static fl_value *rec_aggregate(fl_loop *loop, fl_value *v, void *arg)
{
    assert_string_equal(fl_error_name(v), "AggregateError");
    rec_add("%s%s", text_n(v, 0), text_n(v->u.err.errors, 1));
    return NULL;
}

/* Inputs go through Promise.resolve, so plain values count as already fulfilled. */
static void combinators(fl_loop *loop, void *arg)
{
    start_ticks(loop, 4);
    fl_value *in = in2(resolved_v(loop, fl_int(1)), fl_int(2));
    fl_promise_then(fl_promise_all(loop, in), rec_then, NULL, "all");
    in = in2(resolved_v(loop, fl_int(1)), rejected_v(loop, fl_str("no")));
    fl_promise_then(fl_promise_all_settled(loop, in), rec_then, NULL, "as");
    in = in2(fl_promise_value(fl_promise_new(loop)), fl_int(7));
    fl_promise_then(fl_promise_race(loop, in), rec_then, NULL, "race");
    in = in2(rejected_v(loop, fl_str("r")), fl_int(1));
    fl_promise_catch(fl_promise_race(loop, in), rec_then, "c");
    in = fl_array(3, rejected_v(loop, fl_str("a")), resolved_v(loop, fl_str("b")), fl_str("c"));
    fl_promise_then(fl_promise_any(loop, in), rec_then, NULL, "any");
    in = in2(rejected_v(loop, fl_str("a")), rejected_v(loop, fl_str("b")));
    fl_promise_catch(fl_promise_any(loop, in), rec_aggregate, NULL);
}
SCENARIO(combinators,
         "t1 t2 all[1,2] as[{\"status\":\"fulfilled\",\"value\":1},{\"status\":\"rejected\","
         "\"reason\":\"no\"}] race7 cr anyb AggregateError: All promises were rejected[\"a\","
         "\"b\"] t3 t4",
         "", 0);

/* Empty inputs settle before the call returns, yet each then still waits for a job. */
static void empty_inputs(fl_loop *loop, void *arg)
{
    start_ticks(loop, 3);
    fl_promise *all = fl_promise_all(loop, fl_array_new());
    fl_promise *settled = fl_promise_all_settled(loop, fl_array_new());
    fl_promise *any = fl_promise_any(loop, fl_array_new());
    assert_int_equal(fl_promise_state_of(all), FL_PROMISE_FULFILLED);
    assert_int_equal(fl_promise_state_of(settled), FL_PROMISE_FULFILLED);
    assert_int_equal(fl_promise_state_of(any), FL_PROMISE_REJECTED);
    fl_promise_then(all, rec_then, NULL, "all");
    fl_promise_then(settled, rec_then, NULL, "as");
    fl_promise_catch(any, rec_aggregate, NULL);
    rec_add("sync");
}
SCENARIO(empty_inputs, "sync t1 all[] as[] AggregateError: All promises were rejected[] t2 t3", "",
         0);

/* ---- Combinators in virtual time ----------------------------------------------------- */

static fl_value *log_aggregate(fl_loop *loop, fl_value *v, void *arg)
{
    fl_log(loop, "%s %s", text_n(v, 0), text_n(v->u.err.errors, 1));
    return NULL;
}

/* all keeps input order and takes the first rejection in time; race takes the first to
 * settle; any's errors are in input order even when the inputs reject in another order. */
static void in_time(fl_loop *loop, void *arg)
{
    fl_value *in = fl_array(3, fl_promise_value(fl_promise_after(loop, FL_MS(20), fl_int(1))),
                            fl_int(2), resolved_v(loop, fl_int(3)));
    fl_promise_then(fl_promise_all(loop, in), log_then, NULL, "all");
    in = fl_array(3, fl_promise_value(reject_after(loop, 10, fl_str("late"))),
                  fl_promise_value(reject_after(loop, 5, fl_str("early"))), fl_int(3));
    fl_promise_catch(fl_promise_all(loop, in), log_then, "all rejected");
    in = in2(fl_promise_value(fl_promise_after(loop, FL_MS(30), fl_str("slow"))),
             fl_promise_value(fl_promise_after(loop, FL_MS(15), fl_str("fast"))));
    fl_promise_then(fl_promise_race(loop, in), log_then, NULL, "race");
    in = in2(fl_promise_value(reject_after(loop, 10, fl_str("a"))),
             fl_promise_value(reject_after(loop, 5, fl_str("b"))));
    fl_promise_catch(fl_promise_any(loop, in), log_aggregate, NULL);
    in = fl_array(3, fl_promise_value(reject_after(loop, 5, fl_str("x"))),
                  fl_promise_value(fl_promise_after(loop, FL_MS(20), fl_str("late"))),
                  fl_promise_value(fl_promise_after(loop, FL_MS(15), fl_str("win"))));
    fl_promise_then(fl_promise_any(loop, in), log_then, NULL, "any");
}
SCENARIO(in_time, "",
         "5.000 all rejected early\n"
         "10.000 AggregateError: All promises were rejected [\"a\",\"b\"]\n"
         "15.000 race fast\n15.000 any win\n20.000 all [1,2,3]\n",
         0);

/* race([]) never settles. */
static fl_promise *g_kept;

static void check_race_pending(fl_loop *loop, void *arg)
{
    assert_int_equal(fl_promise_state_of(g_kept), FL_PROMISE_PENDING);
    rec_add("pending");
    fl_promise_unref(g_kept);
}

static void race_empty(fl_loop *loop, void *arg)
{
    g_kept = fl_promise_ref(fl_promise_race(loop, fl_array_new()));
    fl_promise_then(g_kept, rec_then, rec_then, "settled");
    assert_true(fl_set_timeout(loop, check_race_pending, NULL, FL_MS(5)) > 0);
}
SCENARIO(race_empty, "pending", "", 0);

static void test_promise_combinators_reject_non_arrays(void **state)
{
    fl_loop *loop = new_loop();
    fl_promise *(*const fns[])(fl_loop *, fl_value *) = {fl_promise_all, fl_promise_all_settled,
                                                         fl_promise_race, fl_promise_any};
    for (size_t i = 0; i < 4; i++) {
        fl_promise *a = fns[i](loop, fl_int(1)), *b = fns[i](loop, NULL);
        assert_int_equal(fl_promise_state_of(a), FL_PROMISE_REJECTED);
        assert_string_equal(fl_error_name(fl_promise_result(a)), "TypeError");
        assert_int_equal(fl_promise_state_of(b), FL_PROMISE_REJECTED);
        assert_string_equal(fl_error_name(fl_promise_result(b)), "TypeError");
    }
    fl_loop_free(loop);
}

static void test_promise_after_fulfils_at_delay(void **state)
{
    fl_loop *loop = new_loop();
    fl_promise *p = fl_promise_ref(fl_promise_after(loop, FL_MS(3000), fl_int(100)));
    fl_promise_then(p, log_then, NULL, "v");
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL, FL_MS(3000) - 1), 0);
    assert_int_equal(fl_promise_state_of(p), FL_PROMISE_PENDING);
    run_idle(loop);
    assert_int_equal(fl_now(loop), FL_MS(3000));
    assert_int_equal(fl_promise_state_of(p), FL_PROMISE_FULFILLED);
    assert_string_equal(fl_transcript(loop, NULL), "3000.000 v 100\n");
    fl_promise_unref(p);
    test_loop_free_drained(loop);
}

/* ---- Unhandled rejections (HTML "notify about rejected promises") ------------------ */

static void log_task(fl_loop *loop, void *arg)
{
    fl_log(loop, "%s", (const char *)arg);
}

/* The report is a task queued by the checkpoint: it comes after the checkpoint's
 * microtasks and after the tasks queued before it. */
static void unhandled(fl_loop *loop, void *arg)
{
    fl_log(loop, "script");
    assert_int_equal(fl_queue_microtask(loop, log_task, "micro"), 0);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, log_task, "next", "next"), 0);
    g_rejected = fl_promise_rejected(loop, fl_error("boom"));
}
#define UNHANDLED_LOG "0.000 script\n0.000 micro\n0.000 next\n"
#define UNCAUGHT_BOOM "0.000 Uncaught (in promise) Error: boom\n"
static const scenario unhandled_default_s = {unhandled, "", UNHANDLED_LOG UNCAUGHT_BOOM, 0};
static const scenario unhandled_observed_s = {unhandled, "unhandledrejection:Error: boom@0",
                                              UNHANDLED_LOG UNCAUGHT_BOOM, 1};
static const scenario unhandled_cancelled_s = {unhandled, "unhandledrejection:Error: boom@0",
                                               UNHANDLED_LOG, 2};
/* A removed callback is not called: the default report is back. */
static const scenario unhandled_uncaught_s = {unhandled, "", UNHANDLED_LOG UNCAUGHT_BOOM, 3};

static void attach_catch(fl_loop *loop, void *arg)
{
    fl_promise_catch(g_rejected, rec_then, "caught:");
    fl_promise_unref(g_rejected); /* the loop keeps it for the rejectionhandled report */
}

/* Handled in a later task: rejectionhandled is a task too, after the catch's job. */
static void handled_later(fl_loop *loop, void *arg)
{
    g_rejected = fl_promise_ref(fl_promise_rejected(loop, fl_error("boom")));
    assert_true(fl_set_timeout(loop, attach_catch, NULL, FL_MS(10)) > 0);
}
#define HANDLED_LATER                                                                              \
    "unhandledrejection:Error: boom@0 caught:Error: boom rejectionhandled:Error: boom@10000"
SCENARIO(handled_later, HANDLED_LATER, UNCAUGHT_BOOM, 1);
/* A cancelled report still leaves the promise outstanding: rejectionhandled follows. */
static const scenario handled_later_cancelled_s = {handled_later, HANDLED_LATER, "", 2};

/* Handled by a task queued before the report task: the report skips it. */
static void handled_before_report(fl_loop *loop, void *arg)
{
    g_rejected = fl_promise_ref(fl_promise_rejected(loop, fl_error("boom")));
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, attach_catch, NULL, "t"), 0);
}
SCENARIO(handled_before_report, "caught:Error: boom", "", 1);

static void handle_in_microtask(fl_loop *loop, void *arg)
{
    fl_promise_catch(g_rejected, rec_then, "caught:");
}

/* Rejected and handled within one checkpoint: nothing is reported. */
static void handled_in_checkpoint(fl_loop *loop, void *arg)
{
    g_rejected = fl_promise_rejected(loop, fl_error("boom"));
    assert_int_equal(fl_queue_microtask(loop, handle_in_microtask, NULL), 0);
    fl_promise *p = fl_promise_then(fl_promise_rejected(loop, fl_str("r")), rec_then, NULL, "n");
    fl_promise_catch(p, rec_then, "caught:");
}
SCENARIO(handled_in_checkpoint, "caught:Error: boom caught:r", "", 1);

/* p.then(h) on a rejected p: p is handled, the derived promise is the unhandled one. */
static void chain_end(fl_loop *loop, void *arg)
{
    g_rejected = fl_promise_then(fl_promise_rejected(loop, fl_error("boom")), rec_then, NULL, "n");
}
SCENARIO(chain_end, "unhandledrejection:Error: boom@0", UNCAUGHT_BOOM, 1);

/* ---- State machine and jobs (no run needed) ------------------------------------------ */

static void test_promise_settles_once(void **state)
{
    fl_loop *loop = new_loop();
    fl_promise *p = fl_promise_new(loop);
    assert_int_equal(fl_promise_state_of(p), FL_PROMISE_PENDING);
    assert_null(fl_promise_result(p));
    assert_false(fl_promise_is_handled(p));
    assert_int_equal(fl_promise_resolve(p, fl_int(1)), 0);
    assert_int_equal(fl_promise_resolve(p, fl_int(2)), 0); /* ignored */
    assert_int_equal(fl_promise_reject(p, fl_error("late")), 0);
    assert_int_equal(fl_promise_state_of(p), FL_PROMISE_FULFILLED);
    assert_int_equal(fl_value_int(fl_promise_result(p)), 1);

    fl_promise *q = fl_promise_new(loop);
    assert_int_equal(fl_promise_reject(q, fl_str("no")), 0);
    assert_int_equal(fl_promise_resolve(q, fl_int(3)), 0);
    assert_int_equal(fl_promise_state_of(q), FL_PROMISE_REJECTED);
    assert_string_equal(text(fl_promise_result(q)), "no");
    fl_promise_catch(q, NULL, NULL);
    assert_true(fl_promise_is_handled(q));

    /* resolve(p) with p itself rejects it with a TypeError. */
    fl_promise *r = fl_promise_new(loop);
    assert_int_equal(fl_promise_resolve(r, fl_promise_value(r)), 0);
    assert_int_equal(fl_promise_state_of(r), FL_PROMISE_REJECTED);
    assert_string_equal(fl_error_name(fl_promise_result(r)), "TypeError");
    fl_loop_free(loop);
}

/* Once resolved with a promise, a promise is locked in: later resolves are ignored. */
static void test_promise_resolved_with_pending_is_locked(void **state)
{
    fl_loop *loop = new_loop();
    fl_promise *p = fl_promise_ref(fl_promise_new(loop));
    fl_promise *q = fl_promise_ref(fl_promise_new(loop));
    fl_promise_resolve(p, fl_promise_value(q));
    fl_promise_resolve(p, fl_int(5));
    fl_promise_reject(p, fl_int(6));
    fl_promise_then(p, rec_then, NULL, "p");
    /* The resolve-thenable job runs; p keeps following q across checkpoints. */
    assert_int_equal(fl_perform_microtask_checkpoint(loop), 0);
    assert_int_equal(fl_promise_state_of(p), FL_PROMISE_PENDING);
    fl_promise_resolve(q, fl_int(7));
    assert_int_equal(fl_perform_microtask_checkpoint(loop), 0);
    assert_string_equal(rec_str(), "p7");
    assert_int_equal(fl_value_int(fl_promise_result(p)), 7);
    fl_promise_unref(p);
    fl_promise_unref(q);
    test_loop_free_drained(loop);
}

static fl_value *executor(fl_loop *loop, fl_promise *p, void *arg)
{
    rec_add("exec");
    if (strcmp(arg, "resolve-then-throw") == 0) {
        fl_promise_resolve(p, fl_int(1));
        return fl_throw(fl_str("ignored"));
    }
    return strcmp(arg, "throw") == 0 ? fl_throw(fl_str("x")) : NULL;
}

static void test_promise_executor(void **state)
{
    fl_loop *loop = new_loop();
    fl_promise *a = fl_promise_create(loop, executor, "resolve-then-throw");
    rec_add("after");
    fl_promise *b = fl_promise_create(loop, executor, "throw");
    fl_promise *c = fl_promise_create(loop, executor, "nothing");
    assert_string_equal(rec_str(), "exec after exec exec"); /* runs synchronously */
    assert_int_equal(fl_promise_state_of(a), FL_PROMISE_FULFILLED);
    assert_int_equal(fl_value_int(fl_promise_result(a)), 1);
    assert_int_equal(fl_promise_state_of(b), FL_PROMISE_REJECTED);
    assert_string_equal(text(fl_promise_result(b)), "x");
    assert_int_equal(fl_promise_state_of(c), FL_PROMISE_PENDING);
    fl_loop_free(loop);
}

/* then on a settled promise queues one job, run at the checkpoint; reactions on a pending
 * promise are queued in registration order when it settles. */
static void test_promise_then_queues_jobs_in_order(void **state)
{
    fl_loop *loop = new_loop();
    fl_promise_then(fl_promise_resolved(loop, fl_int(1)), rec_then, NULL, "v");
    fl_promise_then(fl_promise_rejected(loop, fl_int(2)), NULL, rec_then, "c");
    fl_promise *p = fl_promise_new(loop);
    fl_promise_then(p, rec_then, NULL, "r1:");
    fl_promise_catch(p, rec_then, "never:");
    fl_promise_then(p, rec_then, rec_then, "r2:");
    fl_promise_then(p, rec_then, NULL, "r3:");
    fl_promise_resolve(p, fl_int(1));
    rec_add("sync");
    assert_string_equal(rec_str(), "sync");
    assert_int_equal(fl_loop_pending(loop), 6);
    assert_int_equal(fl_perform_microtask_checkpoint(loop), 0);
    assert_string_equal(rec_str(), "sync v1 c2 r1:1 r2:1 r3:1");
    fl_loop_stats st;
    assert_int_equal(fl_loop_get_stats(loop, &st), 0);
    assert_int_equal(st.microtasks_run, 6); /* exactly one job per reaction */
    fl_loop_free(loop);
}

static fl_value *count_then(fl_loop *loop, fl_value *v, void *arg)
{
    rec_add("%s", (const char *)arg);
    return NULL;
}

/* A then with one handler runs it on its own side and passes the other side through, with or
 * without a handler at all. Resolving its promise by hand wins over its queued job, which
 * still runs its handler and releases its argument. */
static void test_promise_then_one_handler(void **state)
{
    int x;
    g_destroyed = 0;
    fl_loop *loop = new_loop();
    fl_promise *f = fl_promise_resolved(loop, fl_int(1));
    fl_promise *r = fl_promise_rejected(loop, fl_int(2));
    fl_promise_then(fl_promise_catch(f, rec_then, "never:"), rec_then, NULL, "f");
    fl_promise_catch(fl_promise_then(r, rec_then, NULL, "never:"), rec_then, "r");
    fl_promise_then(fl_promise_then(f, NULL, NULL, NULL), rec_then, NULL, "n");
    fl_promise *d = fl_promise_then(fl_promise_resolved(loop, fl_ptr(&x, count_destroy)),
                                    count_then, NULL, "job");
    assert_int_equal(fl_promise_resolve(d, fl_int(7)), 0);
    fl_promise_then(d, rec_then, NULL, "d");
    assert_int_equal(fl_perform_microtask_checkpoint(loop), 0);
    assert_string_equal(rec_str(), "job d7 f1 r2 n1");
    assert_int_equal(g_destroyed, 1); /* the job's argument and its promise's result */
    test_loop_free_drained(loop);
}

static fl_value *pass_on(fl_loop *loop, fl_value *v, void *arg)
{
    rec_add("%s", (const char *)arg);
    return fl_value_ref(v);
}

/* Chains hand a counted value on step by step; a step whose promise has two reactions, a
 * two-handler reaction or a handler's promise to adopt keeps the same order and references.
 * Everything was returned outside a run: the checkpoint's drain frees it all. */
static void test_promise_chain_steps(void **state)
{
    int x;
    g_destroyed = 0;
    fl_loop *loop = new_loop();
    fl_promise *p = fl_promise_resolved(loop, fl_ptr(&x, count_destroy));
    fl_promise *two = fl_promise_then(p, pass_on, NULL, "two");
    fl_promise_then(two, pass_on, NULL, "2a");
    fl_promise_then(two, pass_on, NULL, "2b");
    fl_promise_then(fl_promise_then(p, pass_on, NULL, "plain"), pass_on, pass_on, "p");
    fl_promise_then(fl_promise_then(p, return_promise, NULL, INT_ARG(3)), rec_then, NULL, "adopt");
    fl_promise *c = fl_promise_then(fl_promise_then(p, pass_on, NULL, "c1"), pass_on, NULL, "c2");
    fl_promise_then(c, pass_on, NULL, "c3");
    assert_int_equal(fl_perform_microtask_checkpoint(loop), 0);
    assert_string_equal(rec_str(), "two plain c1 2a 2b p c2 c3 adopt3");
    assert_int_equal(g_destroyed, 1); /* the drain freed every promise, and the value with them */
    test_loop_free_drained(loop);
}

static void test_promise_resolved_returns_same_promise(void **state)
{
    fl_loop *loop = new_loop();
    fl_promise *p = fl_promise_new(loop);
    assert_ptr_equal(fl_promise_resolved(loop, fl_promise_value(p)), p);
    fl_promise *q = fl_promise_resolved(loop, fl_int(3));
    assert_ptr_not_equal(q, p);
    assert_int_equal(fl_promise_state_of(q), FL_PROMISE_FULFILLED);
    /* Promise.reject(p) makes a new promise whose reason is p itself. */
    fl_promise *r = fl_promise_rejected(loop, fl_promise_value(p));
    assert_ptr_not_equal(r, p);
    assert_int_equal(fl_promise_state_of(r), FL_PROMISE_REJECTED);
    assert_ptr_equal(fl_value_promise(fl_promise_result(r)), p);
    fl_loop_free(loop);
}

/* ---- Lifetimes ------------------------------------------------------------------------ */

static void leave_work_behind(fl_loop *loop, void *arg)
{
    fl_promise *p = fl_promise_new(loop);
    fl_promise_then(fl_promise_then(p, rec_then, NULL, "a"), NULL, rec_then, "b");
    fl_promise_resolve(fl_promise_new(loop), fl_promise_value(p));
    finally_of(p, "0none");
    fl_promise_rejected(loop, fl_ptr(arg, count_destroy)); /* its report task stays queued */
    fl_promise_after(loop, FL_MS(10), fl_ptr(arg, count_destroy));
    fl_loop_stop(loop);
}

/* Pending promises, queued jobs, timers and reports all go with the loop, whether it never
 * ran or was stopped midway: ASan reports a leak, the counter proves the values died. */
static void test_promise_free_drops_everything(void **state)
{
    int x;
    g_destroyed = 0;
    fl_loop *loop = new_loop();
    fl_promise *p = fl_promise_new(loop);
    fl_promise_then(fl_promise_then(p, rec_then, NULL, "a"), rec_then, NULL, "b");
    fl_promise_resolve(fl_promise_new(loop), fl_promise_value(p)); /* a resolve-thenable job */
    fl_promise_then(fl_promise_resolved(loop, fl_ptr(&x, count_destroy)), rec_then, NULL, "c");
    fl_promise_after(loop, FL_MS(10), fl_ptr(&x, count_destroy));
    fl_promise_all(loop, in2(fl_promise_value(p), fl_ptr(&x, count_destroy)));
    fl_promise_rejected(loop, fl_ptr(&x, count_destroy));
    assert_true(fl_loop_free(loop) >= 0);
    assert_int_equal(g_destroyed, 4);

    loop = new_loop();
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, leave_work_behind, &x, "s"), 0);
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    assert_true(fl_loop_pending(loop) >= 2); /* the report task and the timer */
    assert_true(fl_loop_free(loop) >= 2);
    assert_int_equal(g_destroyed, 6);
    assert_string_equal(rec_str(), "");
}

/* ---- Misuse --------------------------------------------------------------------------- */

static void test_promise_null_arguments(void **state)
{
    int x;
    g_destroyed = 0;
    fl_loop *loop = new_loop();
    assert_null(fl_promise_new(NULL));
    assert_null(fl_promise_create(NULL, executor, "nothing"));
    assert_null(fl_promise_create(loop, NULL, NULL));
    assert_null(fl_promise_then(NULL, rec_then, rec_then, NULL));
    assert_null(fl_promise_catch(NULL, rec_then, NULL));
    assert_null(fl_promise_finally(NULL, on_finally, "0none"));
    /* Values handed over are freed even when the call fails. */
    assert_int_equal(fl_promise_resolve(NULL, fl_ptr(&x, count_destroy)), FL_EINVAL);
    assert_int_equal(fl_promise_reject(NULL, fl_ptr(&x, count_destroy)), FL_EINVAL);
    assert_null(fl_promise_resolved(NULL, fl_ptr(&x, count_destroy)));
    assert_null(fl_promise_rejected(NULL, fl_ptr(&x, count_destroy)));
    assert_null(fl_promise_all(NULL, fl_array(1, fl_ptr(&x, count_destroy))));
    assert_null(fl_promise_all_settled(NULL, fl_array(1, fl_ptr(&x, count_destroy))));
    assert_null(fl_promise_race(NULL, fl_array(1, fl_ptr(&x, count_destroy))));
    assert_null(fl_promise_any(NULL, fl_array(1, fl_ptr(&x, count_destroy))));
    assert_null(fl_promise_after(NULL, FL_MS(1), fl_ptr(&x, count_destroy)));
    assert_int_equal(g_destroyed, 9);
    (void)fl_promise_state_of(NULL);
    assert_null(fl_promise_result(NULL));
    assert_false(fl_promise_is_handled(NULL));
    assert_null(fl_promise_ref(NULL));
    fl_promise_unref(NULL);
    assert_int_equal(fl_promise_set_rejection_handler(NULL, on_rejection, NULL), FL_EINVAL);
    assert_int_equal(fl_promise_set_rejection_handler(loop, NULL, NULL), 0);
    test_loop_free_drained(loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_promise_settles_once),
        cmocka_unit_test(test_promise_resolved_with_pending_is_locked),
        cmocka_unit_test(test_promise_executor),
        cmocka_unit_test(test_promise_then_queues_jobs_in_order),
        cmocka_unit_test(test_promise_resolved_returns_same_promise),
        cmocka_unit_test(test_promise_then_one_handler),
        cmocka_unit_test(test_promise_chain_steps),
        SCENARIO_TEST(adoption),
        SCENARIO_TEST(handlers),
        SCENARIO_TEST(finally),
        SCENARIO_TEST(combinators),
        SCENARIO_TEST(empty_inputs),
        SCENARIO_TEST(in_time),
        SCENARIO_TEST(race_empty),
        cmocka_unit_test(test_promise_combinators_reject_non_arrays),
        cmocka_unit_test(test_promise_after_fulfils_at_delay),
        SCENARIO_TEST(unhandled_default),
        SCENARIO_TEST(unhandled_observed),
        SCENARIO_TEST(unhandled_cancelled),
        SCENARIO_TEST(unhandled_uncaught),
        SCENARIO_TEST(handled_later),
        SCENARIO_TEST(handled_later_cancelled),
        SCENARIO_TEST(handled_before_report),
        SCENARIO_TEST(handled_in_checkpoint),
        SCENARIO_TEST(chain_end),
        cmocka_unit_test(test_promise_free_drops_everything),
        cmocka_unit_test(test_promise_null_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
