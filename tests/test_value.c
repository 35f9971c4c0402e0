/**
 * @file test_value.c
 * Tagged values: constructors and readers, reference counting, the JS-like
 * text of fl_value_format (checked against what V8 prints: String(x) at the top
 * level, JSON.stringify inside arrays and objects), snprintf-style truncation,
 * fl_log_value and SameValueZero equality.
 */
#include <float.h>
#include <math.h>

#include "test_util.h"

#include "frameloop/promise.h"
#include "frameloop/value.h"

/* Counts fl_ptr destructor calls: proves a value was freed exactly once. */
static int g_destroyed;

static void count_destroy(void *p)
{
    (void)p;
    g_destroyed++;
}

/* Formats `v`, checks the text and the returned length, then drops `v`. */
static void expect_text(fl_value *v, const char *want)
{
    char buf[512];
    size_t n = fl_value_format(v, buf, sizeof(buf));
    assert_string_equal(buf, want);
    assert_int_equal(n, strlen(want));
    fl_value_unref(v);
}

/* ---- Constructors and readers -------------------------------------------- */

static void test_value_scalars(void **state)
{
    (void)state;
    fl_value *v = fl_int(100);
    assert_int_equal(fl_value_type_of(v), FL_VALUE_INT);
    assert_int_equal(fl_value_int(v), 100);
    assert_true(fl_value_double(v) == 100.0);
    fl_value_unref(v);

    v = fl_double(0.5);
    assert_int_equal(fl_value_type_of(v), FL_VALUE_DOUBLE);
    assert_true(fl_value_double(v) == 0.5);
    assert_int_equal(fl_value_int(v), 0);
    fl_value_unref(v);

    /* Reading a double as an int truncates toward zero. */
    v = fl_double(-2.9);
    assert_int_equal(fl_value_int(v), -2);
    fl_value_unref(v);

    assert_int_equal(fl_value_type_of(fl_bool(7)), FL_VALUE_BOOL);
    assert_int_equal(fl_value_int(fl_bool(7)), 1);
    assert_int_equal(fl_value_int(fl_bool(0)), 0);
    assert_int_equal(fl_value_type_of(fl_null()), FL_VALUE_NULL);
    assert_int_equal(fl_value_type_of(fl_undefined()), FL_VALUE_UNDEFINED);
    assert_int_equal(fl_value_type_of(NULL), FL_VALUE_UNDEFINED); /* NULL reads as undefined */
}

static void test_value_strings_and_errors(void **state)
{
    (void)state;
    fl_value *v = fl_str("hello");
    assert_int_equal(fl_value_type_of(v), FL_VALUE_STRING);
    assert_string_equal(fl_value_str(v), "hello");
    fl_value_unref(v);

    v = fl_str(NULL);
    assert_int_equal(fl_value_type_of(v), FL_VALUE_STRING);
    assert_string_equal(fl_value_str(v), "");
    fl_value_unref(v);

    v = fl_strf("%s-%d", "a", 7);
    assert_string_equal(fl_value_str(v), "a-7");
    fl_value_unref(v);

    v = fl_error("boom");
    assert_int_equal(fl_value_type_of(v), FL_VALUE_ERROR);
    assert_string_equal(fl_error_name(v), "Error");
    assert_string_equal(fl_value_str(v), "boom");
    fl_value_unref(v);

    v = fl_error_named("TypeError", "x");
    assert_string_equal(fl_error_name(v), "TypeError");
    assert_string_equal(fl_value_str(v), "x");
    fl_value_unref(v);
}

static void test_value_arrays_and_objects(void **state)
{
    (void)state;
    fl_value *a = fl_array(3, fl_int(1), fl_str("a"), NULL);
    assert_int_equal(fl_value_type_of(a), FL_VALUE_ARRAY);
    assert_int_equal(fl_array_length(a), 3);
    assert_int_equal(fl_value_int(fl_array_get(a, 0)), 1);
    assert_string_equal(fl_value_str(fl_array_get(a, 1)), "a");
    assert_int_equal(fl_value_type_of(fl_array_get(a, 2)), FL_VALUE_UNDEFINED);
    assert_null(fl_array_get(a, 3));
    fl_value_unref(a);

    a = fl_array_new();
    assert_int_equal(fl_array_length(a), 0);
    assert_int_equal(fl_array_push(a, fl_int(5)), 0);
    assert_int_equal(fl_array_length(a), 1);
    fl_value_unref(a);

    /* Keys keep insertion order; setting a key again replaces it in place. */
    fl_value *o = fl_object_new();
    assert_int_equal(fl_object_set(o, "status", fl_str("pending")), 0);
    assert_int_equal(fl_object_set(o, "value", fl_int(1)), 0);
    assert_int_equal(fl_object_set(o, "status", fl_str("fulfilled")), 0);
    assert_string_equal(fl_value_str(fl_object_get(o, "status")), "fulfilled");
    assert_null(fl_object_get(o, "reason"));
    expect_text(o, "{\"status\":\"fulfilled\",\"value\":1}");
}

static void test_value_mismatched_reads(void **state)
{
    (void)state;
    fl_value *i = fl_int(3), *s = fl_str("3");
    assert_string_equal(fl_value_str(i), "");
    assert_null(fl_value_ptr(i));
    assert_int_equal(fl_array_length(i), 0);
    assert_null(fl_array_get(i, 0));
    assert_null(fl_object_get(i, "x"));
    assert_string_equal(fl_error_name(s), "");
    assert_null(fl_value_promise(i));
    assert_int_equal(fl_value_int(s), 0);
    assert_true(fl_value_double(NULL) == 0);
    assert_string_equal(fl_value_str(NULL), "");
    fl_value_unref(i);
    fl_value_unref(s);
}

/* A failed push or set still takes the value over (value.h's ownership rule). */
static void test_value_failed_insert_takes_value(void **state)
{
    (void)state;
    int x;
    fl_value *i = fl_int(1), *o = fl_object_new();
    g_destroyed = 0;
    assert_int_equal(fl_array_push(i, fl_ptr(&x, count_destroy)), FL_EINVAL);
    assert_int_equal(fl_array_push(NULL, fl_ptr(&x, count_destroy)), FL_EINVAL);
    assert_int_equal(fl_object_set(i, "k", fl_ptr(&x, count_destroy)), FL_EINVAL);
    assert_int_equal(fl_object_set(o, NULL, fl_ptr(&x, count_destroy)), FL_EINVAL);
    assert_int_equal(fl_object_set(NULL, "k", fl_ptr(&x, count_destroy)), FL_EINVAL);
    assert_int_equal(g_destroyed, 5);
    fl_value_unref(i);
    fl_value_unref(o);
}

/* ---- Reference counts ----------------------------------------------------- */

static void test_value_refcounts(void **state)
{
    (void)state;
    int x;
    g_destroyed = 0;
    fl_value *p = fl_ptr(&x, count_destroy);
    assert_ptr_equal(fl_value_ptr(p), &x);
    assert_ptr_equal(fl_value_ref(p), p);
    fl_value_unref(p);
    assert_int_equal(g_destroyed, 0);
    fl_value_unref(p);
    assert_int_equal(g_destroyed, 1);

    /* A container holds its own reference to each item. */
    p = fl_ptr(&x, count_destroy);
    fl_value *a = fl_array(1, fl_value_ref(p));
    fl_value *o = fl_object_new();
    assert_int_equal(fl_object_set(o, "p", fl_value_ref(p)), 0);
    fl_value_unref(p);
    fl_value_unref(a);
    assert_int_equal(g_destroyed, 1);
    fl_value_unref(o);
    assert_int_equal(g_destroyed, 2);

    /* The constants are immortal: extra unrefs are harmless. */
    for (int k = 0; k < 3; k++) {
        fl_value_unref(fl_undefined());
        fl_value_unref(fl_null());
        fl_value_unref(fl_bool(1));
    }
    assert_int_equal(fl_value_type_of(fl_undefined()), FL_VALUE_UNDEFINED);
    assert_int_equal(fl_value_int(fl_bool(1)), 1);
    assert_null(fl_value_ref(NULL));
    fl_value_unref(NULL);

    fl_value *np = fl_ptr(&x, NULL); /* no destructor is fine */
    fl_value_unref(np);
}

/* ---- Text forms ------------------------------------------------------------ */

/* Expected texts are String(x) in Node 20. */
static void test_value_format_numbers(void **state)
{
    (void)state;
    expect_text(fl_int(100), "100");
    expect_text(fl_int(-42), "-42");
    expect_text(fl_int(INT64_MIN), "-9223372036854775808");
    expect_text(fl_double(100.0), "100");
    expect_text(fl_double(0.5), "0.5");
    expect_text(fl_double(-1.5), "-1.5");
    expect_text(fl_double(1e21), "1e+21");
    expect_text(fl_double(1e20), "100000000000000000000");
    expect_text(fl_double(123456789012345680000.0), "123456789012345680000");
    expect_text(fl_double(-0.0), "0");
    expect_text(fl_double(NAN), "NaN");
    expect_text(fl_double(INFINITY), "Infinity");
    expect_text(fl_double(-INFINITY), "-Infinity");
    expect_text(fl_double(0.1 + 0.2), "0.30000000000000004");
    expect_text(fl_double(1.0 / 3), "0.3333333333333333");
    expect_text(fl_double(0.000001), "0.000001");
    expect_text(fl_double(1e-7), "1e-7");
    expect_text(fl_double(9007199254740992.0), "9007199254740992");
    expect_text(fl_double(5e-324), "5e-324");
    expect_text(fl_double(DBL_MAX), "1.7976931348623157e+308");
}

static void test_value_format_others(void **state)
{
    (void)state;
    expect_text(NULL, "undefined");
    expect_text(fl_undefined(), "undefined");
    expect_text(fl_null(), "null");
    expect_text(fl_bool(1), "true");
    expect_text(fl_bool(0), "false");
    expect_text(fl_str("hello"), "hello"); /* raw at the top level */
    expect_text(fl_str(""), "");
    expect_text(fl_error("boom"), "Error: boom");
    expect_text(fl_error_named("TypeError", "x"), "TypeError: x");
    expect_text(fl_error(""), "Error"); /* String(new Error("")) */
}

/* Expected texts are JSON.stringify(x) in Node 20. */
static void test_value_format_containers(void **state)
{
    (void)state;
    expect_text(fl_array(2, fl_str("a"), fl_int(1)), "[\"a\",1]");
    expect_text(fl_array_new(), "[]");
    expect_text(fl_object_new(), "{}");
    expect_text(
        fl_array(3, fl_int(1), fl_array(2, fl_int(2), fl_array(1, fl_int(3))), fl_array_new()),
        "[1,[2,[3]],[]]");
    expect_text(fl_array(3, fl_null(), fl_bool(1), fl_bool(0)), "[null,true,false]");
    expect_text(fl_array(2, fl_double(0.5), fl_double(1e21)), "[0.5,1e+21]");
    expect_text(fl_array(1, fl_str("a\"b\\c")), "[\"a\\\"b\\\\c\"]");

    fl_value *o = fl_object_new();
    assert_int_equal(fl_object_set(o, "status", fl_str("fulfilled")), 0);
    assert_int_equal(fl_object_set(o, "value", fl_int(1)), 0);
    expect_text(fl_value_ref(o), "{\"status\":\"fulfilled\",\"value\":1}");
    fl_value *r = fl_object_new();
    assert_int_equal(fl_object_set(r, "status", fl_str("rejected")), 0);
    assert_int_equal(fl_object_set(r, "reason", fl_str("no")), 0);
    expect_text(
        fl_array(2, o, r),
        "[{\"status\":\"fulfilled\",\"value\":1},{\"status\":\"rejected\",\"reason\":\"no\"}]");
}

/* JSON.stringify(["a\nb\t"]) uses the short escapes \n and \t (QuoteJSONString). */
static void test_value_format_control_escapes(void **state)
{
    (void)state;
    expect_text(fl_array(1, fl_str("a\nb\t")), "[\"a\\nb\\t\"]");
    expect_text(fl_array(1, fl_str("\x01")), "[\"\\u0001\"]");
}

/* fl_value_format behaves as snprintf: returns the full length, stores what fits. */
static void test_value_format_truncates(void **state)
{
    (void)state;
    char buf[16];
    fl_value *s = fl_str("hello");
    memset(buf, 'x', sizeof(buf));
    assert_int_equal(fl_value_format(s, buf, 4), 5);
    assert_string_equal(buf, "hel");
    assert_int_equal(buf[4], 'x'); /* nothing written past `size` */
    assert_int_equal(fl_value_format(s, buf, 1), 5);
    assert_string_equal(buf, "");
    assert_int_equal(fl_value_format(s, NULL, 0), 5);
    assert_int_equal(fl_value_format(s, buf, 6), 5);
    assert_string_equal(buf, "hello");
    fl_value_unref(s);

    fl_value *a = fl_array(2, fl_str("a"), fl_int(1));
    assert_int_equal(fl_value_format(a, buf, 5), 7);
    assert_string_equal(buf, "[\"a\"");
    fl_value_unref(a);

    fl_value *d = fl_double(0.1 + 0.2);
    assert_int_equal(fl_value_format(d, buf, 4), 19);
    assert_string_equal(buf, "0.3");
    fl_value_unref(d);

    fl_value *e = fl_error_named("TypeError", "x");
    assert_int_equal(fl_value_format(e, buf, 6), 12);
    assert_string_equal(buf, "TypeE");
    fl_value_unref(e);
}

static void test_value_log_value(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new_opts(NULL);
    fl_value *v = fl_int(100), *a = fl_array(2, fl_int(1), fl_int(2));
    char long_text[301];
    memset(long_text, 'z', 300);
    long_text[300] = '\0';
    fl_value *l = fl_str(long_text);

    assert_int_equal(fl_log_value(loop, "v", v), 0);
    assert_int_equal(fl_log_value(loop, NULL, a), 0);
    assert_int_equal(fl_log_value(loop, "long", l), 0); /* past any small stack buffer */
    assert_int_equal(fl_log_value(NULL, "v", v), FL_EINVAL);

    char want[400];
    snprintf(want, sizeof(want), "0.000 v 100\n0.000 [1,2]\n0.000 long %s\n", long_text);
    assert_string_equal(fl_transcript(loop, NULL), want);
    /* fl_log_value borrows: the values are still ours to drop. */
    fl_value_unref(v);
    fl_value_unref(a);
    fl_value_unref(l);
    test_loop_free_drained(loop);
}

/* ---- SameValueZero ------------------------------------------------------------ */

/* Checks fl_value_equal(a, b) both ways, then drops both. */
static void expect_equal(fl_value *a, fl_value *b, int want)
{
    assert_int_equal(fl_value_equal(a, b), want);
    assert_int_equal(fl_value_equal(b, a), want);
    fl_value_unref(a);
    fl_value_unref(b);
}

static void test_value_equal_primitives(void **state)
{
    (void)state;
    expect_equal(fl_int(1), fl_double(1.0), 1); /* one Number type in JS */
    expect_equal(fl_int(1), fl_int(1), 1);
    expect_equal(fl_int(1), fl_int(2), 0);
    expect_equal(fl_double(0.0), fl_double(-0.0), 1);
    expect_equal(fl_int(0), fl_double(-0.0), 1);
    expect_equal(fl_double(NAN), fl_double(NAN), 1);
    expect_equal(fl_double(NAN), fl_int(0), 0);
    expect_equal(fl_str("ab"), fl_str("ab"), 1);
    expect_equal(fl_str("ab"), fl_str("abc"), 0);
    expect_equal(fl_str("1"), fl_int(1), 0);
    expect_equal(fl_bool(1), fl_bool(1), 1);
    expect_equal(fl_bool(1), fl_bool(0), 0);
    expect_equal(fl_bool(1), fl_int(1), 0);
    expect_equal(fl_null(), fl_undefined(), 0);
    expect_equal(fl_null(), fl_null(), 1);
    expect_equal(NULL, fl_undefined(), 1); /* NULL means undefined */
    expect_equal(NULL, NULL, 1);
}

static void test_value_equal_identity(void **state)
{
    (void)state;
    fl_value *a = fl_array(1, fl_int(1));
    expect_equal(fl_value_ref(a), fl_value_ref(a), 1);
    expect_equal(a, fl_array(1, fl_int(1)), 0);
    fl_value *e = fl_error("x");
    expect_equal(fl_value_ref(e), fl_value_ref(e), 1);
    expect_equal(e, fl_error("x"), 0);
    expect_equal(fl_object_new(), fl_object_new(), 0);

    fl_loop *loop = test_loop_new_opts(NULL);
    fl_promise *p = fl_promise_new(loop), *q = fl_promise_new(loop);
    assert_non_null(p);
    /* Two values that hold the same promise are the same JS object. */
    expect_equal(fl_promise_value(p), fl_promise_value(p), 1);
    expect_equal(fl_promise_value(p), fl_promise_value(q), 0);
    fl_value *pv = fl_promise_value(p);
    assert_int_equal(fl_value_type_of(pv), FL_VALUE_PROMISE);
    assert_ptr_equal(fl_value_promise(pv), p);
    expect_text(pv, "[object Promise]");
    assert_null(fl_promise_value(NULL));
    fl_loop_free(loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_scalars),
        cmocka_unit_test(test_value_strings_and_errors),
        cmocka_unit_test(test_value_arrays_and_objects),
        cmocka_unit_test(test_value_mismatched_reads),
        cmocka_unit_test(test_value_failed_insert_takes_value),
        cmocka_unit_test(test_value_refcounts),
        cmocka_unit_test(test_value_format_numbers),
        cmocka_unit_test(test_value_format_others),
        cmocka_unit_test(test_value_format_containers),
        cmocka_unit_test(test_value_format_control_escapes),
        cmocka_unit_test(test_value_format_truncates),
        cmocka_unit_test(test_value_log_value),
        cmocka_unit_test(test_value_equal_primitives),
        cmocka_unit_test(test_value_equal_identity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
