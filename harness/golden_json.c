/*
 * Summaries compared field by field: both JSON documents are flattened into
 * leaves named by their path, so a check names each field that differs
 * (`frames_dropped: expected 5, actual 6`) and a field added to the summary
 * format shows up as one new field rather than a wall of text.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "golden.h"

#define MAX_PATH  256
#define MAX_DEPTH 32

typedef struct leaf {
    char path[MAX_PATH];
    const char *value; /* into the document */
    size_t len;
    int number;
} leaf;

typedef struct flat {
    leaf *leaves;
    size_t n, cap;
    const char *p; /* the parser's position */
    int depth;
} flat;

static void skip_ws(flat *f)
{
    while (isspace((unsigned char)*f->p))
        f->p++;
}

static int add_leaf(flat *f, const char *path, const char *start)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 64;
        leaf *l = realloc(f->leaves, cap * sizeof(*l));
        if (!l)
            return -1;
        f->leaves = l;
        f->cap = cap;
    }
    leaf *l = &f->leaves[f->n++];
    snprintf(l->path, sizeof(l->path), "%s", path);
    l->value = start;
    l->len = (size_t)(f->p - start);
    l->number = *start == '-' || isdigit((unsigned char)*start);
    return 0;
}

/* Moves past a string token (the opening quote at *p). */
static int skip_string(flat *f)
{
    for (f->p++; *f->p && *f->p != '"'; f->p++) {
        if (*f->p == '\\' && f->p[1])
            f->p++;
    }
    return *f->p == '"' ? (f->p++, 0) : -1;
}

static int parse_value(flat *f, const char *path);

static int parse_members(flat *f, const char *path, char close)
{
    char sub[MAX_PATH];
    f->p++;
    skip_ws(f);
    for (size_t i = 0; *f->p != close; i++) {
        if (close == '}') {
            const char *key = f->p;
            if (*key != '"' || skip_string(f) != 0)
                return -1;
            snprintf(sub, sizeof(sub), "%s%s%.*s", path, *path ? "." : "", (int)(f->p - key - 2),
                     key + 1);
            skip_ws(f);
            if (*f->p++ != ':')
                return -1;
        } else {
            snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
        }
        if (parse_value(f, sub) != 0)
            return -1;
        skip_ws(f);
        if (*f->p == ',')
            f->p++, skip_ws(f);
        else if (*f->p != close)
            return -1;
    }
    f->p++;
    return 0;
}

static int parse_value(flat *f, const char *path)
{
    skip_ws(f);
    if (*f->p == '{' || *f->p == '[') {
        if (++f->depth > MAX_DEPTH)
            return -1;
        int rc = parse_members(f, path, *f->p == '{' ? '}' : ']');
        f->depth--;
        return rc;
    }
    const char *start = f->p;
    if (*f->p == '"') {
        if (skip_string(f) != 0)
            return -1;
    } else {
        while (*f->p && (isalnum((unsigned char)*f->p) || strchr("+-.", *f->p)))
            f->p++;
        if (f->p == start)
            return -1;
    }
    return add_leaf(f, path, start);
}

static int flatten(const char *doc, flat *f)
{
    memset(f, 0, sizeof(*f));
    f->p = doc;
    if (parse_value(f, "") != 0)
        return -1;
    skip_ws(f);
    return *f->p ? -1 : 0;
}

static const leaf *find(const flat *f, const char *path)
{
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->leaves[i].path, path) == 0)
            return &f->leaves[i];
    }
    return NULL;
}

static int equal(const leaf *a, const leaf *b)
{
    if (a->number && b->number)
        return strtod(a->value, NULL) == strtod(b->value, NULL);
    return a->len == b->len && memcmp(a->value, b->value, a->len) == 0;
}

static void report(FILE *out, const char *path, const leaf *e, const leaf *a, long *count)
{
    (*count)++;
    fprintf(out, "  %s: expected %.*s, actual %.*s\n", path, e ? (int)e->len : 7,
            e ? e->value : "missing", a ? (int)a->len : 7, a ? a->value : "missing");
}

long fl_golden_json_diff(FILE *out, const char *expected, const char *actual)
{
    flat e, a;
    long count = 0;
    int bad_e = flatten(expected, &e), bad_a = flatten(actual, &a);
    if (bad_e || bad_a) {
        fprintf(out, "  the %s summary is not valid JSON\n", bad_e ? "golden" : "actual");
        count = -1;
    }
    for (size_t i = 0; count >= 0 && i < e.n; i++) {
        const leaf *other = find(&a, e.leaves[i].path);
        if (!other || !equal(&e.leaves[i], other))
            report(out, e.leaves[i].path, &e.leaves[i], other, &count);
    }
    for (size_t i = 0; count >= 0 && i < a.n; i++) {
        if (!find(&e, a.leaves[i].path))
            report(out, a.leaves[i].path, NULL, &a.leaves[i], &count);
    }
    free(e.leaves);
    free(a.leaves);
    return count;
}
