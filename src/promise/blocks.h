/*
 * Fixed-size blocks for the promise layer's small records: 64-byte blocks for
 * reactions, jobs and contexts, 32-byte blocks for promises, 48-byte blocks for
 * promises made by then with their reaction. Blocks come from
 * aligned 64 KiB chunks whose first blocks hold a kind byte per block and the
 * allocator's owner, so
 * - a record costs exactly its block (no malloc header),
 * - the realm finds every live record when the loop is freed, and
 * - a promise finds its realm from its own address, without a field.
 *
 * A block can also be retired: dead, but not reusable until the owner says
 * so (a promise whose pointer a caller may still read until the checkpoint
 * ends). Retired blocks are linked like free ones, so reclaiming them all is
 * one splice, however many there are.
 */
#ifndef FL_PROMISE_BLOCKS_H
#define FL_PROMISE_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

#define FL__CHUNK_SIZE (64 * 1024)

/* Under AddressSanitizer a free block is poisoned but for its link, so a
 * record used after its release is reported like any use after free. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FL__BLOCKS_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define FL__BLOCKS_ASAN 1
#endif
#ifdef FL__BLOCKS_ASAN
#include <sanitizer/asan_interface.h>
#define FL__BLOCK_POISON(p, n)   ASAN_POISON_MEMORY_REGION((p), (n))
#define FL__BLOCK_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define FL__BLOCK_POISON(p, n)   ((void)(p), (void)(n))
#define FL__BLOCK_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* Where a free or retired block keeps its link: byte 24, a promise's
 * free_next, so a retired promise keeps every field a caller may still read. */
#define FL__BLOCK_LINK 24

static inline void **fl__block_link(void *block)
{
    return (void **)((char *)block + FL__BLOCK_LINK);
}

typedef struct fl__blocks {
    void **chunks;
    size_t nchunks;
    size_t cap;
    void *free_list;    /* released blocks */
    void *retired;      /* dead blocks not yet reusable, newest first */
    void *retired_tail; /* the oldest: reclaiming links it to free_list */
    char *bump;         /* never-used blocks of the newest chunk: handed out in order */
    char *bump_end;
    size_t block_size;
    uint32_t index_magic; /* offset in chunk * index_magic >> 32 == offset / block_size */
    void *owner;          /* stored in every chunk: see fl__block_owner */
} fl__blocks;

void fl__blocks_init(fl__blocks *b, size_t block_size, void *owner);
/* Adds a chunk for the bump pointer: 0, or -1 when out of memory. */
int fl__blocks_grow(fl__blocks *b);
/* Calls fn on every live block (kind > 0; retired ones are not). fn may free
 * any block. */
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
        b->free_list = *fl__block_link(block);
        FL__BLOCK_UNPOISON(block, b->block_size);
    } else {
        if (b->bump == b->bump_end && fl__blocks_grow(b) != 0)
            return NULL;
        block = b->bump;
        b->bump += b->block_size;
    }
    *fl__block_kind(b, block) = kind;
    return block;
}

static inline void fl__block_free(fl__blocks *b, void *block)
{
    *fl__block_kind(b, block) = 0;
    *fl__block_link(block) = b->free_list;
    b->free_list = block;
    FL__BLOCK_POISON(block, FL__BLOCK_LINK);
    FL__BLOCK_POISON((char *)block + FL__BLOCK_LINK + sizeof(void *),
                     b->block_size - FL__BLOCK_LINK - sizeof(void *));
}

/* A dead block whose memory must stay as it is until fl__blocks_reclaim():
 * only its link changes. */
static inline void fl__block_retire(fl__blocks *b, void *block)
{
    *fl__block_kind(b, block) = 0;
    *fl__block_link(block) = b->retired;
    if (!b->retired)
        b->retired_tail = block;
    b->retired = block;
}

/* Makes the retired blocks reusable. With `keep` NULL that is one splice;
 * otherwise each is offered to keep() first, and one it keeps (a block that
 * came back to life) is live again with the given kind. */
void fl__blocks_reclaim(fl__blocks *b, int (*keep)(void *block), uint8_t kind);

/* The owner of the allocator a block came from. */
static inline void *fl__block_owner(const void *block)
{
    return *(void *const *)((uintptr_t)block & ~(uintptr_t)(FL__CHUNK_SIZE - 1));
}

#endif /* FL_PROMISE_BLOCKS_H */
