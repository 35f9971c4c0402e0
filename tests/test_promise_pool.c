/**
 * @file test_promise_pool.c
 * Promise lifetimes under the autorelease pool, and chains that run their next
 * step in place.
 *
 * The pool holds no reference: a promise handed to a caller is stamped with the
 * pool's epoch, and one whose last reference goes in that epoch keeps its block
 * until the checkpoint's drain. These cases check what a caller may rely on (a
 * returned pointer reads the same until the checkpoint ends, even after its
 * chain step retired it; a reference taken meanwhile keeps it) and what the
 * drain gives back (the next promises reuse the blocks). Reusing a block is seen
 * by the address the next `then` returns: the allocator hands out the newest
 * freed block first.
 *
 * A chain's step runs its successor right away when nothing else is queued;
 * the order must stay the queue's, and the livelock budget must count them.
 */
#include <stdint.h>

#include "test_util.h"

#include "frameloop/promise.h"
/* Only to count the blocks' chunks. */
#include "promise/promise_internal.h"

/* Callbacks have the library's fixed signatures; most use only some parameters. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

static int g_destroyed;

static void count_destroy(void *p)
{
    g_destroyed++;
}

static fl_value *rec_then(fl_loop *loop, fl_value *v, void *arg)
{
    rec_add("%s", (const char *)arg);
    return NULL;
}

/* Derived promises made now: each takes a fresh or reclaimed block. */
static fl_promise *then_on(fl_promise *p)
{
    fl_promise *d = fl_promise_then(p, rec_then, NULL, "never");
    assert_non_null(d);
    return d;
}

static fl_loop *new_loop(void)
{
    return test_loop_new(FL_POLICY_FIFO);
}

/* ---- A returned pointer lives until the checkpoint ends ------------------------------- */

typedef struct watch {
    fl_promise *first;   /* a chain step whose job has ended: only the pool holds it */
    fl_promise *pending; /* never settles: then on it only allocates */
    fl_promise *kept;    /* `first`, referenced again from a later job */
    int reused;          /* a promise made during the checkpoint took first's block */
} watch;

static fl_value *inspect_first(fl_loop *loop, fl_value *v, void *arg)
{
    watch *w = arg;
    rec_add("second");
    /* Its job ended one job ago; the pointer still reads as it did. */
    assert_int_equal(fl_promise_state_of(w->first), FL_PROMISE_FULFILLED);
    assert_int_equal(fl_value_type_of(fl_promise_result(w->first)), FL_VALUE_UNDEFINED);
    for (int i = 0; i < 64; i++)
        w->reused |= then_on(w->pending) == w->first;
    return NULL;
}

static void test_pool_keeps_a_retired_step_until_the_drain(void **state)
{
    fl_loop *loop = new_loop();
    watch w = {0};
    w.pending = fl_promise_ref(fl_promise_new(loop));
    w.first = fl_promise_then(fl_promise_resolved(loop, NULL), rec_then, NULL, "first");
    fl_promise *second = fl_promise_then(w.first, inspect_first, NULL, &w);
    assert_int_equal(fl_perform_microtask_checkpoint(loop), 0);
    assert_string_equal(rec_str(), "first second");
    assert_false(w.reused);
    /* The drain gave both blocks back: the next two thens take them. */
    fl_promise *next[2] = {then_on(w.pending), then_on(w.pending)};
    assert_true(next[0] == second || next[1] == second);
    assert_true(next[0] == w.first || next[1] == w.first);
    fl_promise_unref(w.pending);
    test_loop_free_drained(loop);
}

static fl_value *keep_first(fl_loop *loop, fl_value *v, void *arg)
{
    watch *w = arg;
    w->kept = fl_promise_ref(w->first);
    return NULL;
}

static void later_task(fl_loop *loop, void *arg)
{
    watch *w = arg;
    /* A later task: the reference kept the block through the drain. */
    assert_int_equal(fl_promise_state_of(w->kept), FL_PROMISE_FULFILLED);
    for (int i = 0; i < 64; i++)
        assert_ptr_not_equal(then_on(w->pending), w->kept);
    /* Its pool ended long ago: the last reference frees it now. */
    fl_promise_unref(w->kept);
    assert_ptr_equal(then_on(w->pending), w->kept);
    rec_add("later");
}

static void test_pool_a_retired_step_referenced_again_survives(void **state)
{
    fl_loop *loop = new_loop();
    watch w = {0};
    w.pending = fl_promise_ref(fl_promise_new(loop));
    w.first = fl_promise_then(fl_promise_resolved(loop, NULL), rec_then, NULL, "first");
    fl_promise_then(w.first, keep_first, NULL, &w);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, later_task, &w, "later"), 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "first later");
    fl_promise_unref(w.pending);
    test_loop_free_drained(loop);
}

/* ---- Promises that hold something are freed by the drain ------------------------------ */

static int g_x;

static fl_value *return_counted(fl_loop *loop, fl_value *v, void *arg)
{
    return fl_ptr(&g_x, count_destroy);
}

static fl_value *read_counted(fl_loop *loop, fl_value *v, void *arg)
{
    fl_promise *held = arg;
    /* Its job ended and nothing references it, but it is pooled: its result lives. */
    assert_int_equal(g_destroyed, 0);
    assert_ptr_equal(fl_value_ptr(fl_promise_result(held)), &g_x);
    rec_add("read");
    return NULL;
}

static void test_pool_drain_frees_what_a_promise_holds(void **state)
{
    fl_loop *loop = new_loop();
    g_destroyed = 0;
    fl_promise *held = fl_promise_then(fl_promise_resolved(loop, NULL), return_counted, NULL, NULL);
    fl_promise_then(fl_promise_resolved(loop, NULL), rec_then, NULL, "a");
    fl_promise_then(fl_promise_then(fl_promise_resolved(loop, NULL), rec_then, NULL, "b"),
                    read_counted, NULL, held);
    /* A promise nothing ever settles or references goes at the drain too. */
    fl_promise *dropped = fl_promise_new(loop);
    assert_int_equal(fl_perform_microtask_checkpoint(loop), 0);
    assert_string_equal(rec_str(), "a b read");
    /* The drain released the value (the job's argument reference went with the job). */
    assert_int_equal(g_destroyed, 1);
    /* Its block is back too: among the next four (with the three resolved promises'). */
    int reused = 0;
    for (int i = 0; i < 4; i++)
        reused |= fl_promise_new(loop) == dropped;
    assert_true(reused);
    test_loop_free_drained(loop);
}

/* ---- Chains run their next step in place, in the queue's order ------------------------ */

static fl_value *queue_then_rec(fl_loop *loop, fl_value *v, void *arg)
{
    rec_add("%s", (const char *)arg);
    assert_int_equal(fl_queue_microtask(loop, rec_task, "m"), 0);
    return NULL;
}

/* r.then(a1 + queueMicrotask(m)).then(a2).then(a3); r.then(b1).then(b2).then(b3)
 * prints a1 b1 m a2 b2 a3 b3 in Node 20: the second chain and the microtask queued
 * by a handler come between a chain's steps. */
static void test_pool_chains_interleave_as_queued(void **state)
{
    fl_loop *loop = new_loop();
    fl_promise *r = fl_promise_resolved(loop, NULL);
    fl_promise *a = fl_promise_then(r, queue_then_rec, NULL, "a1");
    fl_promise_then(fl_promise_then(a, rec_then, NULL, "a2"), rec_then, NULL, "a3");
    fl_promise *b = fl_promise_then(r, rec_then, NULL, "b1");
    fl_promise_then(fl_promise_then(b, rec_then, NULL, "b2"), rec_then, NULL, "b3");
    assert_int_equal(fl_perform_microtask_checkpoint(loop), 0);
    assert_string_equal(rec_str(), "a1 b1 m a2 b2 a3 b3");
    fl_loop_stats st;
    assert_int_equal(fl_loop_get_stats(loop, &st), 0);
    assert_int_equal(st.microtasks_run, 7);
    test_loop_free_drained(loop);
}

static fl_value *count_step(fl_loop *loop, fl_value *v, void *arg)
{
    (*(int *)arg)++;
    return NULL;
}

/* A chain of `n` steps counting into *ran, built now on a resolved promise. */
static void build_chain(fl_loop *loop, int n, int *ran)
{
    fl_promise *p = fl_promise_resolved(loop, NULL);
    for (int i = 0; i < n; i++)
        p = fl_promise_then(p, count_step, NULL, ran);
}

/* A chain longer than the livelock limit stops at the limit, with its next job queued and
 * named, whether its steps ran from the queue or in place. */
static void test_pool_chain_steps_count_against_the_limit(void **state)
{
    fl_loop *loop = loop_with_microtask_limit(100);
    int ran = 0;
    build_chain(loop, 1000, &ran);
    assert_int_equal(fl_perform_microtask_checkpoint(loop), FL_ELIVELOCK);
    assert_int_equal(ran, 100);
    assert_non_null(strstr(fl_loop_error(loop), "PromiseReactionJob"));
    assert_int_equal(fl_loop_pending(loop), 1);
    fl_loop_stats st;
    assert_int_equal(fl_loop_get_stats(loop, &st), 0);
    assert_int_equal(st.microtasks_run, 100);
    assert_true(test_loop_free(loop) >= 1);
}

/* A chain of 100,000 steps runs in one checkpoint, and the next chain of the same length
 * takes no new memory: it is built from the blocks the first one gave back. */
static void test_pool_long_chains_reuse_their_blocks(void **state)
{
    fl_loop *loop = loop_with_microtask_limit(200000);
    int ran = 0;
    size_t chunks[2];
    for (int round = 0; round < 2; round++) {
        build_chain(loop, 100000, &ran);
        assert_int_equal(fl_perform_microtask_checkpoint(loop), 0);
        assert_int_equal(ran, 100000 * (round + 1));
        chunks[round] = fl__realm_of(loop)->derived.nchunks;
    }
    assert_true(chunks[0] >= 100000 * sizeof(fl__derived) / FL__CHUNK_SIZE);
    assert_int_equal(chunks[1], chunks[0]);
    test_loop_free_drained(loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_pool_keeps_a_retired_step_until_the_drain),
        TEST(test_pool_a_retired_step_referenced_again_survives),
        TEST(test_pool_drain_frees_what_a_promise_holds),
        TEST(test_pool_chains_interleave_as_queued),
        TEST(test_pool_chain_steps_count_against_the_limit),
        TEST(test_pool_long_chains_reuse_their_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
