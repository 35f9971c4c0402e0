/*
 * Fixed-size blocks for the promise layer's small records: 64-byte blocks for
 * reactions, jobs and contexts, 32-byte blocks for promises, 56-byte blocks for
 * promises made by then with their reaction. Blocks come from
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
    size_t block_size;
    uint32_t index_magic; /* offset in chunk * index_magic >> 32 == offset / block_size */
    void *owner;          /* stored in every chunk: see fl__block_owner */
} fl__blocks;

void fl__blocks_init(fl__blocks *b, size_t block_size, void *owner);
/* Adds a chunk for the bump pointer: 0, or -1 when out of memory. */
int fl__blocks_grow(fl__blocks *b);
/* Calls fn on every live block (kind > 0). fn may free any block. */
void fl__blocks_each(fl__blocks *b, void (*fn)(void *ctx, void *block, uint8_t kind), void *ctx);
void fl__blocks_destroy(fl__blocks *b);

/* A block's kind byte. Its index is a multiply, not a division: every
 * allocation and release computes it. */
static inline uint8_t *fl__block_kind(const fl__blocks *b, void *block)
{
    uintptr_t chunk = (uintptr_t)block & ~(uintptr_t)(FL__CHUNK_SIZE - 1);
    uint64_t offset = (uintptr_t)block - chunk;
    return (uint8_t *)chunk + (offset * b->index_magic >> 32);
}

/* A block of the given kind (> 0), or NULL when out of memory. Inline, with
 * fl__block_free: a promise job allocates or frees at least one block. */
static inline void *fl__block_alloc(fl__blocks *b, uint8_t kind)
{
    void *block = b->free_list;
    if (block) {
        b->free_list = *(void **)block;
    } else {
        if (b->bump == b->bump_end && fl__blocks_grow(b) != 0)
            return NULL;
        block = b->bump;
        b->bump += b->block_size;
    }
    *fl__block_kind(b, block) = kind;
    b->live++;
    return block;
}

static inline void fl__block_free(fl__blocks *b, void *block)
{
    *fl__block_kind(b, block) = 0;
    *(void **)block = b->free_list;
    b->free_list = block;
    b->live--;
}

/* The owner of the allocator a block came from. */
static inline void *fl__block_owner(const void *block)
{
    return *(void *const *)((uintptr_t)block & ~(uintptr_t)(FL__CHUNK_SIZE - 1));
}

#endif /* FL_PROMISE_BLOCKS_H */
