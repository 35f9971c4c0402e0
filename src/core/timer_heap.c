/* Binary min-heap of timer deadlines; see timer_heap.h. */
#include "core/timer_heap.h"

#include <stdlib.h>

void fl__heap_init(fl__timer_heap *h, const fl__task_pool *pool)
{
    h->v = NULL;
    h->len = 0;
    h->cap = 0;
    h->pool = pool;
}

void fl__heap_destroy(fl__timer_heap *h)
{
    free(h->v);
    fl__heap_init(h, h->pool);
}

static void sift_up(const fl__timer_heap *h, size_t i, fl__heap_entry e)
{
    fl__heap_entry *v = h->v;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!fl__heap_before(h, &e, &v[parent]))
            break;
        v[i] = v[parent];
        i = parent;
    }
    v[i] = e;
}

static void sift_down(const fl__timer_heap *h, size_t len, size_t i, fl__heap_entry e)
{
    fl__heap_entry *v = h->v;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= len)
            break;
        if (child + 1 < len && fl__heap_before(h, &v[child + 1], &v[child]))
            child++;
        if (!fl__heap_before(h, &v[child], &e))
            break;
        v[i] = v[child];
        i = child;
    }
    v[i] = e;
}

int fl__heap_push(fl__timer_heap *h, fl__heap_entry e)
{
    if (h->len == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        fl__heap_entry *v = realloc(h->v, cap * sizeof(*v));
        if (!v)
            return -1;
        h->v = v;
        h->cap = cap;
    }
    sift_up(h, h->len++, e);
    return 0;
}

void fl__heap_pop(fl__timer_heap *h)
{
    fl__heap_entry last = h->v[--h->len];
    if (h->len > 0)
        sift_down(h, h->len, 0, last);
}

void fl__heap_filter(fl__timer_heap *h, int (*keep)(void *arg, const fl__heap_entry *e), void *arg)
{
    size_t n = 0;
    for (size_t i = 0; i < h->len; i++) {
        if (keep(arg, &h->v[i]))
            h->v[n++] = h->v[i];
    }
    h->len = n;
    for (size_t i = n / 2; i-- > 0;)
        sift_down(h, n, i, h->v[i]);
}
