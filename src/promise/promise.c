/*
 * Promise objects and jobs, following ECMAScript 2024 §27.2 step by step:
 * the resolving functions, FulfillPromise / RejectPromise /
 * TriggerPromiseReactions, PerformPromiseThen, NewPromiseReactionJob and
 * NewPromiseResolveThenableJob. Jobs are microtasks on the loop.
 */
#include "promise/promise_internal.h"

#include <stdlib.h>

/* ---- Lifetime ------------------------------------------------------------ */

fl_promise *fl__promise_alloc(fl__realm *realm)
{
    fl_promise *p = fl__block_alloc(&realm->promises, FL__BLOCK_PROMISE);
    if (!p)
        return NULL;
    *p = (struct fl_promise){.refs = 1, .state = FL_PROMISE_PENDING};
    return p;
}

/* A reaction that will never run: drop what it holds. */
static void reaction_discard(fl__realm *realm, fl__reaction *r)
{
    fl__value_unref(r->argument);
    if (r->arg_release)
        r->arg_release(r->arg);
    fl__promise_unref(r->capability);
    fl__block_free(&realm->blocks, r);
}

/* The same for a derived promise's reaction: its reference to the promise. */
static void derived_discard(fl__derived *d)
{
    fl__value_unref(fl__derived_argument(d));
    d->promise.next = 0;
    fl__promise_unref(&d->promise);
}

static fl__derived *link_derived(uintptr_t link)
{
    return (fl__derived *)(link & ~FL__LINK_DERIVED);
}

/* Where the record a link points to keeps the next link. */
static uintptr_t *link_next(uintptr_t link)
{
    if (link & FL__LINK_DERIVED)
        return &link_derived(link)->promise.next;
    return &((fl__reaction *)link)->next;
}

static void link_discard(fl__realm *realm, uintptr_t link)
{
    if (link & FL__LINK_DERIVED)
        derived_discard(link_derived(link));
    else
        reaction_discard(realm, (fl__reaction *)link);
}

static void promise_free(fl__realm *realm, fl_promise *p)
{
    /* Nothing can settle it any more: its pending reactions never run. */
    uintptr_t link = p->head;
    while (link) {
        uintptr_t next = *link_next(link);
        link_discard(realm, link);
        link = next;
    }
    fl__value_unref(p->result);
    fl__block_free(fl__promise_blocks(realm, p), p);
}

void fl__promise_release(fl_promise *p)
{
    fl__realm *realm = fl__promise_realm(p);
    /* While the loop is being freed, promises go with their blocks. */
    if (realm->dying)
        return;
    p->refs = 0;
    /* Deferred already (it was referenced again, and that went too): the
     * drain decides. */
    if (p->deferred || fl__promise_free_bare(realm, p))
        return;
    if (fl__promise_pooled(realm, p)) {
        fl__defer(realm, p);
        return;
    }
    /* Freeing a promise drops its reactions, which can free the next promise
     * of a chain: a work list instead of recursion keeps a dropped chain of
     * millions of thens off the C stack. */
    if (realm->freeing) {
        p->free_next = realm->to_free;
        realm->to_free = p;
        return;
    }
    realm->freeing = 1;
    do {
        promise_free(realm, p);
        p = realm->to_free;
        if (p)
            realm->to_free = p->free_next;
    } while (p);
    realm->freeing = 0;
}

/* ---- Settling ------------------------------------------------------------ */

static void run_reaction_job(fl_loop *loop, void *arg);
static void run_derived_job(fl_loop *loop, void *arg);

/* Reverses the newest-first reaction list into registration order. */
static uintptr_t in_registration_order(uintptr_t link)
{
    uintptr_t ordered = 0;
    while (link) {
        uintptr_t *next = link_next(link);
        uintptr_t following = *next;
        *next = ordered;
        ordered = link;
        link = following;
    }
    return ordered;
}

/* NewPromiseReactionJob + HostEnqueuePromiseJob for a reaction that is no
 * longer listed. On failure the reaction is discarded: FL_ENOMEM. */
static FL__ALWAYS_INLINE int queue_reaction(fl__realm *realm, uintptr_t link, fl_value *argument,
                                            int rejected)
{
    if (link & FL__LINK_DERIVED) {
        fl__derived *d = link_derived(link);
        d->promise.next =
            (uintptr_t)fl__value_ref(argument) | FL__JOB_QUEUED | (rejected ? FL__JOB_REJECTED : 0);
        if (fl__ring_push(&realm->loop->mq, run_derived_job, d, "PromiseReactionJob") == 0)
            return 0;
        derived_discard(d);
        return FL_ENOMEM;
    }
    fl__reaction *r = (fl__reaction *)link;
    r->next = 0;
    r->argument = fl__value_ref(argument);
    r->rejected = rejected != 0;
    if (fl__ring_push(&realm->loop->mq, run_reaction_job, r, "PromiseReactionJob") == 0)
        return 0;
    reaction_discard(realm, r);
    return FL_ENOMEM;
}

/* TriggerPromiseReactions: every reaction becomes a job, in order. */
static FL__ALWAYS_INLINE void trigger_reactions(fl_promise *p)
{
    fl__realm *realm = fl__promise_realm(p);
    int rejected = p->state == FL_PROMISE_REJECTED;
    uintptr_t link = p->head;
    if (!link)
        return;
    p->head = 0;
    /* One reaction, the commonest case (a chain), is already in order. */
    if (*link_next(link))
        link = in_registration_order(link);
    while (link) {
        uintptr_t next = *link_next(link);
        queue_reaction(realm, link, p->result, rejected);
        link = next;
    }
}

static FL__ALWAYS_INLINE void settle(fl_promise *p, fl_promise_state state, fl_value *value)
{
    p->result = value ? value : &fl__undefined_value;
    p->state = state;
    if (state == FL_PROMISE_REJECTED && !p->is_handled)
        fl__track_rejection(p);
    trigger_reactions(p);
}

static void run_thenable_job(fl_loop *loop, void *arg);

typedef struct thenable_job {
    fl_promise *promise;
    fl_promise *thenable;
} thenable_job;

/* Resolving with a promise: self-resolution is a TypeError, anything else is
 * followed through a NewPromiseResolveThenableJob. Out of line: a reaction
 * job inlines the resolution steps, and this rarer path's registers would
 * cost every job their saves. */
static __attribute__((noinline)) void resolve_promise(fl_promise *p, fl_value *value,
                                                      fl_promise *thenable)
{
    if (thenable == p) {
        fl__value_unref(value);
        settle(p, FL_PROMISE_REJECTED,
               fl_error_named("TypeError", "Chaining cycle detected for promise #<Promise>"));
        return;
    }
    thenable_job *job = fl__block_alloc(&fl__promise_realm(p)->blocks, FL__BLOCK_THENABLE_JOB);
    if (!job) {
        fl__value_unref(value);
        settle(p, FL_PROMISE_REJECTED, fl_error_named("RangeError", "out of memory"));
        return;
    }
    job->promise = fl__promise_ref(p);
    job->thenable = fl__promise_ref(thenable);
    fl__value_unref(value);
    if (fl_queue_microtask_named(fl__promise_realm(p)->loop, run_thenable_job, job,
                                 "PromiseResolveThenableJob") != 0) {
        fl__promise_unref(job->promise);
        fl__promise_unref(job->thenable);
        fl__block_free(&fl__promise_realm(p)->blocks, job);
    }
}

/* The resolution steps of a Promise Resolve Function (after the
 * alreadyResolved check): a promise is followed, anything else fulfills. */
static FL__ALWAYS_INLINE void resolve_value(fl_promise *p, fl_value *value)
{
    fl_promise *thenable = fl__value_promise(value);
    if (thenable)
        resolve_promise(p, value, thenable);
    else
        settle(p, FL_PROMISE_FULFILLED, value);
}

/* The resolving functions, static so that jobs in this file get them inline
 * (the library is position-independent: calls to an exported function stay
 * calls). */
static FL__ALWAYS_INLINE void resolve_fn(fl_promise *p, fl_value *value)
{
    if (p->already_resolved) {
        fl__value_unref(value);
        return;
    }
    p->already_resolved = 1;
    resolve_value(p, value);
}

static void reject_fn(fl_promise *p, fl_value *reason)
{
    if (p->already_resolved) {
        fl__value_unref(reason);
        return;
    }
    p->already_resolved = 1;
    settle(p, FL_PROMISE_REJECTED, reason);
}

void fl__promise_resolve_fn(fl_promise *p, fl_value *value)
{
    resolve_fn(p, value);
}

void fl__promise_reject_fn(fl_promise *p, fl_value *reason)
{
    reject_fn(p, reason);
}

/* ---- Jobs ---------------------------------------------------------------- */

static inline fl_value *call_handler(fl_loop *loop, fl_then_fn fn, fl_value *value, void *arg,
                                     int rejected, int *threw)
{
    if (!fn) {
        /* An undefined handler: the value passes through, a reason re-throws. */
        *threw = rejected;
        return fl__value_ref(value);
    }
    return fl__value_unwrap(fn(loop, value, arg), threw);
}

fl_value *fl__call_handler(fl_loop *loop, fl_then_fn fn, fl_value *value, void *arg, int rejected,
                           int *threw)
{
    return call_handler(loop, fn, value, arg, rejected, threw);
}

/* A reaction job's end: the handler's completion settles the capability. */
static FL__ALWAYS_INLINE void resolve_capability(fl_promise *capability, fl_value *result,
                                                 int threw)
{
    if (!capability)
        fl__value_unref(result);
    else if (threw)
        reject_fn(capability, result);
    else
        resolve_fn(capability, result);
}

/* NewPromiseReactionJob. */
static void run_reaction_job(fl_loop *loop, void *arg)
{
    fl__reaction *r = arg;
    fl_then_fn fn = r->rejected ? r->on_rejected : r->on_fulfilled;
    int threw;
    fl_value *result = call_handler(loop, fn, r->argument, r->arg, r->rejected, &threw);
    resolve_capability(r->capability, result, threw);
    reaction_discard(fl__block_owner(r), r);
}

/* The general end of a derived job, out of line: a chain's step below
 * keeps the job's registers few. */
static __attribute__((noinline)) void resolve_derived(fl_promise *p, fl_value *result, int threw)
{
    resolve_capability(p, result, threw);
}

/* A chain's step, the commonest end of a derived job: the handler returned a
 * plain value, and the promise's one reaction, if any, is another derived
 * promise's. The same steps as resolve_fn, with the reaction's job queued
 * straight onto the loop running this one (the realm's), or handed back in
 * *successor to run right here when the checkpoint would run it next.
 * Returns 0 to take the general path, having changed nothing. */
static FL__ALWAYS_INLINE int fulfill_chain_step(fl_loop *loop, fl_promise *p, fl_value *value,
                                                fl__derived **successor)
{
    uintptr_t link = p->head;
    if (p->already_resolved || fl__value_promise(value))
        return 0;
    if (link && (!(link & FL__LINK_DERIVED) || link_derived(link)->promise.next))
        return 0;
    p->already_resolved = 1;
    p->result = value ? value : &fl__undefined_value;
    p->state = FL_PROMISE_FULFILLED;
    if (!link)
        return 1;
    p->head = 0;
    fl__derived *next = link_derived(link);
    next->promise.next = (uintptr_t)fl__value_ref(p->result) | FL__JOB_QUEUED;
    if (fl__microtask_run_next_here(loop))
        *successor = next;
    else if (fl__ring_push(&loop->mq, run_derived_job, next, "PromiseReactionJob") != 0)
        derived_discard(next);
    return 1;
}

/* The reaction's reference to its derived promise, dropped as the job ends.
 * In a chain that is the last one and leaves a bare promise, retired right
 * here while its caller's pool still holds it. No job runs while the realm
 * frees promises, and a derived promise is never deferred while its reaction
 * holds it: only bareness and the pool decide. */
static FL__ALWAYS_INLINE void drop_reaction_reference(fl_promise *p)
{
    if (p->refs > 1) {
        p->refs--;
        return;
    }
    fl__realm *realm = fl__promise_realm(p);
    if (fl__promise_is_bare(p) && fl__promise_pooled(realm, p))
        fl__promise_retire(&realm->derived, p);
    else
        fl__promise_release(p);
}

/* NewPromiseReactionJob for a derived promise's own reaction. Returns the
 * next chain step's promise when its job runs right here, else NULL. */
static FL__ALWAYS_INLINE fl__derived *derived_job_step(fl_loop *loop, fl__derived *d)
{
    fl_value *argument = (fl_value *)(d->promise.next & ~FL__JOB_TAGS);
    int rejected = (d->promise.next & FL__JOB_REJECTED) != 0;
    d->promise.next = 0;
    fl_then_fn fn = d->promise.on_rejected == rejected ? d->fn : NULL;
    int threw;
    fl_value *result = call_handler(loop, fn, argument, d->arg, rejected, &threw);
    fl__derived *successor = NULL;
    if (threw || !fulfill_chain_step(loop, &d->promise, result, &successor))
        resolve_derived(&d->promise, result, threw);
    fl__value_unref(argument);
    drop_reaction_reference(&d->promise);
    return successor;
}

static void run_derived_job(fl_loop *loop, void *arg)
{
    fl__derived *d = arg;
    do
        d = derived_job_step(loop, d);
    while (d);
}

/* The resolving functions NewPromiseResolveThenableJob creates: a fresh
 * alreadyResolved record for the promise being resolved. */
typedef struct resolver {
    fl_promise *promise;
    int already_resolved;
} resolver;

static fl_value *resolver_fulfill(fl_loop *loop, fl_value *value, void *arg)
{
    (void)loop;
    resolver *r = arg;
    if (!r->already_resolved) {
        r->already_resolved = 1;
        resolve_value(r->promise, fl__value_ref(value));
    }
    return NULL;
}

static fl_value *resolver_reject(fl_loop *loop, fl_value *reason, void *arg)
{
    (void)loop;
    resolver *r = arg;
    if (!r->already_resolved) {
        r->already_resolved = 1;
        settle(r->promise, FL_PROMISE_REJECTED, fl__value_ref(reason));
    }
    return NULL;
}

static void resolver_release(void *arg)
{
    resolver *r = arg;
    fl__realm *realm = fl__promise_realm(r->promise);
    fl__promise_unref(r->promise);
    fl__block_free(&realm->blocks, r);
}

/* NewPromiseResolveThenableJob: thenable.then(resolve, reject). The derived
 * promise that `then` would make is never observable, so none is made; the
 * job and tick counts are the spec's. */
static void run_thenable_job(fl_loop *loop, void *arg)
{
    thenable_job *job = arg;
    fl__realm *realm = fl__realm_of(loop);
    resolver *r = fl__block_alloc(&realm->blocks, FL__BLOCK_RESOLVER);
    if (r) {
        r->promise = job->promise;
        r->already_resolved = 0;
        fl__perform_then(job->thenable, resolver_fulfill, resolver_reject, r, resolver_release,
                         NULL);
    } else {
        reject_fn(job->promise, fl_error_named("RangeError", "out of memory"));
        fl__promise_unref(job->promise);
    }
    fl__promise_unref(job->thenable);
    fl__block_free(&realm->blocks, job);
}

/* ---- then ---------------------------------------------------------------- */

/* PerformPromiseThen's last steps for a reaction record of either kind. */
static int attach(fl_promise *p, uintptr_t link)
{
    if (p->state == FL_PROMISE_PENDING) {
        *link_next(link) = p->head;
        p->head = link;
    } else {
        int rejected = p->state == FL_PROMISE_REJECTED;
        if (rejected && !p->is_handled)
            fl__track_handled(p);
        if (queue_reaction(fl__promise_realm(p), link, p->result, rejected) != 0)
            return FL_ENOMEM;
    }
    p->is_handled = 1;
    return 0;
}

int fl__perform_then(fl_promise *p, fl_then_fn on_fulfilled, fl_then_fn on_rejected, void *arg,
                     void (*arg_release)(void *), fl_promise *capability)
{
    fl__realm *realm = fl__promise_realm(p);
    fl__reaction *r = fl__block_alloc(&realm->blocks, FL__BLOCK_REACTION);
    if (!r) {
        if (arg_release)
            arg_release(arg);
        return FL_ENOMEM;
    }
    *r = (fl__reaction){.capability = fl__promise_ref(capability),
                        .on_fulfilled = on_fulfilled,
                        .on_rejected = on_rejected,
                        .arg = arg,
                        .arg_release = arg_release};
    return attach(p, (uintptr_t)r);
}

/* PerformPromiseThen with a new derived promise that holds its one handler. */
static fl_promise *then_derived(fl_promise *p, fl_then_fn fn, int on_rejected, void *arg)
{
    fl__derived *d = fl__block_alloc(&fl__promise_realm(p)->derived, FL__BLOCK_PROMISE);
    if (!d)
        return NULL;
    /* One reference, the reaction's; the caller's pool holds it too. */
    *d = (fl__derived){.promise = {.refs = 1,
                                   .state = FL_PROMISE_PENDING,
                                   .pool_epoch = fl__promise_realm(p)->epoch,
                                   .derived = 1,
                                   .on_rejected = on_rejected},
                       .fn = fn,
                       .arg = arg};
    if (attach(p, (uintptr_t)d | FL__LINK_DERIVED) != 0)
        return NULL;
    return &d->promise;
}

fl_promise *fl__promise_resolve_op(fl__realm *realm, fl_value *value)
{
    fl_promise *existing = fl__value_promise(value);
    if (existing) {
        fl__promise_ref(existing);
        fl__value_unref(value);
        return existing;
    }
    fl_promise *p = fl__promise_alloc(realm);
    if (!p) {
        fl__value_unref(value);
        return NULL;
    }
    p->already_resolved = 1;
    settle(p, FL_PROMISE_FULFILLED, value);
    return p;
}

/* ---- Public then --------------------------------------------------------- */

fl_promise *fl_promise_then(fl_promise *promise, fl_then_fn on_fulfilled, fl_then_fn on_rejected,
                            void *arg)
{
    if (!promise)
        return NULL;
    if (!on_fulfilled || !on_rejected)
        return then_derived(promise, on_fulfilled ? on_fulfilled : on_rejected, !on_fulfilled, arg);
    fl_promise *derived = fl__promise_alloc(fl__promise_realm(promise));
    if (!derived)
        return NULL;
    fl__autorelease(derived);
    if (fl__perform_then(promise, on_fulfilled, on_rejected, arg, NULL, derived) != 0)
        return NULL;
    return derived;
}

fl_promise *fl_promise_catch(fl_promise *promise, fl_then_fn on_rejected, void *arg)
{
    return fl_promise_then(promise, NULL, on_rejected, arg);
}
