/**
 * @file test_async.c
 * Async functions: the body runs synchronously up to its first await, each
 * await costs the jobs V8 spends on it (exact tick counts against a then-chain
 * that logs tick numbers; each expected order is what Node 20 prints for the
 * same JS), rejections throw at the await, locals live in fl_async_locals, and
 * seed 000's timings in virtual time. Then lifetimes and misuse.
 */
#include <stdint.h>

#include "test_util.h"
#include "test_ticks.h"

#include "frameloop/async.h"

/* Callbacks have the library's fixed signatures; most use only some parameters. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

/* ---- Helpers ------------------------------------------------------------------------ */

static const char *text(const fl_value *v)
{
    static char buf[512];
    fl_value_format(v, buf, sizeof(buf));
    return buf;
}

/* Records its label followed by the value's text: "f1", "cError: boom". */
static fl_value *rec_then(fl_loop *loop, fl_value *v, void *arg)
{
    rec_add("%s%s", (const char *)arg, text(v));
    return NULL;
}

static fl_value *log_then(fl_loop *loop, fl_value *v, void *arg)
{
    assert_int_equal(fl_log_value(loop, arg, v), 0);
    return NULL;
}

/* Calls an async function without locals and chains a recording then on its promise. */
static void call_then(fl_loop *loop, fl_async_fn body, void *arg, const char *label)
{
    fl_promise *p = fl_async_call(loop, body, 0, arg);
    assert_non_null(p);
    fl_promise_then(p, rec_then, rec_then, (void *)label);
}

typedef struct scenario {
    fl_task_fn script;
    const char *order;      /* the recorder's tokens */
    const char *transcript; /* the whole transcript */
    int64_t end_us;         /* the loop time when the run went idle */
} scenario;

/* Runs the script as the page's first task, then until idle, and checks the outcome. */
static void test_async_scenario(void **state)
{
    const scenario *s = *state;
    g_hook_tick = 0;
    g_hook_target = NULL;
    fl_loop *loop = test_loop_new_opts(NULL);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, s->script, NULL, "script"), 0);
    run_idle(loop);
    assert_string_equal(rec_str(), s->order);
    assert_string_equal(fl_transcript(loop, NULL), s->transcript);
    assert_int_equal(fl_now(loop), s->end_us);
    test_loop_free_drained(loop);
}

#define SCENARIO(name, ...) static const scenario name##_s = {name, __VA_ARGS__}
/* clang-format off */
#define SCENARIO_TEST(name) {#name, test_async_scenario, NULL, NULL, (void *)&name##_s}
/* clang-format on */

/* ---- Awaits ------------------------------------------------------------------------- */

static void await_resolved(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    rec_add("a1");
    FL_AWAIT(co, fl_promise_resolved(fl_async_loop(co), fl_int(1)));
    rec_add("ra%s", text(fl_async_value(co)));
    FL_ASYNC_END(co);
}

static void await_plain_value(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    rec_add("b1");
    FL_AWAIT_VALUE(co, fl_int(5));
    rec_add("rb%s", text(fl_async_value(co)));
    FL_ASYNC_END(co);
}

/* FL_AWAIT_VALUE of a promise value awaits that promise. */
static void await_promise_value(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_AWAIT_VALUE(co, fl_promise_value(fl_promise_resolved(fl_async_loop(co), fl_int(3))));
    rec_add("rc%s", text(fl_async_value(co)));
    FL_ASYNC_END(co);
}

static void await_pending(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_AWAIT(co, g_hook_target);
    rec_add("rd%s", text(fl_async_value(co)));
    FL_ASYNC_END(co);
}

/* Bodies run synchronously to their first await; each await resumes one job after its
 * promise settles (the pending one is fulfilled at tick 4). */
static void awaits(fl_loop *loop, void *arg)
{
    g_hook_target = fl_promise_new(loop);
    g_hook_tick = 4;
    start_ticks(loop, 6);
    assert_non_null(fl_async_call(loop, await_resolved, 0, NULL));
    assert_non_null(fl_async_call(loop, await_plain_value, 0, NULL));
    assert_non_null(fl_async_call(loop, await_promise_value, 0, NULL));
    assert_non_null(fl_async_call(loop, await_pending, 0, NULL));
    rec_add("sync");
}
SCENARIO(awaits, "a1 b1 sync t1 ra1 rb5 rc3 t2 t3 t4 rdignored t5 t6", "", 0);

/* ---- Returns ------------------------------------------------------------------------ */

/* Returns `arg` as a value, or as a promise (mode bit 1), after an await (mode bit 2). */
static void return_mode(fl_async *co)
{
    intptr_t mode = (intptr_t)fl_async_arg(co) >> 8, n = (intptr_t)fl_async_arg(co) & 0xff;
    FL_ASYNC_BEGIN(co);
    if (mode & 2) {
        FL_AWAIT_VALUE(co, fl_null());
    }
    if (mode & 1) {
        FL_ASYNC_RETURN(co, fl_promise_value(fl_promise_resolved(fl_async_loop(co), fl_int(n))));
    }
    FL_ASYNC_RETURN(co, fl_int(n));
    FL_ASYNC_END(co);
}

static void fall_off_end(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_ASYNC_END(co);
}

#define MODE(mode, n) INT_ARG((mode) << 8 | (n))

/* Returning a promise resolves through a resolve-thenable job: two more ticks. */
static void returns(fl_loop *loop, void *arg)
{
    start_ticks(loop, 6);
    call_then(loop, return_mode, MODE(0, 1), "f");
    call_then(loop, return_mode, MODE(1, 2), "g");
    call_then(loop, return_mode, MODE(2, 3), "h");
    call_then(loop, return_mode, MODE(3, 4), "i");
    call_then(loop, fall_off_end, NULL, "j");
}
SCENARIO(returns, "t1 f1 jundefined t2 h3 t3 g2 t4 i4 t5 t6", "", 0);

/* ---- Throws ------------------------------------------------------------------------- */

static void await_rejected(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_AWAIT(co, fl_promise_rejected(fl_async_loop(co), fl_error("boom")));
    rec_add("no"); /* the rejection threw: never reached */
    FL_ASYNC_END(co);
}

static void throw_sync(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_ASYNC_THROW(co, fl_str("x"));
    FL_ASYNC_END(co);
}

/* try { await rejected } catch, then a normal await, then return. */
static void await_settled(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    FL_AWAIT_SETTLED(co, fl_promise_rejected(loop, fl_str("r")));
    assert_true(fl_async_threw(co));
    rec_add("caught%s", text(fl_async_value(co)));
    FL_AWAIT_SETTLED(co, fl_promise_resolved(loop, fl_int(5)));
    assert_false(fl_async_threw(co));
    rec_add("v%s", text(fl_async_value(co)));
    FL_ASYNC_RETURN(co, fl_int(1));
    FL_ASYNC_END(co);
}

static void return_rejected(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_ASYNC_RETURN(co, fl_promise_value(fl_promise_rejected(fl_async_loop(co), fl_str("e"))));
    FL_ASYNC_END(co);
}

/* A rejected await throws; returning a rejected promise rejects two ticks later. */
static void throws(fl_loop *loop, void *arg)
{
    start_ticks(loop, 5);
    call_then(loop, await_rejected, NULL, "c");
    call_then(loop, throw_sync, NULL, "d");
    call_then(loop, await_settled, NULL, "ret");
    call_then(loop, return_rejected, NULL, "e");
}
SCENARIO(throws, "t1 dx caughtr t2 cError: boom v5 t3 ret1 ee t4 t5", "", 0);

/* An async function's rejection nobody handles is reported like any other. */
static void unhandled(fl_loop *loop, void *arg)
{
    assert_non_null(fl_async_call(loop, await_rejected, 0, NULL));
}
SCENARIO(unhandled, "", "0.000 Uncaught (in promise) Error: boom\n", 0);

/* ---- Locals across awaits ----------------------------------------------------------- */

typedef struct sum_locals {
    int i;
    int64_t sum;
} sum_locals;

static void sum_loop(fl_async *co)
{
    sum_locals *l = fl_async_locals(co);
    FL_ASYNC_BEGIN(co);
    assert_int_equal(l->i, 0); /* the block starts zeroed */
    assert_int_equal(l->sum, 0);
    assert_ptr_equal(fl_async_arg(co), &g_hook_tick);
    for (l->i = 0; l->i < 3; l->i++) {
        FL_AWAIT(co, fl_promise_resolved(fl_async_loop(co), fl_int(l->i)));
        l->sum += fl_value_int(fl_async_value(co));
        rec_add("i%d", l->i);
    }
    FL_ASYNC_RETURN(co, fl_int(l->sum));
    FL_ASYNC_END(co);
}

/* The body that awaits b()'s promise: b awaits once, then returns 1. */
static void inner(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_AWAIT_VALUE(co, fl_null());
    FL_ASYNC_RETURN(co, fl_int(1));
    FL_ASYNC_END(co);
}

static void outer(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_AWAIT(co, fl_async_call(fl_async_loop(co), inner, 0, NULL));
    rec_add("a%s", text(fl_async_value(co)));
    FL_ASYNC_END(co);
}

static void loops(fl_loop *loop, void *arg)
{
    start_ticks(loop, 6);
    fl_promise *p = fl_async_call(loop, sum_loop, sizeof(sum_locals), &g_hook_tick);
    fl_promise_then(p, rec_then, NULL, "done");
}
SCENARIO(loops, "t1 i0 t2 i1 t3 i2 t4 done3 t5 t6", "", 0);

static void nested(fl_loop *loop, void *arg)
{
    start_ticks(loop, 6);
    assert_non_null(fl_async_call(loop, outer, 0, NULL));
}
SCENARIO(nested, "t1 t2 a1 t3 t4 t5 t6", "", 0);

/* ---- Seed 000 in virtual time ----------------------------------------------------------- */

/* async (v) => await new Promise(r => setTimeout(() => r(v), 3000)) */
static void wait_3s(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    FL_AWAIT(co, fl_promise_after(loop, FL_MS(3000), fl_int((intptr_t)fl_async_arg(co))));
    FL_ASYNC_RETURN(co, fl_value_ref(fl_async_value(co)));
    FL_ASYNC_END(co);
}

static void parallel(fl_loop *loop, void *arg)
{
    fl_value *in = fl_array(2, fl_promise_value(fl_async_call(loop, wait_3s, 0, INT_ARG(100))),
                            fl_promise_value(fl_async_call(loop, wait_3s, 0, INT_ARG(200))));
    fl_promise_then(fl_promise_all(loop, in), log_then, NULL, "result");
}
SCENARIO(parallel, "", "3000.000 result [100,200]\n", FL_MS(3000));

typedef struct seq_locals {
    int64_t first;
} seq_locals;

static void sequential_body(fl_async *co)
{
    seq_locals *l = fl_async_locals(co);
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    FL_AWAIT(co, fl_async_call(loop, wait_3s, 0, INT_ARG(100)));
    l->first = fl_value_int(fl_async_value(co));
    FL_AWAIT(co, fl_async_call(loop, wait_3s, 0, INT_ARG(200)));
    FL_ASYNC_RETURN(co, fl_array(2, fl_int(l->first), fl_value_ref(fl_async_value(co))));
    FL_ASYNC_END(co);
}

static void sequential(fl_loop *loop, void *arg)
{
    fl_promise *p = fl_async_call(loop, sequential_body, sizeof(seq_locals), NULL);
    fl_promise_then(p, log_then, NULL, "result");
}
SCENARIO(sequential, "", "6000.000 result [100,200]\n", FL_MS(6000));

/* ---- Lifetimes and misuse ------------------------------------------------------------- */

static void await_forever(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_AWAIT(co, fl_promise_new(fl_async_loop(co)));
    rec_add("never");
    FL_ASYNC_END(co);
}

/* Suspended on a promise nothing settles, on timers, and on another async function. */
static void suspend_many(fl_loop *loop, void *arg)
{
    assert_non_null(fl_async_call(loop, await_forever, 64, NULL));
    assert_non_null(fl_async_call(loop, wait_3s, 16, INT_ARG(1)));
    assert_non_null(fl_async_call(loop, sequential_body, sizeof(seq_locals), NULL));
    assert_non_null(fl_async_call(loop, sum_loop, sizeof(sum_locals), &g_hook_tick));
}

/* fl_loop_free frees every suspended function, its locals and its promise (ASan checks). */
static void test_async_free_suspended(void **state)
{
    /* Never run: the first resume jobs are still queued. */
    fl_loop *loop = test_loop_new_opts(NULL);
    suspend_many(loop, NULL);
    assert_true(fl_loop_pending(loop) > 0);
    assert_true(fl_loop_free(loop) >= 0);

    /* Run for a while: some finished, the others wait on promises and timers. */
    loop = test_loop_new_opts(NULL);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, suspend_many, NULL, "s"), 0);
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, FL_MS(1000)), 0);
    assert_string_equal(rec_str(), "i0 i1 i2");
    assert_true(fl_loop_pending(loop) >= 2); /* the two 3 s timers */
    assert_true(fl_loop_free(loop) >= 2);
}

/* ---- Loops of awaits on a settled promise ---------------------------------------------- */

typedef struct loop_locals {
    int i;
} loop_locals;

static fl_promise *g_done; /* an already-resolved promise the loops await */

/* async (name) => { for (let i = 1; i <= 3; i++) { await done; log(name + i); } }, where
 * "a" also queues a microtask after its first step. */
static void await_three(fl_async *co)
{
    loop_locals *l = fl_async_locals(co);
    const char *name = fl_async_arg(co);
    FL_ASYNC_BEGIN(co);
    for (l->i = 1; l->i <= 3; l->i++) {
        FL_AWAIT(co, g_done);
        rec_add("%s%d", name, l->i);
        if (l->i == 1 && name[0] == 'a')
            assert_int_equal(fl_queue_microtask(fl_async_loop(co), rec_task, "m"), 0);
    }
    FL_ASYNC_END(co);
}

/* A loop's next resume runs at once only when nothing else is queued: two loops and a
 * microtask keep Node 20's order, a1 b1 m a2 b2 a3 b3 (then c1 c2 c3 for a loop alone). */
static void test_async_await_loops_keep_queue_order(void **state)
{
    fl_loop *loop = test_loop_new_opts(NULL);
    g_done = fl_promise_ref(fl_promise_resolved(loop, NULL));
    assert_non_null(fl_async_call(loop, await_three, sizeof(loop_locals), "a"));
    assert_non_null(fl_async_call(loop, await_three, sizeof(loop_locals), "b"));
    assert_int_equal(fl_perform_microtask_checkpoint(loop), 0);
    assert_non_null(fl_async_call(loop, await_three, sizeof(loop_locals), "c"));
    assert_int_equal(fl_perform_microtask_checkpoint(loop), 0);
    assert_string_equal(rec_str(), "a1 b1 m a2 b2 a3 b3 c1 c2 c3");
    fl_loop_stats st;
    assert_int_equal(fl_loop_get_stats(loop, &st), 0);
    assert_int_equal(st.microtasks_run, 10); /* one job per await, and m */
    fl_promise_unref(g_done);
    test_loop_free_drained(loop);
}

static void await_forever_counting(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    for (;;) {
        FL_AWAIT(co, g_done);
        (*(int *)fl_async_arg(co))++;
    }
    FL_ASYNC_END(co);
}

/* An endless loop of awaits is a livelock: it stops at the limit, whether its resumes ran
 * from the queue or in place, with the next one queued and named. */
static void test_async_await_loop_counts_against_the_limit(void **state)
{
    fl_loop *loop = loop_with_microtask_limit(100);
    g_done = fl_promise_ref(fl_promise_resolved(loop, NULL));
    int steps = 0;
    assert_non_null(fl_async_call(loop, await_forever_counting, 0, &steps));
    assert_int_equal(fl_perform_microtask_checkpoint(loop), FL_ELIVELOCK);
    assert_int_equal(steps, 100);
    assert_non_null(strstr(fl_loop_error(loop), "PromiseReactionJob"));
    assert_int_equal(fl_loop_pending(loop), 1);
    fl_promise_unref(g_done);
    assert_int_equal(test_loop_free(loop), 1);
}

static void test_async_null_arguments(void **state)
{
    fl_loop *loop = test_loop_new_opts(NULL);
    assert_null(fl_async_call(NULL, fall_off_end, 0, NULL));
    assert_null(fl_async_call(loop, NULL, 0, NULL));
    assert_null(fl_async_locals(NULL));
    assert_null(fl_async_arg(NULL));
    assert_null(fl_async_loop(NULL));
    assert_null(fl_async_value(NULL));
    assert_false(fl_async_threw(NULL));
    test_loop_free_drained(loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        SCENARIO_TEST(awaits),
        SCENARIO_TEST(returns),
        SCENARIO_TEST(throws),
        SCENARIO_TEST(unhandled),
        SCENARIO_TEST(loops),
        SCENARIO_TEST(nested),
        SCENARIO_TEST(parallel),
        SCENARIO_TEST(sequential),
        cmocka_unit_test(test_async_free_suspended),
        TEST(test_async_await_loops_keep_queue_order),
        TEST(test_async_await_loop_counts_against_the_limit),
        cmocka_unit_test(test_async_null_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
