/*
 * Mirrors of seed 000: Promise.all vs sequential awaits over two 3000 ms
 * timers, and the seed's homemade PromiseAll.
 */
#include "puzzles.h"

#include <stdlib.h>

/* async function func1() { await new Promise((r) => { setTimeout(r, 3000); }); return 100; } */
static void func1(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_AWAIT(co, fl_promise_after(fl_async_loop(co), FL_MS(3000), NULL));
    FL_ASYNC_RETURN(co, fl_int(100));
    FL_ASYNC_END(co);
}

/* async function func2() { ...the same...; return 200; } */
static void func2(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_AWAIT(co, fl_promise_after(fl_async_loop(co), FL_MS(3000), NULL));
    FL_ASYNC_RETURN(co, fl_int(200));
    FL_ASYNC_END(co);
}

/* [func1(), func2()], called in that order. */
static fl_value *call_func1_func2(fl_loop *loop)
{
    fl_promise *p1 = fl_async_call(loop, func1, 0, NULL);
    fl_promise *p2 = fl_async_call(loop, func2, 0, NULL);
    return fl_array(2, fl_promise_value(p1), fl_promise_value(p2));
}

/* ---- seed000_promise_all.js -------------------------------------------- */

/* `const start = Date.now()`: the IIFE starts in the same instant as the script. */
typedef struct all_locals {
    int64_t start;
} all_locals;

static void promise_all_main(fl_async *co)
{
    all_locals *l = fl_async_locals(co);
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    l->start = fl_now(loop);
    /* result = await Promise.all([func1(), func2()]); */
    FL_AWAIT(co, fl_promise_all(loop, call_func1_func2(loop)));
    fl_log_value(loop, "result", fl_async_value(co));
    fl_log(loop, "total %lld ms", elapsed_rounded_ms(loop, l->start));
    FL_ASYNC_END(co);
}

void puzzle_seed000_promise_all(fl_loop *loop)
{
    fl_async_call(loop, promise_all_main, sizeof(all_locals), NULL);
    fl_log(loop, "end...");
}

/* ---- seed000_sequential_await.js --------------------------------------- */

typedef struct sequential_locals {
    int64_t start;
    int64_t result[2];
} sequential_locals;

static void sequential_main(fl_async *co)
{
    sequential_locals *l = fl_async_locals(co);
    fl_loop *loop = fl_async_loop(co);
    fl_value *result;
    FL_ASYNC_BEGIN(co);
    l->start = fl_now(loop);
    /* result[0] = await func1(); */
    FL_AWAIT(co, fl_async_call(loop, func1, 0, NULL));
    l->result[0] = fl_value_int(fl_async_value(co));
    fl_log(loop, "func1 done at %lld ms", elapsed_rounded_ms(loop, l->start));
    /* result[1] = await func2(); */
    FL_AWAIT(co, fl_async_call(loop, func2, 0, NULL));
    l->result[1] = fl_value_int(fl_async_value(co));
    fl_log(loop, "func2 done at %lld ms", elapsed_rounded_ms(loop, l->start));
    result = fl_array(2, fl_int(l->result[0]), fl_int(l->result[1]));
    fl_log_value(loop, "result", result);
    fl_value_unref(result);
    fl_log(loop, "total %lld ms", elapsed_rounded_ms(loop, l->start));
    FL_ASYNC_END(co);
}

void puzzle_seed000_sequential_await(fl_loop *loop)
{
    fl_async_call(loop, sequential_main, sizeof(sequential_locals), NULL);
    fl_log(loop, "end...");
}

/* ---- seed000_homemade_promise_all.js ----------------------------------- */

#define HOMEMADE_MAX 8

/* The JS array `result` that PromiseAll and its inner async functions share. */
typedef struct homemade_result {
    int64_t items[HOMEMADE_MAX];
    int set[HOMEMADE_MAX];
    size_t length; /* result.length: one past the highest index set */
} homemade_result;

static fl_value *homemade_result_array(const homemade_result *r)
{
    fl_value *array = fl_array_new();
    for (size_t i = 0; i < r->length; i++)
        fl_array_push(array, r->set[i] ? fl_int(r->items[i]) : fl_undefined());
    return array;
}

/* What the inner async function captures: `result`, `i` and `value`. */
typedef struct store_args {
    fl_value *result; /* an fl_ptr to the homemade_result */
    size_t index;
    fl_value *value;
} store_args;

typedef struct store_locals {
    fl_value *result;
    size_t index;
} store_locals;

/* (async function () { let index = i; let tmpResult = await value; result[index] = tmpResult; })()
 */
static void store_when_settled(fl_async *co)
{
    store_locals *l = fl_async_locals(co);
    const store_args *a = fl_async_arg(co); /* read only before the first await */
    homemade_result *r;
    FL_ASYNC_BEGIN(co);
    l->result = fl_value_ref(a->result);
    l->index = a->index;
    FL_AWAIT_VALUE(co, fl_value_ref(a->value));
    r = fl_value_ptr(l->result);
    if (l->index < HOMEMADE_MAX) {
        r->items[l->index] = fl_value_int(fl_async_value(co));
        r->set[l->index] = 1;
        if (r->length <= l->index)
            r->length = l->index + 1;
    }
    fl_value_unref(l->result);
    FL_ASYNC_END(co);
}

typedef struct homemade_locals {
    fl_value *values; /* the `values` argument, taken over */
    fl_value *result; /* let result = []; */
    size_t i;
} homemade_locals;

/* (value) => { (async function () { ... })(); } */
static fl_value *start_store(fl_loop *loop, fl_value *value, void *arg)
{
    const homemade_locals *l = arg; /* PromiseAll's locals: it waits on this very then */
    store_args a = {l->result, l->i, value};
    fl_async_call(loop, store_when_settled, sizeof(store_locals), &a);
    return NULL;
}

/* async function PromiseAll(values) { ... } */
static void homemade_promise_all(fl_async *co)
{
    homemade_locals *l = fl_async_locals(co);
    fl_loop *loop = fl_async_loop(co);
    fl_promise *p;
    const homemade_result *r;
    fl_value *out;
    FL_ASYNC_BEGIN(co);
    l->values = fl_async_arg(co);
    l->result = fl_ptr(calloc(1, sizeof(homemade_result)), free);
    for (l->i = 0; l->i < fl_array_length(l->values); l->i++) {
        /* await Promise.resolve(values[i]).then((value) => { ... }); */
        p = fl_promise_resolved(loop, fl_value_ref(fl_array_get(l->values, l->i)));
        FL_AWAIT(co, fl_promise_then(p, start_store, NULL, l));
    }
    /* if (result.length == values.length) { return result; } */
    r = fl_value_ptr(l->result);
    out = r->length == fl_array_length(l->values) ? homemade_result_array(r) : NULL;
    fl_value_unref(l->values);
    fl_value_unref(l->result);
    FL_ASYNC_RETURN(co, out);
    FL_ASYNC_END(co);
}

static void homemade_main(fl_async *co)
{
    all_locals *l = fl_async_locals(co);
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    l->start = fl_now(loop);
    fl_log(loop, "before await");
    /* result = await PromiseAll([func1(), func2()]); */
    FL_AWAIT(co, fl_async_call(loop, homemade_promise_all, sizeof(homemade_locals),
                               call_func1_func2(loop)));
    fl_log(loop, "after await");
    fl_log_value(loop, "result", fl_async_value(co));
    fl_log(loop, "total %lld ms", elapsed_rounded_ms(loop, l->start));
    FL_ASYNC_END(co);
}

void puzzle_seed000_homemade_promise_all(fl_loop *loop)
{
    fl_async_call(loop, homemade_main, sizeof(all_locals), NULL);
    fl_log(loop, "end...");
}
