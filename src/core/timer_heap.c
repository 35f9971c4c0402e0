/* Binary min-heap of timer deadlines in pages; see timer_heap.h. */
#include "core/timer_heap.h"

#include <stdlib.h>

void fl__heap_init(fl__timer_heap *h)
{
    h->pages = NULL;
    h->npages = 0;
    h->cap_pages = 0;
    h->len = 0;
}

void fl__heap_destroy(fl__timer_heap *h)
{
    for (size_t i = 0; i < h->npages; i++)
        free(h->pages[i]);
    free(h->pages);
    fl__heap_init(h);
}

static void sift_up(fl__timer_heap *h, size_t i, fl__heap_entry e)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        fl__heap_entry *p = fl__heap_at(h, parent);
        if (!fl__heap_before(&e, p))
            break;
        *fl__heap_at(h, i) = *p;
        i = parent;
    }
    *fl__heap_at(h, i) = e;
}

static void sift_down(fl__timer_heap *h, size_t len, size_t i, fl__heap_entry e)
{
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= len)
            break;
        fl__heap_entry *c = fl__heap_at(h, child);
        if (child + 1 < len) {
            fl__heap_entry *right = fl__heap_at(h, child + 1);
            if (fl__heap_before(right, c)) {
                c = right;
                child++;
            }
        }
        if (!fl__heap_before(c, &e))
            break;
        *fl__heap_at(h, i) = *c;
        i = child;
    }
    *fl__heap_at(h, i) = e;
}

static int add_page(fl__timer_heap *h)
{
    if (h->npages == h->cap_pages) {
        size_t cap = h->cap_pages ? h->cap_pages * 2 : 4;
        fl__heap_entry **pages = realloc(h->pages, cap * sizeof(*pages));
        if (!pages)
            return -1;
        h->pages = pages;
        h->cap_pages = cap;
    }
    fl__heap_entry *page = malloc(FL__HEAP_PAGE * sizeof(*page));
    if (!page)
        return -1;
    h->pages[h->npages++] = page;
    return 0;
}

int fl__heap_push(fl__timer_heap *h, fl__heap_entry e)
{
    if (h->len == h->npages * FL__HEAP_PAGE && add_page(h) != 0)
        return -1;
    sift_up(h, h->len++, e);
    return 0;
}

void fl__heap_pop(fl__timer_heap *h)
{
    fl__heap_entry last = *fl__heap_at(h, --h->len);
    if (h->len > 0)
        sift_down(h, h->len, 0, last);
}

void fl__heap_filter(fl__timer_heap *h, int (*keep)(void *arg, const fl__heap_entry *e), void *arg)
{
    size_t n = 0;
    for (size_t i = 0; i < h->len; i++) {
        fl__heap_entry e = *fl__heap_at(h, i);
        if (keep(arg, &e))
            *fl__heap_at(h, n++) = e;
    }
    h->len = n;
    for (size_t i = n / 2; i-- > 0;)
        sift_down(h, n, i, *fl__heap_at(h, i));
}
