/* The body of fl_value, shared by value.c, value_format.c and the promise layer. */
#ifndef FL_PROMISE_VALUE_INTERNAL_H
#define FL_PROMISE_VALUE_INTERNAL_H

#include <stdint.h>

#include "frameloop/value.h"

/* Internal type: a reason wrapped by fl_throw, unwrapped by whoever runs the handler. */
#define FL__VALUE_THROWN 100
/* A refcount that is never changed: the static undefined/null/true/false. */
#define FL__IMMORTAL UINT32_MAX

struct fl_value {
    uint32_t refs;
    uint8_t type;
    union {
        int b;
        int64_t i;
        double d;
        struct {
            char *s;
            size_t len;
        } str;
        struct {
            void *p;
            void (*destroy)(void *p);
        } ptr;
        struct {
            fl_value **items;
            size_t len;
            size_t cap;
        } arr;
        struct {
            char **keys;
            fl_value **vals;
            size_t len;
            size_t cap;
        } obj;
        struct {
            char *name;
            char *message;
            fl_value *errors; /* AggregateError's array, else NULL */
        } err;
        fl_promise *promise;
        fl_value *thrown;
    } u;
};

/* fl_undefined()'s value, for the promise layer's per-job paths. */
extern fl_value fl__undefined_value;

/* fl_value_ref, fl_value_unref and fl_value_promise inline, for the promise
 * layer's per-job paths: most values a job passes on are immortal. */
static inline fl_value *fl__value_ref(fl_value *v)
{
    if (v && v->refs != FL__IMMORTAL)
        v->refs++;
    return v;
}

static inline void fl__value_unref(fl_value *v)
{
    if (v && v->refs != FL__IMMORTAL)
        fl_value_unref(v);
}

static inline fl_promise *fl__value_promise(const fl_value *v)
{
    return v && v->type == FL_VALUE_PROMISE ? v->u.promise : NULL;
}

/* The reason an fl_throw wrapper holds (taking the wrapper's reference). */
fl_value *fl__value_thrown_reason(fl_value *wrapper);

/* Unwraps an fl_throw wrapper: returns the reason (taking the wrapper's
 * reference) and sets *threw, or returns `v` itself. */
static inline fl_value *fl__value_unwrap(fl_value *v, int *threw)
{
    *threw = v && v->type == FL__VALUE_THROWN;
    return *threw ? fl__value_thrown_reason(v) : v;
}
/* Appends n undefineds. @return 0 or FL_ENOMEM (nothing appended). */
int fl__array_fill_undefined(fl_value *array, size_t n);
/* An AggregateError with `errors` (an array, taken over). */
fl_value *fl__aggregate_error(fl_value *errors, const char *message);

/* Implemented by the promise layer: the reference a promise value holds. */
void fl__promise_value_unref(fl_promise *p);
fl_promise *fl__promise_value_ref(fl_promise *p);

#endif /* FL_PROMISE_VALUE_INTERNAL_H */
