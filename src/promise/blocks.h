/*
 * 64-byte blocks for the promise layer's small records (reactions, jobs,
 * resolvers), from aligned 64 KiB chunks. A chunk's first blocks hold a kind
 * byte per block, so the realm can find every live record when the loop is
 * freed, and a record costs exactly 64 bytes: no malloc header.
 */
#ifndef FL_PROMISE_BLOCKS_H
#define FL_PROMISE_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

#define FL__BLOCK_SIZE 64

typedef struct fl__blocks {
    void **chunks;
    size_t nchunks;
    size_t cap;
    void *free_list;
    size_t live;
} fl__blocks;

void fl__blocks_init(fl__blocks *b);
/* A block of the given kind (> 0), or NULL when out of memory. */
void *fl__block_alloc(fl__blocks *b, uint8_t kind);
void fl__block_free(fl__blocks *b, void *block);
/* Calls fn on every live block (kind > 0). fn may free the block. */
void fl__blocks_each(fl__blocks *b, void (*fn)(void *ctx, void *block, uint8_t kind), void *ctx);
void fl__blocks_destroy(fl__blocks *b);

#endif /* FL_PROMISE_BLOCKS_H */
