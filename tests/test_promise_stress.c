/**
 * @file test_promise_stress.c
 * Seeded random promise programs, for the lifetime rules: 2,000 tasks and the
 * jobs they cause make, chain, settle, await, reference and drop promises at
 * random, and read every pointer they are still allowed to hold.
 *
 * What a program may use: a promise it holds a reference to (fl_promise_ref),
 * and one a call returned since the last checkpoint ended (the pool's). Under
 * AddressSanitizer the block allocator poisons freed records, so any read of a
 * promise the library freed too early fails the run; the chunk count checks
 * that the pool gives its blocks back, and a count of the values made and
 * destroyed that every value went with its last reference or the loop.
 */
#include <stdint.h>

#include "test_util.h"

#include "frameloop/async.h"
#include "frameloop/promise.h"
/* Only to count the allocator's chunks. */
#include "promise/promise_internal.h"

/* Callbacks have the library's fixed signatures; most use only some parameters. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

#define MAX_HELD   64  /* promises referenced across tasks */
#define MAX_POOLED 256 /* promises returned since the last checkpoint */
#define TASKS      2000

typedef struct program {
    uint64_t rng;
    fl_loop *loop;
    fl_promise *held[MAX_HELD];
    int nheld;
    fl_promise *pooled[MAX_POOLED];
    int npooled;
    int ops;     /* operations left in the current task or job */
    long values; /* counted values made minus destroyed */
    long handlers;
} program;

static program g;

static uint32_t next_random(void)
{
    /* xorshift64*: deterministic, and enough to pick operations. */
    g.rng ^= g.rng >> 12;
    g.rng ^= g.rng << 25;
    g.rng ^= g.rng >> 27;
    return (uint32_t)((g.rng * 0x2545F4914F6CDD1DULL) >> 32);
}

static void value_gone(void *p)
{
    g.values--;
}

/* A value the handlers and promises hand around: counted, so leaks show. */
static fl_value *counted_value(void)
{
    g.values++;
    return fl_ptr(&g, value_gone);
}

static void pool(fl_promise *p)
{
    if (p && g.npooled < MAX_POOLED)
        g.pooled[g.npooled++] = p;
}

/* Any promise the program may use now, or NULL. */
static fl_promise *any_usable(void)
{
    int n = g.nheld + g.npooled;
    if (n == 0)
        return NULL;
    int i = (int)(next_random() % (uint32_t)n);
    return i < g.nheld ? g.held[i] : g.pooled[i - g.nheld];
}

static fl_value *random_value(void)
{
    switch (next_random() % 4) {
    case 0:
        return NULL;
    case 1:
        return fl_int(next_random() % 100);
    case 2: {
        fl_promise *p = any_usable();
        return p ? fl_promise_value(p) : counted_value();
    }
    default:
        return counted_value();
    }
}

static void random_ops(void);

static fl_value *handler(fl_loop *loop, fl_value *v, void *arg)
{
    g.handlers++;
    (void)fl_value_type_of(v);
    random_ops();
    switch (next_random() % 4) {
    case 0:
        return fl_throw(counted_value());
    case 1:
        return fl_value_ref(v);
    default:
        return random_value();
    }
}

static fl_value *on_finally(fl_loop *loop, void *arg)
{
    g.handlers++;
    return next_random() % 2 ? NULL : random_value();
}

static fl_value *executor(fl_loop *loop, fl_promise *p, void *arg)
{
    if (next_random() % 2)
        fl_promise_resolve(p, random_value());
    return NULL;
}

static fl_promise *usable_or_resolved(void)
{
    fl_promise *p = any_usable();
    return p ? p : fl_promise_resolved(g.loop, NULL);
}

/* async () => { await a; ...; await b; return v; } over promises usable at each await. */
static void random_async(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    g.handlers++;
    FL_AWAIT_SETTLED(co, usable_or_resolved());
    random_ops();
    FL_AWAIT_SETTLED(co, usable_or_resolved());
    FL_ASYNC_RETURN(co, random_value());
    FL_ASYNC_END(co);
}

/* A settled promise has a result and a pending one none (ASan: and is not freed). */
static void check_readable(const fl_promise *p)
{
    assert_int_equal(fl_promise_state_of(p) == FL_PROMISE_PENDING, fl_promise_result(p) == NULL);
}

/* One random operation on the promises the program may use. */
static void random_op(void)
{
    fl_promise *p = any_usable();
    switch (next_random() % 13) {
    case 12:
        pool(fl_async_call(g.loop, random_async, 0, NULL));
        break;
    case 0:
        pool(fl_promise_new(g.loop));
        break;
    case 1:
        pool(fl_promise_resolved(g.loop, random_value()));
        break;
    case 2:
        pool(fl_promise_create(g.loop, executor, NULL));
        break;
    case 3:
        pool(p ? fl_promise_then(p, handler, NULL, NULL) : NULL);
        break;
    case 4:
        pool(p ? fl_promise_then(p, handler, handler, NULL) : NULL);
        break;
    case 5:
        pool(p ? fl_promise_catch(p, handler, NULL) : NULL);
        break;
    case 6:
        pool(p ? fl_promise_finally(p, on_finally, NULL) : NULL);
        break;
    case 7:
        if (p)
            fl_promise_resolve(p, random_value());
        break;
    case 8:
        if (p)
            fl_promise_reject(p, random_value());
        break;
    case 9:
        if (p && g.nheld < MAX_HELD)
            g.held[g.nheld++] = fl_promise_ref(p);
        break;
    case 10:
        if (g.nheld > 0) {
            int i = (int)(next_random() % (uint32_t)g.nheld);
            fl_promise_unref(g.held[i]);
            g.held[i] = g.held[--g.nheld];
        }
        break;
    default:
        pool(fl_promise_all(g.loop, fl_array(2, random_value(), random_value())));
        break;
    }
    /* Every pointer the program may use still reads as a promise. */
    for (int i = 0; i < g.nheld; i++)
        check_readable(g.held[i]);
    for (int i = 0; i < g.npooled; i++)
        check_readable(g.pooled[i]);
}

static void random_ops(void)
{
    int n = (int)(next_random() % 4);
    while (n-- > 0 && g.ops-- > 0)
        random_op();
}

static int quiet_rejections(fl_loop *loop, fl_promise *p, fl_value *reason, int later, void *arg)
{
    return 1;
}

static void random_task(fl_loop *loop, void *arg)
{
    /* The last checkpoint ended: what it returned is gone from the pool. */
    g.npooled = 0;
    g.ops = 200;
    for (int i = 0; i < 40 && g.ops-- > 0; i++)
        random_op();
}

static void run_program(uint64_t seed)
{
    memset(&g, 0, sizeof(g));
    g.rng = seed;
    g.loop = loop_with_microtask_limit(100000);
    assert_int_equal(fl_promise_set_rejection_handler(g.loop, quiet_rejections, NULL), 0);
    size_t chunks_early = 0;
    for (int t = 0; t < TASKS; t++) {
        assert_int_equal(fl_post_task(g.loop, FL_SOURCE_DOM_MANIPULATION, random_task, NULL, "t"),
                         0);
        run_idle(g.loop);
        if (t == TASKS / 10)
            chunks_early = fl__realm_of(g.loop)->blocks.nchunks +
                           fl__realm_of(g.loop)->promises.nchunks +
                           fl__realm_of(g.loop)->derived.nchunks;
    }
    fl__realm *realm = fl__realm_of(g.loop);
    size_t chunks = realm->blocks.nchunks + realm->promises.nchunks + realm->derived.nchunks;
    /* The pool gave back what died: memory stays flat while the program runs. */
    assert_true(chunks <= chunks_early + 3);
    assert_true(g.handlers > 5 * TASKS);
    while (g.nheld > 0)
        fl_promise_unref(g.held[--g.nheld]);
    g.npooled = 0;
    run_idle(g.loop);
    test_loop_free(g.loop);
    /* Every counted value was destroyed, with the loop at the latest. */
    assert_int_equal(g.values, 0);
}

static void test_promise_stress_seeds(void **state)
{
    static const uint64_t seeds[] = {1, 0x5eed, 0xdecafbad, 0x123456789abcdefULL};
    for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++)
        run_program(seeds[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_promise_stress_seeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
