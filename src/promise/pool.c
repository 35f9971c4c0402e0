/*
 * The autorelease pool: a promise a call returns stays valid until the
 * current microtask checkpoint ends, and the caller never releases it.
 *
 * The pool holds no reference and keeps no list. A promise handed out is
 * stamped with the pool's epoch; when its last reference goes during that
 * epoch, it is deferred to the drain instead of freed (see struct fl_promise).
 * The drain, a checkpoint hook, starts a new epoch, releases the deferred
 * promises, and reclaims the retired blocks in one splice per allocator.
 */
#include "promise/promise_internal.h"

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
void fl__drain_autorelease(fl_loop *loop, void *arg)
{
    (void)loop;
    fl__realm *realm = arg;
    realm->epoch = realm->epoch == UINT16_MAX ? 1 : realm->epoch + 1;
    /* The list is taken whole: a promise deferred while it is walked (one
     * handed out by a context's release) belongs to the new epoch. One
     * further on in it that dies meanwhile stays for the walk to free. */
    fl_promise *p = realm->deferred;
    realm->deferred = NULL;
    while (p) {
        fl_promise *next = p->free_next;
        p->deferred = 0;
        if (p->refs == 0)
            fl__promise_release(p);
        p = next;
    }
    int (*keep)(void *) = realm->revived ? keep_revived : NULL;
    realm->revived = 0;
    fl__blocks_reclaim(&realm->promises, keep, FL__BLOCK_PROMISE);
    fl__blocks_reclaim(&realm->derived, keep, FL__BLOCK_PROMISE);
}
