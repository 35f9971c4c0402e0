/*
 * Fixed-size blocks for the promise layer's small records: 64-byte blocks for
 * reactions, jobs and contexts, 32-byte blocks for promises. Blocks come from
 * aligned 64 KiB chunks whose first blocks hold a kind byte per block and the
 * allocator's owner, so
 * - a record costs exactly its block (no malloc header),
 * - the realm finds every live record when the loop is freed, and
 * - a promise finds its realm from its own address, without a field.
 */
#ifndef FL_PROMISE_BLOCKS_H
#define FL_PROMISE_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

#define FL__CHUNK_SIZE (64 * 1024)

typedef struct fl__blocks {
    void **chunks;
    size_t nchunks;
    size_t cap;
    void *free_list; /* released blocks */
    char *bump;      /* never-used blocks of the newest chunk: handed out in order */
    char *bump_end;
    size_t live;
    size_t block_size; /* 32 or 64 */
    void *owner;       /* stored in every chunk: see fl__block_owner */
} fl__blocks;

void fl__blocks_init(fl__blocks *b, size_t block_size, void *owner);
/* A block of the given kind (> 0), or NULL when out of memory. */
void *fl__block_alloc(fl__blocks *b, uint8_t kind);
void fl__block_free(fl__blocks *b, void *block);
/* Calls fn on every live block (kind > 0). fn may free any block. */
void fl__blocks_each(fl__blocks *b, void (*fn)(void *ctx, void *block, uint8_t kind), void *ctx);
void fl__blocks_destroy(fl__blocks *b);

/* The owner of the allocator a block came from. */
static inline void *fl__block_owner(const void *block)
{
    return *(void *const *)((uintptr_t)block & ~(uintptr_t)(FL__CHUNK_SIZE - 1));
}

#endif /* FL_PROMISE_BLOCKS_H */
