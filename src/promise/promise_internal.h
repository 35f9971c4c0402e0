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
    FL__BLOCK_CONTEXT, /* a handler's context: thunks, finally, combinator elements */
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
    fl__blocks derived;               /* 56-byte promises made by then, with their reaction */
    fl_promise *autorelease;          /* returned to callers; dropped after a checkpoint */
    fl__promise_list about_to_notify; /* HTML "about-to-be-notified rejected promises" */
    fl_rejection_fn on_rejection;
    void *on_rejection_arg;
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
 * when triggered, so registration order costs no tail pointer. */
struct fl_promise {
    uintptr_t head; /* [[PromiseFulfillReactions]] + [[PromiseRejectReactions]], newest first */
    fl_value *result;
    fl_promise *free_next; /* the autorelease list, then the realm's to_free list */
    uint32_t refs;
    unsigned state : 2;            /* fl_promise_state */
    unsigned is_handled : 1;       /* [[PromiseIsHandled]] */
    unsigned already_resolved : 1; /* the original resolving functions' record */
    unsigned about_to_notify : 1;  /* listed in the realm's about-to-be-notified list */
    unsigned outstanding : 1;      /* in the outstanding rejected promises weak set */
    unsigned pool_refs : 16;       /* references the autorelease list holds */
    /* The rest describe an fl__derived's reaction. */
    unsigned derived : 1;     /* the promise is an fl__derived */
    unsigned on_rejected : 1; /* its handler is the rejection handler */
};

/* The promise fl_promise_then makes for a single handler, with the reaction
 * that settles it in the same block: one allocation per then, and a chain's
 * records lie one after the other. The reaction holds a reference to the
 * promise while it is listed or queued, as a capability would. */
typedef struct fl__derived {
    struct fl_promise promise;
    uintptr_t next; /* in the parent's list (a link); once queued, the argument */
    fl_then_fn fn;  /* the one handler (NULL: the value passes through) */
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
    return d->next & FL__JOB_QUEUED ? (fl_value *)(d->next & ~FL__JOB_TAGS) : NULL;
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
_Static_assert(sizeof(fl__derived) <= 56, "a derived promise fits a 56-byte block");

/* realm.c */
fl__realm *fl__realm_of(fl_loop *loop);
/* Hands a promise to the caller: valid until the current checkpoint ends. */
fl_promise *fl__autorelease(fl_promise *p);
int fl__list_push(fl__promise_list *list, fl_promise *p);

/* promise.c */
/* A pending promise with one reference (the caller's). */
fl_promise *fl__promise_alloc(fl__realm *realm);
fl_promise *fl__promise_ref(fl_promise *p);
/* Drops the last reference: frees the promise and what only it held. */
void fl__promise_release(fl_promise *p);

/* The commonest last reference, a settled promise nothing reacts to any
 * more whose result is immortal (a chain's `undefined`), holds nothing else:
 * its block is freed at once, without the work list. Returns 0 if the promise
 * needs the full release. */
static FL__ALWAYS_INLINE int fl__promise_free_bare(fl__realm *realm, fl_promise *p)
{
    if (p->head || realm->freeing || realm->dying || (p->result && p->result->refs != FL__IMMORTAL))
        return 0;
    fl__block_free(p->derived ? &realm->derived : &realm->promises, p);
    return 1;
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
