/*
 * The realm: the promise layer's per-loop state, made on first use.
 *
 * Two checkpoint hooks run after every microtask checkpoint: the HTML
 * "notify about rejected promises" step, then the autorelease drain that
 * drops the references promise calls handed to their callers. When the loop
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

/* The pool holds no reference: the promise is stamped with the current
 * epoch instead, which keeps its block until the drain (see struct
 * fl_promise). */
fl_promise *fl__autorelease(fl_promise *p)
{
    if (!p)
        return NULL;
    p->pool_epoch = fl__promise_realm(p)->epoch;
    fl__promise_unref(p);
    return p;
}

void fl__defer(fl__realm *realm, fl_promise *p)
{
    p->deferred = 1;
    p->free_next = realm->deferred;
    realm->deferred = p;
}

/* A retired promise that was referenced again stays. */
static int keep_revived(void *block)
{
    fl_promise *p = block;
    if (p->refs == 0)
        return 0;
    p->deferred = p->retired = 0;
    return 1;
}

/* Ends the pool: a new epoch, then what died in the old one is freed. A
 * chain of thens retired its promises as their jobs ended, so this is two
 * splices. */
static void drain_autorelease(fl_loop *loop, void *arg)
{
    (void)loop;
    fl__realm *realm = arg;
    realm->epoch = realm->epoch == UINT16_MAX ? 1 : realm->epoch + 1;
    /* A release may run handlers' releases, which can defer more: the list
     * is taken whole, and taken again until it stays empty. */
    while (realm->deferred) {
        fl_promise *p = realm->deferred;
        realm->deferred = NULL;
        do {
            fl_promise *next = p->free_next;
            p->deferred = 0;
            if (p->refs == 0)
                fl__promise_release(p);
            p = next;
        } while (p);
    }
    int (*keep)(void *) = realm->revived ? keep_revived : NULL;
    realm->revived = 0;
    fl__blocks_reclaim(&realm->promises, keep, FL__BLOCK_PROMISE);
    fl__blocks_reclaim(&realm->derived, keep, FL__BLOCK_PROMISE);
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
    fl__loop_add_checkpoint_hook(loop, drain_autorelease, realm);
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
