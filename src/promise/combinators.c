/*
 * Promise.all, allSettled, race and any (ECMAScript §27.2.4), written after
 * PerformPromiseAll and its siblings: each input goes through
 * Promise.resolve, then `then` with per-element functions that share a
 * remainingElementsCount starting at 1, so a result is never settled before
 * the whole input was iterated. The `then` calls' derived promises are never
 * observable, so none is made.
 */
#include "promise/promise_internal.h"

#include <stdlib.h>

typedef enum combinator { ALL, ALL_SETTLED, RACE, ANY } combinator;

/* An element function's context: its index and [[AlreadyCalled]]. */
typedef struct element {
    struct combo *c;
    size_t index;
    int already_called;
} element;

/* State shared by the element functions of one combinator call. */
typedef struct combo {
    fl__realm *realm;
    fl_promise *result; /* the capability's promise */
    fl_value *values;   /* values (all, allSettled) or errors (any) */
    size_t remaining;   /* remainingElementsCount */
    size_t refs;        /* one per element's reaction, one for the caller */
    element *elements;  /* one per input, allocated at once */
} combo;

static void combo_release(combo *c)
{
    if (--c->refs > 0)
        return;
    fl__promise_unref(c->result);
    fl_value_unref(c->values);
    free(c->elements);
    free(c);
}

static void element_release(void *arg)
{
    combo_release(((element *)arg)->c);
}

/* Stores the element's value; the last one settles the result. */
static void element_done(element *e, fl_value *value, int reject_with_aggregate)
{
    combo *c = e->c;
    fl_value **slot = &c->values->u.arr.items[e->index];
    fl_value_unref(*slot);
    *slot = value;
    if (--c->remaining > 0)
        return;
    fl_value *values = fl_value_ref(c->values);
    if (reject_with_aggregate)
        fl__promise_reject_fn(c->result, fl__aggregate_error(values, "All promises were rejected"));
    else
        fl__promise_resolve_fn(c->result, values);
}

static fl_value *settled_record(const char *status, const char *key, fl_value *value)
{
    fl_value *o = fl_object_new();
    fl_object_set(o, "status", fl_str(status));
    fl_object_set(o, key, fl_value_ref(value));
    return o;
}

/* The per-element functions. */
static fl_value *all_resolve_element(fl_loop *loop, fl_value *value, void *arg)
{
    (void)loop;
    element *e = arg;
    if (!e->already_called) {
        e->already_called = 1;
        element_done(e, fl_value_ref(value), 0);
    }
    return NULL;
}

static fl_value *settled_fulfilled(fl_loop *loop, fl_value *value, void *arg)
{
    (void)loop;
    element *e = arg;
    if (!e->already_called) {
        e->already_called = 1;
        element_done(e, settled_record("fulfilled", "value", value), 0);
    }
    return NULL;
}

static fl_value *settled_rejected(fl_loop *loop, fl_value *reason, void *arg)
{
    (void)loop;
    element *e = arg;
    if (!e->already_called) {
        e->already_called = 1;
        element_done(e, settled_record("rejected", "reason", reason), 0);
    }
    return NULL;
}

static fl_value *any_reject_element(fl_loop *loop, fl_value *reason, void *arg)
{
    (void)loop;
    element *e = arg;
    if (!e->already_called) {
        e->already_called = 1;
        element_done(e, fl_value_ref(reason), 1);
    }
    return NULL;
}

/* The capability's own resolve/reject, shared by every element. */
static fl_value *capability_resolve(fl_loop *loop, fl_value *value, void *arg)
{
    (void)loop;
    fl__promise_resolve_fn(((element *)arg)->c->result, fl_value_ref(value));
    return NULL;
}

static fl_value *capability_reject(fl_loop *loop, fl_value *reason, void *arg)
{
    (void)loop;
    fl__promise_reject_fn(((element *)arg)->c->result, fl_value_ref(reason));
    return NULL;
}

static const struct {
    fl_then_fn on_fulfilled;
    fl_then_fn on_rejected;
} element_fns[] = {
    [ALL] = {all_resolve_element, capability_reject},
    [ALL_SETTLED] = {settled_fulfilled, settled_rejected},
    [RACE] = {capability_resolve, capability_reject},
    [ANY] = {capability_resolve, any_reject_element},
};

/* `item` is borrowed: a promise is used as it is (PromiseResolve returns it). */
static int attach_element(combo *c, combinator kind, fl_value *item, size_t index)
{
    fl_promise *next = fl__value_promise(item);
    if (next)
        fl__promise_ref(next);
    else
        next = fl__promise_resolve_op(c->realm, fl__value_ref(item));
    if (!next)
        return FL_ENOMEM;
    element *e = &c->elements[index];
    *e = (element){c, index, 0};
    c->refs++;
    c->remaining++;
    int rc = fl__perform_then(next, element_fns[kind].on_fulfilled, element_fns[kind].on_rejected,
                              e, element_release, NULL);
    fl__promise_unref(next);
    return rc;
}

static void iterate(combo *c, combinator kind, fl_value *items)
{
    size_t n = fl_array_length(items);
    /* The results start as n undefineds, filled in as elements settle. */
    c->elements = n ? malloc(n * sizeof(*c->elements)) : NULL;
    if ((n && !c->elements) || (kind != RACE && fl__array_fill_undefined(c->values, n) != 0)) {
        fl__promise_reject_fn(c->result, fl_error_named("RangeError", "out of memory"));
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (attach_element(c, kind, items->u.arr.items[i], i) != 0) {
            fl__promise_reject_fn(c->result, fl_error_named("RangeError", "out of memory"));
            return;
        }
    }
    /* The 1 the count started at: settles now if every input already did. */
    if (kind != RACE && --c->remaining == 0) {
        fl_value *values = fl_value_ref(c->values);
        if (kind == ANY)
            fl__promise_reject_fn(c->result,
                                  fl__aggregate_error(values, "All promises were rejected"));
        else
            fl__promise_resolve_fn(c->result, values);
    }
}

static fl_promise *combine(fl_loop *loop, fl_value *iterable, combinator kind)
{
    fl__realm *realm = fl__realm_of(loop);
    fl_promise *result = realm ? fl__promise_alloc(realm) : NULL;
    combo *c = result ? calloc(1, sizeof(*c)) : NULL;
    if (!c || !(c->values = fl_array_new())) {
        free(c);
        fl__promise_unref(result);
        fl_value_unref(iterable);
        return NULL;
    }
    c->realm = realm;
    c->result = fl__promise_ref(result);
    c->refs = 1;
    c->remaining = 1;
    fl__autorelease(result);
    if (fl_value_type_of(iterable) != FL_VALUE_ARRAY)
        fl__promise_reject_fn(result, fl_error_named("TypeError", "object is not iterable"));
    else
        iterate(c, kind, iterable);
    fl_value_unref(iterable);
    combo_release(c);
    return result;
}

fl_promise *fl_promise_all(fl_loop *loop, fl_value *iterable)
{
    return combine(loop, iterable, ALL);
}

fl_promise *fl_promise_all_settled(fl_loop *loop, fl_value *iterable)
{
    return combine(loop, iterable, ALL_SETTLED);
}

fl_promise *fl_promise_race(fl_loop *loop, fl_value *iterable)
{
    return combine(loop, iterable, RACE);
}

fl_promise *fl_promise_any(fl_loop *loop, fl_value *iterable)
{
    return combine(loop, iterable, ANY);
}
