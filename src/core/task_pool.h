/*
 * The task pool: fixed-size task nodes in slabs, named by 32-bit indexes.
 *
 * Every queued task, pending timer and due timer is one 48-byte node. Nodes
 * never move (slabs are never reallocated), so a pointer to a node stays valid
 * while it is allocated. Queues and the timer heap link nodes by index, which
 * halves the link size; a public id is the index plus a generation that is
 * bumped on free, so a stale id is recognised instead of hitting a reused node.
 */
#ifndef FL_CORE_TASK_POOL_H
#define FL_CORE_TASK_POOL_H

#include <stdint.h>

#include "frameloop/loop.h"

#define FL__NIL        UINT32_MAX
#define FL__SLAB_SHIFT 12
#define FL__SLAB_SIZE  (1u << FL__SLAB_SHIFT)

enum fl__task_flags {
    FL__TASK_TIMER = 1 << 0,     /* a timer node (else a posted task) */
    FL__TASK_CANCELLED = 1 << 1, /* will never run; freed when reached */
    FL__TASK_QUEUED = 1 << 2,    /* linked in a source queue */
    FL__TASK_IN_HEAP = 1 << 3,   /* has an entry in the timer heap */
    FL__TASK_RUNNING = 1 << 4,   /* a timer whose callback is running */
    FL__TASK_REPEAT = 1 << 5     /* node profile: a setInterval (u.period_us is its duration) */
};

typedef struct fl__task {
    fl_task_fn fn;
    void *arg;
    const char *name;
    union {
        fl_destroy_fn destroy; /* posted task: frees arg if it never runs */
        int64_t period_us;     /* browser timer: repeat period, 0 for a one-shot timeout;
                                  node timer: the duration (Node's list key) */
    } u;
    uint32_t next;     /* queue link or free-list link */
    uint32_t next_seq; /* enqueue order of `next`: queues compare heads without reading them */
    uint32_t gen;      /* generation, for ids */
    uint8_t source;
    uint8_t flags;
    uint16_t nesting; /* timer nesting level (HTML), saturating */
} fl__task;

typedef struct fl__task_pool {
    fl__task **slabs;
    uint32_t nslabs;
    uint32_t cap_slabs;
    uint32_t used;      /* nodes handed out from the last slab onwards */
    uint32_t free_head; /* free list of released nodes */
} fl__task_pool;

void fl__pool_init(fl__task_pool *pool);
void fl__pool_destroy(fl__task_pool *pool);
/* Adds a slab; returns 0 or -1 when out of memory. */
int fl__pool_grow(fl__task_pool *pool);
/* The node of a handed-out index, or NULL for an index never handed out. */
fl__task *fl__pool_lookup(const fl__task_pool *pool, uint32_t idx);

static inline fl__task *fl__pool_at(const fl__task_pool *pool, uint32_t idx)
{
    return &pool->slabs[idx >> FL__SLAB_SHIFT][idx & (FL__SLAB_SIZE - 1)];
}

/* Allocates a node; returns its index or FL__NIL when out of memory. Inline:
 * every task and timer passes through here. */
static inline uint32_t fl__pool_alloc(fl__task_pool *pool)
{
    uint32_t idx = pool->free_head;
    if (idx != FL__NIL) {
        pool->free_head = fl__pool_at(pool, idx)->next;
        return idx;
    }
    if (pool->used == pool->nslabs * FL__SLAB_SIZE && fl__pool_grow(pool) != 0)
        return FL__NIL;
    idx = pool->used++;
    fl__pool_at(pool, idx)->gen = 1;
    return idx;
}

/* Releases a node: its generation changes, so ids naming it stop resolving. */
static inline void fl__pool_release(fl__task_pool *pool, uint32_t idx)
{
    fl__task *t = fl__pool_at(pool, idx);
    t->gen++;
    t->flags = 0;
    t->fn = NULL;
    t->next = pool->free_head;
    pool->free_head = idx;
}

/* Ids are positive: generation (31 bits) above, index + 1 below. */
static inline int64_t fl__task_id(const fl__task *t, uint32_t idx)
{
    return (int64_t)((uint64_t)(t->gen & 0x7fffffffu) << 32 | ((uint64_t)idx + 1));
}

/* Resolves an id to its live node, or NULL when stale or malformed. */
fl__task *fl__pool_resolve(const fl__task_pool *pool, int64_t id, uint32_t *idx_out);

#endif /* FL_CORE_TASK_POOL_H */
