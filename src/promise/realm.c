/*
 * The realm: the promise layer's per-loop state, made on first use.
 *
 * Two checkpoint hooks run after every microtask checkpoint: the HTML
 * "notify about rejected promises" step, then the autorelease drain that
 * frees what promise calls handed to their callers (pool.c). When the loop
 * is freed, every record still alive is found through the block allocator
 * and freed, so dropped pending promises never leak.
 */
#include "promise/promise_internal.h"

#include <stdlib.h>

int fl__list_push(fl__promise_list *list, fl_promise *p)
{
    if (list->len == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 64;
        fl_promise **v = realloc(list->v, cap * sizeof(*v));
        if (!v)
            return FL_ENOMEM;
        list->v = v;
        list->cap = cap;
    }
    list->v[list->len++] = p;
    return 0;
}

/* Reactions first: releasing them frees the contexts and resolvers they own. */
static void free_reaction(void *ctx, void *block, uint8_t kind)
{
    fl__realm *realm = ctx;
    if (kind != FL__BLOCK_REACTION)
        return;
    fl__reaction *r = block;
    fl_value_unref(r->argument);
    if (r->arg_release)
        r->arg_release(r->arg);
    fl__block_free(&realm->blocks, r);
}

static void free_remaining(void *ctx, void *block, uint8_t kind)
{
    fl__realm *realm = ctx;
    if (kind == FL__BLOCK_TIMER)
        fl_value_unref(((fl__after *)block)->value);
    fl__block_free(&realm->blocks, block);
}

static void free_promise(void *ctx, void *block, uint8_t kind)
{
    (void)kind;
    fl__realm *realm = ctx;
    fl_promise *p = block;
    /* A derived promise whose job was queued holds the job's argument. */
    if (p->derived)
        fl_value_unref(fl__derived_argument((fl__derived *)p));
    fl_value_unref(p->result);
    fl__block_free(fl__promise_blocks(realm, p), p);
}

static void realm_free(fl_loop *loop, void *data)
{
    (void)loop;
    fl__realm *realm = data;
    realm->dying = 1;
    fl__blocks_each(&realm->blocks, free_reaction, realm);
    fl__async_free_all(realm);
    fl__blocks_each(&realm->blocks, free_remaining, realm);
    fl__blocks_each(&realm->promises, free_promise, realm);
    fl__blocks_each(&realm->derived, free_promise, realm);
    fl__blocks_destroy(&realm->blocks);
    fl__blocks_destroy(&realm->promises);
    fl__blocks_destroy(&realm->derived);
    free(realm->about_to_notify.v);
    free(realm);
}

fl__realm *fl__realm_of(fl_loop *loop)
{
    if (!loop)
        return NULL;
    fl__realm *realm = fl__loop_ext(loop, FL__EXT_PROMISE);
    if (realm)
        return realm;
    /* Both hooks or neither: a hook cannot be removed once added. */
    if (loop->ncheckpoint_hooks + 2 > FL__MAX_CHECKPOINT_HOOKS)
        return NULL;
    realm = calloc(1, sizeof(*realm));
    if (!realm)
        return NULL;
    realm->loop = loop;
    realm->epoch = 1;
    fl__blocks_init(&realm->blocks, 64, realm);
    fl__blocks_init(&realm->promises, 32, realm);
    fl__blocks_init(&realm->derived, sizeof(fl__derived), realm);
    fl__loop_set_ext(loop, FL__EXT_PROMISE, realm, realm_free);
    fl__loop_add_checkpoint_hook(loop, fl__notify_rejected, realm);
    fl__loop_add_checkpoint_hook(loop, fl__drain_autorelease, realm);
    return realm;
}

int fl_promise_set_rejection_handler(fl_loop *loop, fl_rejection_fn fn, void *arg)
{
    fl__realm *realm = fl__realm_of(loop);
    if (!realm)
        return loop ? FL_ENOMEM : FL_EINVAL;
    realm->on_rejection = fn;
    realm->on_rejection_arg = arg;
    return 0;
}
