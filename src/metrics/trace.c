/*
 * The trace's record: every task and rendering step since fl_metrics_enable(),
 * one 32-byte span each, in a growable array.
 *
 * A task's name is borrowed only while it runs, so it is copied; runs repeat
 * a handful of labels thousands of times, so each distinct name is stored
 * once, in one pool, found again through a small open-addressing table.
 * Failing to allocate loses the span (counted), never the run.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics_internal.h"

/* FNV-1a: short keys, no need for anything stronger. */
static uint32_t hash_name(const char *s)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

/* Puts pool offset `off` into `index` (a power-of-two table with room). */
static void index_put(uint32_t *index, size_t cap, const char *pool, uint32_t off)
{
    size_t i = hash_name(pool + off) & (cap - 1);
    while (index[i])
        i = (i + 1) & (cap - 1);
    index[i] = off + 1;
}

static int grow_index(fl__trace *t)
{
    size_t cap = t->index_cap ? t->index_cap * 2 : 64;
    uint32_t *index = calloc(cap, sizeof(*index));
    if (!index)
        return FL_ENOMEM;
    for (size_t i = 0; i < t->index_cap; i++) {
        if (t->index[i])
            index_put(index, cap, t->pool, t->index[i] - 1);
    }
    free(t->index);
    t->index = index;
    t->index_cap = cap;
    return 0;
}

static int reserve_pool(fl__trace *t, size_t n)
{
    if (n <= t->pool_cap)
        return 0;
    if (n > UINT32_MAX)
        return FL_ENOMEM; /* offsets are 32-bit */
    size_t cap = t->pool_cap ? t->pool_cap * 2 : 1024;
    while (cap < n)
        cap *= 2;
    char *pool = realloc(t->pool, cap);
    if (!pool)
        return FL_ENOMEM;
    t->pool = pool;
    t->pool_cap = cap;
    return 0;
}

/* The pool offset of `name`, added if new; -1 when out of memory. */
static int64_t intern(fl__trace *t, const char *name)
{
    if ((t->nnames + 1) * 2 > t->index_cap && grow_index(t) != 0)
        return -1;
    size_t i = hash_name(name) & (t->index_cap - 1);
    for (; t->index[i]; i = (i + 1) & (t->index_cap - 1)) {
        if (strcmp(t->pool + t->index[i] - 1, name) == 0)
            return t->index[i] - 1;
    }
    size_t len = strlen(name) + 1;
    if (reserve_pool(t, t->pool_len + len) != 0)
        return -1;
    uint32_t off = (uint32_t)t->pool_len;
    memcpy(t->pool + off, name, len);
    t->pool_len += len;
    t->index[i] = off + 1;
    t->nnames++;
    return off;
}

static void add_span(fl__trace *t, const fl__span *span)
{
    if (t->nspans == t->spans_cap) {
        size_t cap = t->spans_cap ? t->spans_cap * 2 : 256;
        fl__span *spans = realloc(t->spans, cap * sizeof(*spans));
        if (!spans) {
            t->lost++;
            return;
        }
        t->spans = spans;
        t->spans_cap = cap;
    }
    t->spans[t->nspans++] = *span;
}

void fl__trace_add_task(fl__trace *t, const fl__task_rec *rec)
{
    int64_t name = intern(t, rec->name ? rec->name : "task");
    if (name < 0) {
        t->lost++;
        return;
    }
    fl__span span = {rec->start_us, rec->duration_us, name, rec->source};
    add_span(t, &span);
}

void fl__trace_add_step(fl__trace *t, int64_t start_us, int64_t end_us, int64_t vsync)
{
    fl__span span = {start_us, end_us - start_us, vsync, 0};
    add_span(t, &span);
}

const char *fl__trace_name(const fl__trace *t, const fl__span *span)
{
    return t->pool + span->arg;
}

void fl__trace_free(fl__trace *t)
{
    free(t->spans);
    free(t->pool);
    free(t->index);
    memset(t, 0, sizeof(*t));
}
