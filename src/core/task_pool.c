/* Slab allocator of task nodes; see task_pool.h for why nodes are indexed. */
#include "core/task_pool.h"

#include <stdlib.h>

void fl__pool_init(fl__task_pool *pool)
{
    pool->slabs = NULL;
    pool->nslabs = 0;
    pool->cap_slabs = 0;
    pool->used = 0;
    pool->free_head = FL__NIL;
}

void fl__pool_destroy(fl__task_pool *pool)
{
    for (uint32_t i = 0; i < pool->nslabs; i++)
        free(pool->slabs[i]);
    free(pool->slabs);
    fl__pool_init(pool);
}

int fl__pool_grow(fl__task_pool *pool)
{
    /* Index FL__NIL must never be handed out. */
    if (pool->nslabs >= (FL__NIL >> FL__SLAB_SHIFT))
        return -1;
    if (pool->nslabs == pool->cap_slabs) {
        uint32_t cap = pool->cap_slabs ? pool->cap_slabs * 2 : 8;
        fl__task **slabs = realloc(pool->slabs, cap * sizeof(*slabs));
        if (!slabs)
            return -1;
        pool->slabs = slabs;
        pool->cap_slabs = cap;
    }
    fl__task *slab = malloc(FL__SLAB_SIZE * sizeof(fl__task));
    if (!slab)
        return -1;
    pool->slabs[pool->nslabs++] = slab;
    return 0;
}

fl__task *fl__pool_lookup(const fl__task_pool *pool, uint32_t idx)
{
    if (idx >= pool->used)
        return NULL;
    return fl__pool_at(pool, idx);
}

fl__task *fl__pool_resolve(const fl__task_pool *pool, int64_t id, uint32_t *idx_out)
{
    if (id <= 0)
        return NULL;
    uint64_t low = (uint64_t)id & 0xffffffffu;
    if (low == 0)
        return NULL;
    uint32_t idx = (uint32_t)(low - 1);
    fl__task *t = fl__pool_lookup(pool, idx);
    /* A released node has fn == NULL until it is handed out again. */
    if (!t || t->fn == NULL || (t->gen & 0x7fffffffu) != (uint32_t)((uint64_t)id >> 32))
        return NULL;
    *idx_out = idx;
    return t;
}
