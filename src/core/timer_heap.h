/*
 * A binary min-heap of timer deadlines, stored in 64 KiB pages.
 *
 * Entries hold the deadline and the set order inline (16 bytes), so sifting
 * never touches the task nodes: with a million timers the heap is 16 MB of
 * pages that compare without a single pointer chase. Pages, not one growing
 * array, keep a pending timer at its 48-byte node plus 16 bytes here, with no
 * doubling slack. Equal deadlines are ordered by `seq` (the set order, from
 * the loop's one sequence counter) with serial-number arithmetic, exact while
 * fewer than 2^31 timers are pending. Cleared timers are not removed here:
 * their node is marked cancelled and skipped when it reaches the top, or
 * swept when they pile up.
 */
#ifndef FL_CORE_TIMER_HEAP_H
#define FL_CORE_TIMER_HEAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct fl__heap_entry {
    int64_t deadline;
    uint32_t seq; /* set order: ties on deadline fire in set order */
    uint32_t idx; /* task pool index of the timer node */
} fl__heap_entry;

#define FL__HEAP_PAGE_SHIFT 12
#define FL__HEAP_PAGE       (1u << FL__HEAP_PAGE_SHIFT)

typedef struct fl__timer_heap {
    fl__heap_entry **pages;
    size_t npages;
    size_t cap_pages;
    size_t len;
} fl__timer_heap;

static inline fl__heap_entry *fl__heap_at(const fl__timer_heap *h, size_t i)
{
    return &h->pages[i >> FL__HEAP_PAGE_SHIFT][i & (FL__HEAP_PAGE - 1)];
}

static inline int fl__heap_before(const fl__heap_entry *a, const fl__heap_entry *b)
{
    if (a->deadline != b->deadline)
        return a->deadline < b->deadline;
    return (int32_t)(a->seq - b->seq) < 0;
}

void fl__heap_init(fl__timer_heap *h);
void fl__heap_destroy(fl__timer_heap *h);
/* Returns 0, or -1 when out of memory (the heap is unchanged). */
int fl__heap_push(fl__timer_heap *h, fl__heap_entry e);
/* Removes the top entry; the heap must not be empty. */
void fl__heap_pop(fl__timer_heap *h);
/* Keeps only the entries for which keep(arg, entry) is true, then re-heapifies. */
void fl__heap_filter(fl__timer_heap *h, int (*keep)(void *arg, const fl__heap_entry *e), void *arg);

static inline const fl__heap_entry *fl__heap_top(const fl__timer_heap *h)
{
    return h->len ? fl__heap_at(h, 0) : NULL;
}

#endif /* FL_CORE_TIMER_HEAP_H */
