/*
 * A binary min-heap of timer deadlines.
 *
 * Entries hold the deadline inline (12 bytes, packed), so sifting touches the
 * task nodes only to break a tie: with a million timers the heap stays in a
 * dozen megabytes of contiguous memory, and a pending timer costs its 48-byte
 * node plus 12 here. Equal deadlines are ordered by the nodes' `seq` (the set
 * order, from the loop's one sequence counter) with serial-number arithmetic,
 * exact while fewer than 2^31 timers are pending. Cleared timers are not
 * removed here: their node is marked cancelled and skipped when it reaches the
 * top, or swept when they pile up.
 */
#ifndef FL_CORE_TIMER_HEAP_H
#define FL_CORE_TIMER_HEAP_H

#include <stddef.h>
#include <stdint.h>

#include "core/task_pool.h"

typedef struct __attribute__((packed)) fl__heap_entry {
    int64_t deadline;
    uint32_t idx; /* task pool index of the timer node */
} fl__heap_entry;

typedef struct fl__timer_heap {
    fl__heap_entry *v;
    size_t len;
    size_t cap;
    const fl__task_pool *pool; /* for the set order of tied entries */
} fl__timer_heap;

static inline int fl__heap_before(const fl__timer_heap *h, const fl__heap_entry *a,
                                  const fl__heap_entry *b)
{
    if (a->deadline != b->deadline)
        return a->deadline < b->deadline;
    uint32_t sa = fl__pool_at(h->pool, a->idx)->seq, sb = fl__pool_at(h->pool, b->idx)->seq;
    return (int32_t)(sa - sb) < 0;
}

void fl__heap_init(fl__timer_heap *h, const fl__task_pool *pool);
void fl__heap_destroy(fl__timer_heap *h);
/* Returns 0, or -1 when out of memory (the heap is unchanged). */
int fl__heap_push(fl__timer_heap *h, fl__heap_entry e);
/* Removes the top entry; the heap must not be empty. */
void fl__heap_pop(fl__timer_heap *h);
/* Keeps only the entries for which keep(arg, entry) is true, then re-heapifies. */
void fl__heap_filter(fl__timer_heap *h, int (*keep)(void *arg, const fl__heap_entry *e), void *arg);

static inline const fl__heap_entry *fl__heap_top(const fl__timer_heap *h)
{
    return h->len ? &h->v[0] : NULL;
}

#endif /* FL_CORE_TIMER_HEAP_H */
