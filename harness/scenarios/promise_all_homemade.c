/*
 * Seed 000's own PromiseAll, an async function that awaits each input in
 * turn and stores each value from a nested async function:
 *
 *   async function PromiseAll(values) {
 *       let result = [];
 *       for (let i = 0; i < values.length; i++) {
 *           await Promise.resolve(values[i]).then(value => {
 *               (async function () {
 *                   let index = i;
 *                   let tmpResult = await value;
 *                   result[index] = tmpResult;
 *               })();
 *           });
 *       }
 *       if (result.length == values.length) return result;
 *   }
 *   (async function () {
 *       console.log('before await');
 *       let result = await PromiseAll([func1(), func2()]);
 *       console.log('after await');
 *       console.log('result', result);
 *   })();
 *   console.log('end...');
 *
 * Both timers start before PromiseAll awaits anything, so it too finishes
 * after about 3 s. Each nested async function stores its value one job after
 * its then handler ran, which is just before the loop's await on that then
 * resumes, so `result` is full by the time the length is compared.
 */
#include <stdint.h>
#include <stdlib.h>

#include "frameloop/async.h"
#include "frameloop/harness.h"

/* `result`: a sparse JS array of up to 8 values, shared through an fl_ptr. */
typedef struct sparse {
    fl_value *items[8];
    size_t length;
} sparse;

static void sparse_free(void *p)
{
    sparse *s = p;
    for (size_t i = 0; i < s->length; i++)
        fl_value_unref(s->items[i]);
    free(s);
}

static void func(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_AWAIT(co, fl_promise_after(fl_async_loop(co), FL_MS(3000), NULL));
    FL_ASYNC_RETURN(co, fl_int((intptr_t)fl_async_arg(co)));
    FL_ASYNC_END(co);
}

/* The nested `(async function () { ... })()` for one index. */
typedef struct store_locals {
    fl_value *result; /* the sparse array (fl_ptr) */
    size_t index;
    fl_value *value;
} store_locals;

static void store(fl_async *co)
{
    store_locals *l = fl_async_locals(co);
    FL_ASYNC_BEGIN(co);
    *l = *(store_locals *)fl_async_arg(co);
    free(fl_async_arg(co));
    FL_AWAIT_VALUE(co, l->value);
    sparse *s = fl_value_ptr(l->result);
    s->items[l->index] = fl_value_ref(fl_async_value(co));
    if (s->length < l->index + 1)
        s->length = l->index + 1;
    fl_value_unref(l->result);
    FL_ASYNC_END(co);
}

typedef struct then_arg {
    fl_value *result;
    size_t index;
} then_arg;

static fl_value *start_store(fl_loop *loop, fl_value *value, void *arg)
{
    then_arg *t = arg;
    store_locals *start = malloc(sizeof(*start));
    *start = (store_locals){fl_value_ref(t->result), t->index, fl_value_ref(value)};
    fl_async_call(loop, store, sizeof(store_locals), start);
    return NULL;
}

typedef struct all_locals {
    fl_value *values;
    fl_value *result;
    size_t i;
    then_arg args[8];
} all_locals;

static void promise_all(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    all_locals *l = fl_async_locals(co);
    FL_ASYNC_BEGIN(co);
    l->values = fl_async_arg(co);
    l->result = fl_ptr(calloc(1, sizeof(sparse)), sparse_free);
    for (l->i = 0; l->i < fl_array_length(l->values); l->i++) {
        l->args[l->i] = (then_arg){l->result, l->i};
        FL_AWAIT(co, fl_promise_then(
                         fl_promise_resolved(loop, fl_value_ref(fl_array_get(l->values, l->i))),
                         start_store, NULL, &l->args[l->i]));
    }
    sparse *s = fl_value_ptr(l->result);
    fl_value *out = NULL;
    if (s->length == fl_array_length(l->values)) {
        out = fl_array_new();
        for (size_t k = 0; k < s->length; k++)
            fl_array_push(out, fl_value_ref(s->items[k]));
    }
    fl_value_unref(l->result);
    fl_value_unref(l->values);
    FL_ASYNC_RETURN(co, out);
    FL_ASYNC_END(co);
}

static void main_fn(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    fl_log(loop, "before await");
    FL_AWAIT(co,
             fl_async_call(
                 loop, promise_all, sizeof(all_locals),
                 fl_array(2, fl_promise_value(fl_async_call(loop, func, 0, (void *)(intptr_t)100)),
                          fl_promise_value(fl_async_call(loop, func, 0, (void *)(intptr_t)200)))));
    fl_log(loop, "after await");
    fl_log_value(loop, "result", fl_async_value(co));
    FL_ASYNC_END(co);
}

FL_SCENARIO(promise_all_homemade, "seed 000's own PromiseAll: after await at 3000 ms, [100,200]")
{
    fl_async_call(loop, main_fn, 0, NULL);
    fl_log(loop, "end...");
}
