/*
 * Tagged values: construction, reference counting and reading. The four
 * constants (undefined, null, true, false) are static and immortal, so the
 * commonest values cost no allocation.
 */
#include "frameloop/promise.h"
#include "promise/value_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

fl_value fl__undefined_value = {FL__IMMORTAL, FL_VALUE_UNDEFINED, {0}};
static fl_value null_value = {FL__IMMORTAL, FL_VALUE_NULL, {0}};
static fl_value true_value = {FL__IMMORTAL, FL_VALUE_BOOL, {.b = 1}};
static fl_value false_value = {FL__IMMORTAL, FL_VALUE_BOOL, {.b = 0}};

static fl_value *value_new(fl_value_type type)
{
    fl_value *v = calloc(1, sizeof(*v));
    if (v) {
        v->refs = 1;
        v->type = (uint8_t)type;
    }
    return v;
}

static char *dup_str(const char *s, size_t *len_out)
{
    size_t len = s ? strlen(s) : 0;
    char *copy = malloc(len + 1);
    if (!copy)
        return NULL;
    if (len)
        memcpy(copy, s, len);
    copy[len] = '\0';
    if (len_out)
        *len_out = len;
    return copy;
}

fl_value *fl_undefined(void)
{
    return &fl__undefined_value;
}

fl_value *fl_null(void)
{
    return &null_value;
}

fl_value *fl_bool(int b)
{
    return b ? &true_value : &false_value;
}

fl_value *fl_int(int64_t i)
{
    fl_value *v = value_new(FL_VALUE_INT);
    if (v)
        v->u.i = i;
    return v;
}

fl_value *fl_double(double d)
{
    fl_value *v = value_new(FL_VALUE_DOUBLE);
    if (v)
        v->u.d = d;
    return v;
}

fl_value *fl_str(const char *s)
{
    fl_value *v = value_new(FL_VALUE_STRING);
    if (v && !(v->u.str.s = dup_str(s, &v->u.str.len))) {
        free(v);
        return NULL;
    }
    return v;
}

fl_value *fl_strf(const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    fl_value *v = n < 0 ? NULL : value_new(FL_VALUE_STRING);
    if (v && (v->u.str.s = malloc((size_t)n + 1)) != NULL) {
        vsnprintf(v->u.str.s, (size_t)n + 1, fmt, ap2);
        v->u.str.len = (size_t)n;
    } else if (v) {
        free(v);
        v = NULL;
    }
    va_end(ap2);
    return v;
}

fl_value *fl_ptr(void *p, void (*destroy)(void *p))
{
    fl_value *v = value_new(FL_VALUE_POINTER);
    if (v) {
        v->u.ptr.p = p;
        v->u.ptr.destroy = destroy;
    } else if (destroy) {
        destroy(p); /* ownership was handed to us: do not leak it on OOM */
    }
    return v;
}

fl_value *fl_array_new(void)
{
    return value_new(FL_VALUE_ARRAY);
}

/* Grows an array's capacity to at least `cap`. @return 0 or FL_ENOMEM. */
static int array_reserve(fl_value *array, size_t cap)
{
    if (cap <= array->u.arr.cap)
        return 0;
    fl_value **items = realloc(array->u.arr.items, cap * sizeof(*items));
    if (!items)
        return FL_ENOMEM;
    array->u.arr.items = items;
    array->u.arr.cap = cap;
    return 0;
}

int fl__array_fill_undefined(fl_value *array, size_t n)
{
    if (array_reserve(array, array->u.arr.len + n) != 0)
        return FL_ENOMEM;
    for (size_t i = 0; i < n; i++)
        array->u.arr.items[array->u.arr.len++] = &fl__undefined_value;
    return 0;
}

int fl_array_push(fl_value *array, fl_value *value)
{
    if (!array || array->type != FL_VALUE_ARRAY || array->refs == FL__IMMORTAL) {
        fl_value_unref(value);
        return FL_EINVAL;
    }
    if (array->u.arr.len == array->u.arr.cap &&
        array_reserve(array, array->u.arr.cap ? array->u.arr.cap * 2 : 4) != 0) {
        fl_value_unref(value);
        return FL_ENOMEM;
    }
    array->u.arr.items[array->u.arr.len++] = value ? value : fl_undefined();
    return 0;
}

fl_value *fl_array(size_t n, ...)
{
    fl_value *array = fl_array_new();
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++) {
        fl_value *item = va_arg(ap, fl_value *);
        if (!array)
            fl_value_unref(item);
        else if (fl_array_push(array, item) != 0) {
            fl_value_unref(array);
            array = NULL;
        }
    }
    va_end(ap);
    return array;
}

fl_value *fl_object_new(void)
{
    return value_new(FL_VALUE_OBJECT);
}

int fl_object_set(fl_value *object, const char *key, fl_value *value)
{
    if (!object || object->type != FL_VALUE_OBJECT || !key) {
        fl_value_unref(value);
        return FL_EINVAL;
    }
    value = value ? value : fl_undefined();
    for (size_t i = 0; i < object->u.obj.len; i++) {
        if (strcmp(object->u.obj.keys[i], key) == 0) {
            fl_value_unref(object->u.obj.vals[i]);
            object->u.obj.vals[i] = value;
            return 0;
        }
    }
    if (object->u.obj.len == object->u.obj.cap) {
        size_t cap = object->u.obj.cap ? object->u.obj.cap * 2 : 4;
        char **keys = realloc(object->u.obj.keys, cap * sizeof(*keys));
        if (keys)
            object->u.obj.keys = keys;
        fl_value **vals = keys ? realloc(object->u.obj.vals, cap * sizeof(*vals)) : NULL;
        if (!vals) {
            fl_value_unref(value);
            return FL_ENOMEM;
        }
        object->u.obj.vals = vals;
        object->u.obj.cap = cap;
    }
    char *k = dup_str(key, NULL);
    if (!k) {
        fl_value_unref(value);
        return FL_ENOMEM;
    }
    object->u.obj.keys[object->u.obj.len] = k;
    object->u.obj.vals[object->u.obj.len++] = value;
    return 0;
}

fl_value *fl_error_named(const char *name, const char *message)
{
    fl_value *v = value_new(FL_VALUE_ERROR);
    if (!v)
        return NULL;
    v->u.err.name = dup_str(name ? name : "Error", NULL);
    v->u.err.message = dup_str(message, NULL);
    if (!v->u.err.name || !v->u.err.message) {
        fl_value_unref(v);
        return NULL;
    }
    return v;
}

fl_value *fl_error(const char *message)
{
    return fl_error_named("Error", message);
}

fl_value *fl__aggregate_error(fl_value *errors, const char *message)
{
    fl_value *v = fl_error_named("AggregateError", message);
    if (v)
        v->u.err.errors = errors;
    else
        fl_value_unref(errors);
    return v;
}

fl_value *fl_promise_value(fl_promise *promise)
{
    if (!promise)
        return NULL;
    fl_value *v = value_new(FL_VALUE_PROMISE);
    if (v)
        v->u.promise = fl__promise_value_ref(promise);
    return v;
}

fl_value *fl_throw(fl_value *reason)
{
    fl_value *v = value_new((fl_value_type)FL__VALUE_THROWN);
    if (v)
        v->u.thrown = reason ? reason : fl_undefined();
    else
        fl_value_unref(reason);
    return v;
}

fl_value *fl__value_thrown_reason(fl_value *wrapper)
{
    fl_value *reason = fl_value_ref(wrapper->u.thrown);
    fl_value_unref(wrapper);
    return reason;
}

fl_value *fl_value_ref(fl_value *v)
{
    return fl__value_ref(v);
}

static void value_free(fl_value *v)
{
    switch (v->type) {
    case FL_VALUE_STRING:
        free(v->u.str.s);
        break;
    case FL_VALUE_POINTER:
        if (v->u.ptr.destroy)
            v->u.ptr.destroy(v->u.ptr.p);
        break;
    case FL_VALUE_ARRAY:
        for (size_t i = 0; i < v->u.arr.len; i++)
            fl_value_unref(v->u.arr.items[i]);
        free(v->u.arr.items);
        break;
    case FL_VALUE_OBJECT:
        for (size_t i = 0; i < v->u.obj.len; i++) {
            free(v->u.obj.keys[i]);
            fl_value_unref(v->u.obj.vals[i]);
        }
        free(v->u.obj.keys);
        free(v->u.obj.vals);
        break;
    case FL_VALUE_ERROR:
        free(v->u.err.name);
        free(v->u.err.message);
        fl_value_unref(v->u.err.errors);
        break;
    case FL_VALUE_PROMISE:
        fl__promise_value_unref(v->u.promise);
        break;
    case FL__VALUE_THROWN:
        fl_value_unref(v->u.thrown);
        break;
    default:
        break;
    }
    free(v);
}

void fl_value_unref(fl_value *v)
{
    if (!v || v->refs == FL__IMMORTAL)
        return;
    if (--v->refs == 0)
        value_free(v);
}

fl_value_type fl_value_type_of(const fl_value *v)
{
    return v ? (fl_value_type)v->type : FL_VALUE_UNDEFINED;
}

int64_t fl_value_int(const fl_value *v)
{
    if (!v)
        return 0;
    if (v->type == FL_VALUE_INT)
        return v->u.i;
    if (v->type == FL_VALUE_BOOL)
        return v->u.b;
    if (v->type == FL_VALUE_DOUBLE && isfinite(v->u.d) && fabs(v->u.d) < 9.2e18)
        return (int64_t)v->u.d;
    return 0;
}

double fl_value_double(const fl_value *v)
{
    if (v && v->type == FL_VALUE_DOUBLE)
        return v->u.d;
    return (double)fl_value_int(v);
}

const char *fl_value_str(const fl_value *v)
{
    if (v && v->type == FL_VALUE_STRING)
        return v->u.str.s;
    if (v && v->type == FL_VALUE_ERROR)
        return v->u.err.message;
    return "";
}

void *fl_value_ptr(const fl_value *v)
{
    return v && v->type == FL_VALUE_POINTER ? v->u.ptr.p : NULL;
}

size_t fl_array_length(const fl_value *v)
{
    return v && v->type == FL_VALUE_ARRAY ? v->u.arr.len : 0;
}

fl_value *fl_array_get(const fl_value *v, size_t i)
{
    return i < fl_array_length(v) ? v->u.arr.items[i] : NULL;
}

fl_value *fl_object_get(const fl_value *v, const char *key)
{
    if (!v || v->type != FL_VALUE_OBJECT || !key)
        return NULL;
    for (size_t i = 0; i < v->u.obj.len; i++) {
        if (strcmp(v->u.obj.keys[i], key) == 0)
            return v->u.obj.vals[i];
    }
    return NULL;
}

const char *fl_error_name(const fl_value *v)
{
    return v && v->type == FL_VALUE_ERROR ? v->u.err.name : "";
}

fl_value *fl_error_errors(const fl_value *v)
{
    return v && v->type == FL_VALUE_ERROR ? v->u.err.errors : NULL;
}

fl_promise *fl_value_promise(const fl_value *v)
{
    return fl__value_promise(v);
}

int fl_value_equal(const fl_value *a, const fl_value *b)
{
    fl_value_type ta = fl_value_type_of(a), tb = fl_value_type_of(b);
    int numeric_a = ta == FL_VALUE_INT || ta == FL_VALUE_DOUBLE;
    int numeric_b = tb == FL_VALUE_INT || tb == FL_VALUE_DOUBLE;
    if (numeric_a && numeric_b) {
        double x = fl_value_double(a), y = fl_value_double(b);
        if (ta == FL_VALUE_INT && tb == FL_VALUE_INT)
            return a->u.i == b->u.i;
        return x == y || (isnan(x) && isnan(y)); /* SameValueZero: NaN equals NaN */
    }
    if (ta != tb)
        return 0;
    switch (ta) {
    case FL_VALUE_UNDEFINED:
    case FL_VALUE_NULL:
        return 1;
    case FL_VALUE_BOOL:
        return a->u.b == b->u.b;
    case FL_VALUE_STRING:
        return a->u.str.len == b->u.str.len && memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0;
    case FL_VALUE_PROMISE:
        return a->u.promise == b->u.promise;
    case FL_VALUE_POINTER:
        return a->u.ptr.p == b->u.ptr.p;
    default:
        return a == b;
    }
}
