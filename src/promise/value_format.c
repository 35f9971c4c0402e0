/*
 * The JS-like text of a value. Numbers follow ECMAScript Number::toString
 * (shortest digits that round-trip, exponent form below 1e-6 and from 1e21),
 * so a transcript prints `0.1`, `1e+21` and `100` exactly as V8 does.
 */
#include "promise/value_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An snprintf-style writer: counts everything, stores what fits. */
typedef struct text {
    char *buf;
    size_t size;
    size_t len;
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->len < t->size) {
        size_t room = t->size - 1 - t->len;
        memcpy(t->buf + t->len, s, n < room ? n : room);
    }
    t->len += n;
}

static void puts_(text *t, const char *s)
{
    put(t, s, strlen(s));
}

/* Shortest decimal digits of a finite positive double and its decimal
 * exponent n (value = 0.d1d2... x 10^n), as Number::toString defines them. */
static int shortest_digits(double d, char digits[32], int *n)
{
    char tmp[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, d);
        if (strtod(tmp, NULL) == d)
            break;
    }
    /* tmp is "d.ddde[+-]x": collect the digits, drop trailing zeros. */
    int k = 0;
    char *p = tmp;
    for (; *p && *p != 'e'; p++) {
        if (*p >= '0' && *p <= '9')
            digits[k++] = *p;
    }
    while (k > 1 && digits[k - 1] == '0')
        k--;
    digits[k] = '\0';
    *n = atoi(p + 1) + 1;
    return k;
}

static void put_number(text *t, double d)
{
    if (isnan(d)) {
        puts_(t, "NaN");
        return;
    }
    if (d == 0) {
        puts_(t, "0"); /* -0 prints as 0 too */
        return;
    }
    if (d < 0) {
        puts_(t, "-");
        d = -d;
    }
    if (isinf(d)) {
        puts_(t, "Infinity");
        return;
    }
    char digits[32];
    int n;
    int k = shortest_digits(d, digits, &n);
    if (k <= n && n <= 21) {
        put(t, digits, (size_t)k);
        for (int i = k; i < n; i++)
            puts_(t, "0");
    } else if (0 < n && n <= 21) {
        put(t, digits, (size_t)n);
        puts_(t, ".");
        put(t, digits + n, (size_t)(k - n));
    } else if (-6 < n && n <= 0) {
        puts_(t, "0.");
        for (int i = 0; i < -n; i++)
            puts_(t, "0");
        put(t, digits, (size_t)k);
    } else {
        char exp[16];
        put(t, digits, 1);
        if (k > 1) {
            puts_(t, ".");
            put(t, digits + 1, (size_t)(k - 1));
        }
        snprintf(exp, sizeof(exp), "e%c%d", n - 1 >= 0 ? '+' : '-', abs(n - 1));
        puts_(t, exp);
    }
}

/* A JSON string literal, as JSON.stringify writes one. */
static void put_quoted(text *t, const char *s, size_t len)
{
    puts_(t, "\"");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        const char *short_escape = c == '\n'   ? "\\n"
                                   : c == '\t' ? "\\t"
                                   : c == '\r' ? "\\r"
                                   : c == '\b' ? "\\b"
                                   : c == '\f' ? "\\f"
                                               : NULL;
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put(t, esc, 2);
        } else if (short_escape) {
            puts_(t, short_escape);
        } else if (c < 0x20) {
            snprintf(esc, sizeof(esc), "\\u%04x", c);
            puts_(t, esc);
        } else {
            put(t, (const char *)&s[i], 1);
        }
    }
    puts_(t, "\"");
}

static void put_value(text *t, const fl_value *v, int nested);

static void put_items(text *t, fl_value *const *items, size_t n)
{
    puts_(t, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            puts_(t, ",");
        put_value(t, items[i], 1);
    }
    puts_(t, "]");
}

static void put_object(text *t, const fl_value *v)
{
    puts_(t, "{");
    for (size_t i = 0; i < v->u.obj.len; i++) {
        if (i)
            puts_(t, ",");
        put_quoted(t, v->u.obj.keys[i], strlen(v->u.obj.keys[i]));
        puts_(t, ":");
        put_value(t, v->u.obj.vals[i], 1);
    }
    puts_(t, "}");
}

static void put_error(text *t, const fl_value *v)
{
    puts_(t, v->u.err.name);
    if (v->u.err.message[0]) {
        puts_(t, ": ");
        puts_(t, v->u.err.message);
    }
}

/* Strings are raw at the top level and quoted inside arrays and objects. */
static void put_value(text *t, const fl_value *v, int nested)
{
    char num[32];
    switch (fl_value_type_of(v)) {
    case FL_VALUE_UNDEFINED:
        puts_(t, "undefined");
        break;
    case FL_VALUE_NULL:
        puts_(t, "null");
        break;
    case FL_VALUE_BOOL:
        puts_(t, v->u.b ? "true" : "false");
        break;
    case FL_VALUE_INT:
        snprintf(num, sizeof(num), "%lld", (long long)v->u.i);
        puts_(t, num);
        break;
    case FL_VALUE_DOUBLE:
        put_number(t, v->u.d);
        break;
    case FL_VALUE_STRING:
        if (nested)
            put_quoted(t, v->u.str.s, v->u.str.len);
        else
            put(t, v->u.str.s, v->u.str.len);
        break;
    case FL_VALUE_POINTER:
        puts_(t, "[object Pointer]");
        break;
    case FL_VALUE_ARRAY:
        put_items(t, v->u.arr.items, v->u.arr.len);
        break;
    case FL_VALUE_OBJECT:
        put_object(t, v);
        break;
    case FL_VALUE_ERROR:
        put_error(t, v);
        break;
    case FL_VALUE_PROMISE:
        puts_(t, "[object Promise]");
        break;
    default:
        puts_(t, "?");
        break;
    }
}

size_t fl_value_format(const fl_value *v, char *buf, size_t size)
{
    text t = {buf, size, 0};
    put_value(&t, v, 0);
    if (size > 0)
        buf[t.len < size ? t.len : size - 1] = '\0';
    return t.len;
}

int fl_log_value(fl_loop *loop, const char *prefix, const fl_value *v)
{
    if (!loop)
        return FL_EINVAL;
    char small[256];
    size_t n = fl_value_format(v, small, sizeof(small));
    char *s = small;
    if (n >= sizeof(small)) {
        s = malloc(n + 1);
        if (!s)
            return FL_ENOMEM;
        fl_value_format(v, s, n + 1);
    }
    int rc = prefix && *prefix ? fl_log(loop, "%s %s", prefix, s) : fl_log(loop, "%s", s);
    if (s != small)
        free(s);
    return rc;
}
