/* The promise layer's block allocator; see blocks.h. */
#include "promise/blocks.h"

#include <stdlib.h>
#include <string.h>

/* The header holds one kind byte per block of the chunk; its first bytes,
 * which would be the header blocks' own kinds, hold the owner pointer. */
static size_t header_blocks(const fl__blocks *b)
{
    size_t per_chunk = FL__CHUNK_SIZE / b->block_size;
    return (per_chunk + b->block_size - 1) / b->block_size;
}

void fl__blocks_init(fl__blocks *b, size_t block_size, void *owner)
{
    memset(b, 0, sizeof(*b));
    b->block_size = block_size;
    /* floor(2^32 / size) + 1 errs by less than offset / 2^32, under 1 / size
     * for offsets below 2^16: the quotient comes out exact. */
    _Static_assert(FL__CHUNK_SIZE <= 1 << 16, "block offsets fit 16 bits");
    b->index_magic = (uint32_t)((UINT64_C(1) << 32) / block_size + 1);
    b->owner = owner;
}

int fl__blocks_grow(fl__blocks *b)
{
    if (b->nchunks == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 8;
        void **chunks = realloc(b->chunks, cap * sizeof(*chunks));
        if (!chunks)
            return -1;
        b->chunks = chunks;
        b->cap = cap;
    }
    char *chunk = aligned_alloc(FL__CHUNK_SIZE, FL__CHUNK_SIZE);
    if (!chunk)
        return -1;
    size_t first = header_blocks(b);
    memset(chunk, 0, first * b->block_size);
    memcpy(chunk, &b->owner, sizeof(b->owner));
    b->chunks[b->nchunks++] = chunk;
    /* Blocks are handed out from a bump pointer, not threaded onto the free
     * list here: a fresh chunk is written once, by its users, in order. */
    b->bump = chunk + first * b->block_size;
    /* The last whole block: 96-byte blocks do not divide the chunk. */
    b->bump_end = chunk + FL__CHUNK_SIZE / b->block_size * b->block_size;
    return 0;
}

void fl__blocks_each(fl__blocks *b, void (*fn)(void *ctx, void *block, uint8_t kind), void *ctx)
{
    size_t first = header_blocks(b), per_chunk = FL__CHUNK_SIZE / b->block_size;
    for (size_t c = 0; c < b->nchunks; c++) {
        uint8_t *kinds = b->chunks[c];
        for (size_t i = first; i < per_chunk; i++) {
            if (kinds[i])
                fn(ctx, (char *)b->chunks[c] + i * b->block_size, kinds[i]);
        }
    }
}

void fl__blocks_reclaim(fl__blocks *b, int (*keep)(void *block), uint8_t kind)
{
    void *block = b->retired, *tail = b->retired_tail;
    if (!block)
        return;
    b->retired = b->retired_tail = NULL;
#ifndef FL__BLOCKS_ASAN
    if (!keep) {
        *fl__block_link(tail) = b->free_list;
        b->free_list = block;
        return;
    }
#else
    (void)tail; /* each block is freed, to be poisoned */
#endif
    while (block) {
        void *next = *fl__block_link(block);
        if (keep && keep(block))
            *fl__block_kind(b, block) = kind;
        else
            fl__block_free(b, block);
        block = next;
    }
}

void fl__blocks_destroy(fl__blocks *b)
{
    for (size_t c = 0; c < b->nchunks; c++)
        free(b->chunks[c]);
    free(b->chunks);
    b->chunks = NULL;
    b->nchunks = b->cap = 0;
    b->free_list = b->retired = b->retired_tail = NULL;
    b->bump = b->bump_end = NULL;
}
