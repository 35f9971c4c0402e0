/**
 * @file value.h
 * Small tagged values: what promises resolve with, what handlers receive.
 *
 * A value is immutable and reference counted. Ownership follows one rule:
 * every constructor returns a new reference, and every frameloop call that
 * takes an `fl_value *` argument named `value` (or items of an array) takes that
 * reference over. So `fl_promise_resolve(p, fl_int(100))` leaks nothing and
 * needs no release. A value a callback receives is borrowed for the duration
 * of the callback: hand it on with fl_value_ref(). NULL is accepted wherever a
 * value is taken and means undefined.
 *
 * Text forms (fl_value_format) follow JavaScript closely enough for
 * transcripts: `100`, `0.5`, `hello`, `[100,200]`, `{"status":"fulfilled",
 * "value":1}`, `Error: boom`, `undefined`.
 */
#ifndef FRAMELOOP_VALUE_H
#define FRAMELOOP_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "frameloop/loop.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fl_value fl_value;
typedef struct fl_promise fl_promise;

typedef enum fl_value_type {
    FL_VALUE_UNDEFINED = 0,
    FL_VALUE_NULL,
    FL_VALUE_BOOL,
    FL_VALUE_INT,
    FL_VALUE_DOUBLE,
    FL_VALUE_STRING,
    FL_VALUE_POINTER, /**< a C pointer with an optional destructor */
    FL_VALUE_ARRAY,
    FL_VALUE_OBJECT, /**< ordered string keys (allSettled's records) */
    FL_VALUE_ERROR,  /**< name + message (+ errors, for AggregateError) */
    FL_VALUE_PROMISE /**< a promise: resolving with it adopts its state */
} fl_value_type;

/* ---- Constructors: each returns a new reference, or NULL when out of memory
 * (NULL then reads as undefined wherever it is passed on). ---- */
fl_value *fl_undefined(void);
fl_value *fl_null(void);
fl_value *fl_bool(int b);
fl_value *fl_int(int64_t i);
fl_value *fl_double(double d);
/** A string; `s` is copied (NULL gives ""). */
fl_value *fl_str(const char *s);
/** A formatted string. */
fl_value *fl_strf(const char *fmt, ...) FL_PRINTF_LIKE(1, 2);
/** A C pointer; `destroy` (may be NULL) runs when the last reference goes. */
fl_value *fl_ptr(void *p, void (*destroy)(void *p));
/** An array of `n` items, each taken over (NULL items are undefined). */
fl_value *fl_array(size_t n, ...);
/** An empty array to fill with fl_array_push (only before it is shared). */
fl_value *fl_array_new(void);
/** Appends `value` (taken over). @return 0, FL_EINVAL (not an array), FL_ENOMEM. */
int fl_array_push(fl_value *array, fl_value *value);
/** An empty object to fill with fl_object_set (only before it is shared). */
fl_value *fl_object_new(void);
/** Sets key (copied) to `value` (taken over), keeping insertion order. @return 0 or FL_E*. */
int fl_object_set(fl_value *object, const char *key, fl_value *value);
/** `new Error(message)`. */
fl_value *fl_error(const char *message);
/** An error with another name: "TypeError", "RangeError", ... */
fl_value *fl_error_named(const char *name, const char *message);
/** A promise as a value (holds a reference to it). fl_loop_free() frees the loop's
 * promises: drop a promise value you hold before that. */
fl_value *fl_promise_value(fl_promise *promise);

/** Takes one more reference; returns `v` (NULL stays NULL). */
fl_value *fl_value_ref(fl_value *v);
/** Drops one reference; the last one frees the value. NULL is a no-op. */
void fl_value_unref(fl_value *v);

/* ---- Reading: never fail; a mismatched type gives 0 / NULL / "" ---- */
fl_value_type fl_value_type_of(const fl_value *v);
int64_t fl_value_int(const fl_value *v);             /**< ints, doubles (truncated), bools */
double fl_value_double(const fl_value *v);           /**< doubles, ints */
const char *fl_value_str(const fl_value *v);         /**< string text, error message */
void *fl_value_ptr(const fl_value *v);               /**< the pointer of FL_VALUE_POINTER */
size_t fl_array_length(const fl_value *v);           /**< 0 for a non-array */
fl_value *fl_array_get(const fl_value *v, size_t i); /**< borrowed; NULL out of range */
fl_value *fl_object_get(const fl_value *v, const char *key); /**< borrowed; NULL if absent */
const char *fl_error_name(const fl_value *v);                /**< "Error", "TypeError", ... */
/** An AggregateError's `errors` array (borrowed), else NULL. */
fl_value *fl_error_errors(const fl_value *v);
/** The promise a FL_VALUE_PROMISE holds (borrowed), else NULL. */
fl_promise *fl_value_promise(const fl_value *v);
/** 1 when both are the same JS value: numbers and strings by value,
 * everything else by identity (as SameValueZero). */
int fl_value_equal(const fl_value *a, const fl_value *b);

/**
 * Writes the JS-like text of `v` into `buf` (always NUL-terminated when
 * `size` > 0), as snprintf does.
 *
 * @return the length the full text has (larger than size - 1 when cut).
 */
size_t fl_value_format(const fl_value *v, char *buf, size_t size);

/** Logs a transcript line: `prefix`, a space and the value's text; just the
 * text when `prefix` is NULL or "". */
int fl_log_value(fl_loop *loop, const char *prefix, const fl_value *v);

#ifdef __cplusplus
}
#endif

#endif /* FRAMELOOP_VALUE_H */
