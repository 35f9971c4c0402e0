/* The promise layer's 64-byte block allocator; see blocks.h. */
#include "promise/blocks.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE (64 * 1024)
#define BLOCKS_PER_CHUNK (CHUNK_SIZE / FL__BLOCK_SIZE)
/* The kind bytes take the first blocks of the chunk. */
#define HEADER_BLOCKS (BLOCKS_PER_CHUNK / FL__BLOCK_SIZE)

static uint8_t *kind_of(void *block)
{
    uintptr_t chunk = (uintptr_t)block & ~(uintptr_t)(CHUNK_SIZE - 1);
    size_t index = ((uintptr_t)block - chunk) / FL__BLOCK_SIZE;
    return (uint8_t *)chunk + index;
}

void fl__blocks_init(fl__blocks *b)
{
    memset(b, 0, sizeof(*b));
}

static int add_chunk(fl__blocks *b)
{
    if (b->nchunks == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 8;
        void **chunks = realloc(b->chunks, cap * sizeof(*chunks));
        if (!chunks)
            return -1;
        b->chunks = chunks;
        b->cap = cap;
    }
    char *chunk = aligned_alloc(CHUNK_SIZE, CHUNK_SIZE);
    if (!chunk)
        return -1;
    memset(chunk, 0, HEADER_BLOCKS * FL__BLOCK_SIZE);
    b->chunks[b->nchunks++] = chunk;
    /* Thread the new blocks onto the free list, lowest address first. */
    for (size_t i = BLOCKS_PER_CHUNK; i-- > HEADER_BLOCKS;) {
        void *block = chunk + i * FL__BLOCK_SIZE;
        *(void **)block = b->free_list;
        b->free_list = block;
    }
    return 0;
}

void *fl__block_alloc(fl__blocks *b, uint8_t kind)
{
    if (!b->free_list && add_chunk(b) != 0)
        return NULL;
    void *block = b->free_list;
    b->free_list = *(void **)block;
    *kind_of(block) = kind;
    b->live++;
    return block;
}

void fl__block_free(fl__blocks *b, void *block)
{
    *kind_of(block) = 0;
    *(void **)block = b->free_list;
    b->free_list = block;
    b->live--;
}

void fl__blocks_each(fl__blocks *b, void (*fn)(void *ctx, void *block, uint8_t kind), void *ctx)
{
    for (size_t c = 0; c < b->nchunks; c++) {
        uint8_t *kinds = b->chunks[c];
        for (size_t i = HEADER_BLOCKS; i < BLOCKS_PER_CHUNK; i++) {
            if (kinds[i])
                fn(ctx, (char *)b->chunks[c] + i * FL__BLOCK_SIZE, kinds[i]);
        }
    }
}

void fl__blocks_destroy(fl__blocks *b)
{
    for (size_t c = 0; c < b->nchunks; c++)
        free(b->chunks[c]);
    free(b->chunks);
    fl__blocks_init(b);
}
