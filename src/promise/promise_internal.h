/*
 * The promise layer's internals: the per-loop realm, promise and reaction
 * records, and the ECMAScript abstract operations the public calls are built
 * from (spec names in the comments).
 */
#ifndef FL_PROMISE_PROMISE_INTERNAL_H
#define FL_PROMISE_PROMISE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/loop_internal.h"
#include "frameloop/promise.h"
#include "promise/blocks.h"
#include "promise/value_internal.h"

/* For the steps of a reaction job: GCC keeps a function that several callers
 * share out of line, and a job would pay a call and its register saves per
 * step. */
#define FL__ALWAYS_INLINE __attribute__((always_inline)) inline

/* Block kinds. Reactions are released first when the loop is freed, since
 * they hold the other records. */
enum fl__block_kind {
    FL__BLOCK_REACTION = 1,
    FL__BLOCK_PROMISE,
    FL__BLOCK_THENABLE_JOB,
    FL__BLOCK_RESOLVER,
    FL__BLOCK_CONTEXT, /* a handler's context: finally's callbacks and thunks */
    FL__BLOCK_TIMER    /* fl_promise_after's timer context: {promise, value} */
};

/* A growable array of promise references. */
typedef struct fl__promise_list {
    fl_promise **v;
    size_t len;
    size_t cap;
} fl__promise_list;

/* Everything the promise layer keeps per loop (core's FL__EXT_PROMISE slot). */
typedef struct fl__realm {
    fl_loop *loop;
    fl__blocks blocks;                /* 64-byte records: reactions, jobs, contexts */
    fl__blocks promises;              /* 32-byte promises */
    fl__blocks derived;               /* 48-byte promises made by then, with their reaction */
    fl__promise_list about_to_notify; /* HTML "about-to-be-notified rejected promises" */
    fl_rejection_fn on_rejection;
    void *on_rejection_arg;
    uint16_t epoch;          /* the current autorelease pool (never 0): see fl__autorelease */
    int revived;             /* a retired promise was referenced again this epoch */
    fl_promise *deferred;    /* pooled promises whose last reference went, by free_next */
    int dying;               /* the loop is being freed: promises go with their blocks */
    int freeing;             /* fl__promise_unref is draining to_free */
    fl_promise *to_free;     /* promises whose last reference went, linked by free_next */
    struct fl_async *frames; /* live async function frames (async.c) */
} fl__realm;

/* A reaction list links two kinds of record, told apart by the low bit of the
 * link (records are 8-byte aligned): a PromiseReaction record (fl__reaction),
 * or a promise made by fl_promise_then that carries its own reaction
 * (fl__derived). */
#define FL__LINK_DERIVED ((uintptr_t)1)

/* PromiseReaction record; while queued as a job it also holds the argument. */
typedef struct fl__reaction {
    uintptr_t next;         /* the next reaction (a link) */
    fl_promise *capability; /* the derived promise, or NULL (await, internal thens) */
    fl_then_fn on_fulfilled;
    fl_then_fn on_rejected;
    void *arg;
    void (*arg_release)(void *arg); /* for contexts the reaction owns */
    fl_value *argument;             /* the settled value or reason, once queued */
    uint8_t rejected;
} fl__reaction;

/* 32 bytes: a promise is the commonest record, and its realm comes from its
 * address (fl__promise_realm). Reactions are pushed at the head and reversed
 * when triggered, so registration order costs no tail pointer.
 *
 * The autorelease pool holds no reference and keeps no list: a promise handed
 * to a caller is stamped with the pool's epoch, and when its last reference
 * goes during that epoch it is deferred to the drain instead of freed. A
 * settled promise that holds nothing is retired then (its block waits,
 * untouched but for free_next, and is reclaimed with all the others in one
 * splice); any other waits on the realm's deferred list. So the drain costs
 * nothing per promise in the common case, a chain of thens. */
struct fl_promise {
    uintptr_t head; /* [[PromiseFulfillReactions]] + [[PromiseRejectReactions]], newest first */
    fl_value *result;
    uint32_t refs;
    unsigned state : 2;            /* fl_promise_state */
    unsigned is_handled : 1;       /* [[PromiseIsHandled]] */
    unsigned already_resolved : 1; /* the original resolving functions' record */
    unsigned about_to_notify : 1;  /* listed in the realm's about-to-be-notified list */
    unsigned outstanding : 1;      /* in the outstanding rejected promises weak set */
    unsigned pool_epoch : 16;      /* the pool it was last handed out in (0: none) */
    unsigned deferred : 1;         /* dead in its pool's epoch: the drain decides */
    unsigned retired : 1;          /* ... and its block is retired */
    /* The rest describe an fl__derived's reaction. */
    unsigned derived : 1;     /* the promise is an fl__derived */
    unsigned on_rejected : 1; /* its handler is the rejection handler */
    /* One word with two lives that never meet: a derived promise's reaction
     * holds a reference to it, so `next` is in use only while the promise is
     * alive, and `free_next` links only dead ones. */
    union {
        uintptr_t next;        /* fl__derived: in the parent's list (a link); once queued, the
                                  job's argument */
        fl_promise *free_next; /* dead: the deferred, retired or to_free list */
    };
};

/* The promise fl_promise_then makes for a single handler, with the reaction
 * that settles it in the same block: one allocation per then, and a chain's
 * records lie one after the other. The reaction holds a reference to the
 * promise while it is listed or queued, as a capability would. */
typedef struct fl__derived {
    struct fl_promise promise; /* promise.next is the reaction's link */
    fl_then_fn fn;             /* the one handler (NULL: the value passes through) */
    void *arg;
} fl__derived;

/* While a derived promise's job is queued, `next` holds the job's argument
 * tagged FL__JOB_QUEUED, and FL__JOB_REJECTED for a rejection reason (values
 * are 8-byte aligned; a link never has bit 1 set): one store queues the job. */
#define FL__JOB_QUEUED   ((uintptr_t)2)
#define FL__JOB_REJECTED ((uintptr_t)4)
#define FL__JOB_TAGS     ((uintptr_t)7)

static inline fl_value *fl__derived_argument(const fl__derived *d)
{
    uintptr_t next = d->promise.next;
    return next & FL__JOB_QUEUED ? (fl_value *)(next & ~FL__JOB_TAGS) : NULL;
}

static inline fl__realm *fl__promise_realm(const fl_promise *p)
{
    return fl__block_owner(p);
}

/* fl_promise_after's timer context (a timer, not a reaction, holds it). */
typedef struct fl__after {
    fl_promise *promise;
    fl_value *value;
} fl__after;

_Static_assert(sizeof(fl__reaction) <= 64, "a reaction fits a 64-byte block");
_Static_assert(sizeof(struct fl_promise) <= 32, "a promise fits a 32-byte block");
_Static_assert(sizeof(fl__derived) <= 48, "a derived promise fits a 48-byte block");
_Static_assert(offsetof(struct fl_promise, free_next) == FL__BLOCK_LINK,
               "a retired promise's block links through free_next");

/* realm.c */
fl__realm *fl__realm_of(fl_loop *loop);
int fl__list_push(fl__promise_list *list, fl_promise *p);

/* pool.c */
/* Hands a promise to the caller, taking over one reference: valid until the
 * current checkpoint ends. */
fl_promise *fl__autorelease(fl_promise *p);
/* The last reference went during the promise's pool epoch. */
void fl__defer(fl__realm *realm, fl_promise *p);
/* The checkpoint hook that ends the pool. */
void fl__drain_autorelease(fl_loop *loop, void *realm);

/* promise.c */
/* A pending promise with one reference (the caller's). */
fl_promise *fl__promise_alloc(fl__realm *realm);
/* Drops the last reference: frees the promise and what only it held. */
void fl__promise_release(fl_promise *p);

static inline fl__blocks *fl__promise_blocks(fl__realm *realm, const fl_promise *p)
{
    return p->derived ? &realm->derived : &realm->promises;
}

/* Whether the caller's pool still holds the promise (it was handed out in
 * the current epoch). */
static inline int fl__promise_pooled(const fl__realm *realm, const fl_promise *p)
{
    return p->pool_epoch == realm->epoch;
}

/* Settled, with no reactions and an immortal result (a chain's `undefined`):
 * nothing to free but the block, and nothing can change that. */
static inline int fl__promise_is_bare(const fl_promise *p)
{
    return p->state != FL_PROMISE_PENDING && !p->head && p->result->refs == FL__IMMORTAL;
}

/* A bare promise whose last reference went while its pool still holds it:
 * its block waits for the drain. */
static FL__ALWAYS_INLINE void fl__promise_retire(fl__blocks *blocks, fl_promise *p)
{
    p->refs = 0;
    p->deferred = p->retired = 1;
    fl__block_retire(blocks, p);
}

/* The commonest last reference, a bare promise: its block is freed at once,
 * without the work list, or retired while its pool still holds it. Returns 0
 * if the promise needs the full release. */
static FL__ALWAYS_INLINE int fl__promise_free_bare(fl__realm *realm, fl_promise *p)
{
    if (!fl__promise_is_bare(p) || realm->freeing || realm->dying)
        return 0;
    if (fl__promise_pooled(realm, p)) {
        fl__promise_retire(fl__promise_blocks(realm, p), p);
    } else {
        fl__block_free(fl__promise_blocks(realm, p), p);
    }
    return 1;
}

static inline fl_promise *fl__promise_ref(fl_promise *p)
{
    /* Referenced again after its block was retired: the drain must look. */
    if (p && p->refs++ == 0 && p->retired)
        fl__promise_realm(p)->revived = 1;
    return p;
}

/* Inline: most drops leave a reference, and every job drops one. */
static inline void fl__promise_unref(fl_promise *p)
{
    if (p && p->refs > 1)
        p->refs--;
    else if (p)
        fl__promise_release(p);
}
/* The promise's own resolve/reject functions: ignored once already resolved. */
void fl__promise_resolve_fn(fl_promise *p, fl_value *value);
void fl__promise_reject_fn(fl_promise *p, fl_value *reason);
/* PerformPromiseThen. `capability` (may be NULL) gains a reference.
 * Returns 0, or FL_ENOMEM after releasing arg. */
int fl__perform_then(fl_promise *p, fl_then_fn on_fulfilled, fl_then_fn on_rejected, void *arg,
                     void (*arg_release)(void *), fl_promise *capability);
/* PromiseResolve(%Promise%, value): the promise itself for a promise value,
 * else a new promise fulfilled with it. Returns a new reference. */
fl_promise *fl__promise_resolve_op(fl__realm *realm, fl_value *value);
/* Runs a handler's result through fl_throw unwrapping; a NULL handler passes
 * `value` through. Sets *threw. Returns a new reference. */
fl_value *fl__call_handler(fl_loop *loop, fl_then_fn fn, fl_value *value, void *arg, int rejected,
                           int *threw);

/* async.c: frees the frames still alive when the loop is freed (those whose
 * resume job was queued, not held by a reaction). */
void fl__async_free_all(fl__realm *realm);

/* rejection.c: HostPromiseRejectionTracker and the checkpoint's notify step. */
void fl__track_rejection(fl_promise *p);
void fl__track_handled(fl_promise *p);
void fl__notify_rejected(fl_loop *loop, void *realm);

#endif /* FL_PROMISE_PROMISE_INTERNAL_H */
