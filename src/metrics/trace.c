/*
 * The trace's record: every task, rendering step and nested part of one
 * (microtask checkpoints, animation frame callbacks, layout, paint) since
 * fl_metrics_enable(), one 32-byte span each, in a growable array, in the
 * order they began.
 *
 * A task's name is borrowed only while it runs, so it is copied; runs repeat
 * a handful of labels thousands of times, so each distinct name is stored
 * once, in one pool, found again through a small open-addressing table.
 * Failing to allocate loses the span (counted), never the run.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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
    /* Runs post the same label over and over: the last one is checked first. */
    if (name == t->last_name && strcmp(t->pool + t->last_off, name) == 0)
        return t->last_off;
    if ((t->nnames + 1) * 2 > t->index_cap && grow_index(t) != 0)
        return -1;
    size_t i = hash_name(name) & (t->index_cap - 1);
    for (; t->index[i]; i = (i + 1) & (t->index_cap - 1)) {
        if (strcmp(t->pool + t->index[i] - 1, name) == 0) {
            t->last_name = name;
            t->last_off = t->index[i] - 1;
            return t->last_off;
        }
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

/* A long run's spans fill fresh memory at a steady pace: with 2 MiB pages
 * where the kernel offers them on request (Linux's transparent huge pages in
 * "madvise" mode), it takes a page fault per 65,536 spans instead of per 128. */
static void advise_huge(void *p, size_t len)
{
#if defined(MADV_HUGEPAGE)
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t start = ((uintptr_t)p + huge - 1) & ~(huge - 1);
    uintptr_t end = ((uintptr_t)p + len) & ~(huge - 1);
    if (end > start)
        madvise((void *)start, end - start, MADV_HUGEPAGE); /* advice: failure is harmless */
#else
    (void)p, (void)len;
#endif
}

/* Makes room for one more span; returns 0, or -1 when there is no memory. */
static int reserve_span(fl__trace *t)
{
    if (t->nspans < t->spans_cap)
        return 0;
    size_t cap = t->spans_cap ? t->spans_cap * 2 : 4096;
    fl__span *spans = realloc(t->spans, cap * sizeof(*spans));
    if (!spans)
        return -1;
    t->spans = spans;
    t->spans_cap = cap;
    advise_huge(spans, cap * sizeof(*spans));
    return 0;
}

fl__span *fl__trace_open(fl__trace *t, enum fl__span_kind kind, int64_t start_us, const char *name,
                         uint32_t arg)
{
    if (t->depth >= FL__TRACE_MAX_DEPTH) {
        t->lost++;
        t->depth++; /* balanced by the close, which then keeps nothing */
        return NULL;
    }
    int64_t off = name ? intern(t, name) : (int64_t)arg;
    if (off < 0 || reserve_span(t) != 0) {
        t->lost++;
        t->open[t->depth++] = -1;
        return NULL;
    }
    /* Field by field, in place: no struct built elsewhere and copied. */
    fl__span *span = &t->spans[t->nspans];
    span->start_us = start_us;
    span->duration_us = -1;
    span->arg = (uint32_t)off;
    span->source = 0;
    span->kind = (uint8_t)kind;
    span->depth = (uint8_t)t->depth;
    t->open[t->depth++] = (int64_t)t->nspans++;
    return span;
}

void fl__trace_close(fl__trace *t, int64_t end_us)
{
    if (t->depth == 0)
        return;
    t->depth--;
    if (t->depth >= FL__TRACE_MAX_DEPTH)
        return;
    int64_t index = t->open[t->depth];
    if (index >= 0)
        t->spans[index].duration_us = end_us - t->spans[index].start_us;
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
