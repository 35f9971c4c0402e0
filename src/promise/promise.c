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

fl_promise *fl__promise_ref(fl_promise *p)
{
    if (p)
        p->refs++;
    return p;
}

/* A reaction that will never run: drop what it holds. */
static void reaction_discard(fl__realm *realm, fl__reaction *r)
{
    fl_value_unref(r->argument);
    if (r->arg_release)
        r->arg_release(r->arg);
    fl__promise_unref(r->capability);
    fl__block_free(&realm->blocks, r);
}

static void promise_free(fl_promise *p)
{
    fl__realm *realm = fl__promise_realm(p);
    /* Nothing can settle it any more: its pending reactions never run. */
    fl__reaction *r = p->head;
    while (r) {
        fl__reaction *next = r->next;
        reaction_discard(realm, r);
        r = next;
    }
    fl_value_unref(p->result);
    fl__block_free(&realm->promises, p);
}

void fl__promise_unref(fl_promise *p)
{
    /* While the loop is being freed, promises go with their blocks. */
    if (!p || fl__promise_realm(p)->dying || --p->refs > 0)
        return;
    fl__realm *realm = fl__promise_realm(p);
    /* Freeing a promise drops its reactions, which can free the next promise
     * of a chain: a work list instead of recursion keeps a dropped chain of
     * millions of thens off the C stack. */
    p->free_next = realm->to_free;
    realm->to_free = p;
    if (realm->freeing)
        return;
    realm->freeing = 1;
    while (realm->to_free) {
        fl_promise *q = realm->to_free;
        realm->to_free = q->free_next;
        promise_free(q);
    }
    realm->freeing = 0;
}

fl_promise *fl__promise_value_ref(fl_promise *p)
{
    return fl__promise_ref(p);
}

void fl__promise_value_unref(fl_promise *p)
{
    fl__promise_unref(p);
}

fl_promise *fl_promise_ref(fl_promise *promise)
{
    return fl__promise_ref(promise);
}

void fl_promise_unref(fl_promise *promise)
{
    fl__promise_unref(promise);
}

/* ---- Settling ------------------------------------------------------------ */

static void run_reaction_job(fl_loop *loop, void *arg);

/* Reverses the newest-first reaction list into registration order. */
static fl__reaction *in_registration_order(fl__reaction *r)
{
    fl__reaction *ordered = NULL;
    while (r) {
        fl__reaction *next = r->next;
        r->next = ordered;
        ordered = r;
        r = next;
    }
    return ordered;
}

/* TriggerPromiseReactions: every reaction becomes a job, in order. */
static void trigger_reactions(fl_promise *p)
{
    fl__reaction *r = in_registration_order(p->head);
    p->head = NULL;
    while (r) {
        fl__reaction *next = r->next;
        r->next = NULL;
        r->argument = fl_value_ref(p->result);
        r->rejected = p->state == FL_PROMISE_REJECTED;
        if (fl_queue_microtask_named(fl__promise_realm(p)->loop, run_reaction_job, r,
                                     "PromiseReactionJob"))
            reaction_discard(fl__promise_realm(p), r);
        r = next;
    }
}

static void settle(fl_promise *p, fl_promise_state state, fl_value *value)
{
    p->result = value ? value : fl_undefined();
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

/* The resolution steps of a Promise Resolve Function (after the
 * alreadyResolved check): self-resolution is a TypeError, a promise is
 * followed through a NewPromiseResolveThenableJob, anything else fulfills. */
static void resolve_value(fl_promise *p, fl_value *value)
{
    fl_promise *thenable = fl_value_promise(value);
    if (thenable == p) {
        fl_value_unref(value);
        settle(p, FL_PROMISE_REJECTED,
               fl_error_named("TypeError", "Chaining cycle detected for promise #<Promise>"));
        return;
    }
    if (!thenable) {
        settle(p, FL_PROMISE_FULFILLED, value);
        return;
    }
    thenable_job *job = fl__block_alloc(&fl__promise_realm(p)->blocks, FL__BLOCK_THENABLE_JOB);
    if (!job) {
        fl_value_unref(value);
        settle(p, FL_PROMISE_REJECTED, fl_error_named("RangeError", "out of memory"));
        return;
    }
    job->promise = fl__promise_ref(p);
    job->thenable = fl__promise_ref(thenable);
    fl_value_unref(value);
    if (fl_queue_microtask_named(fl__promise_realm(p)->loop, run_thenable_job, job,
                                 "PromiseResolveThenableJob") != 0) {
        fl__promise_unref(job->promise);
        fl__promise_unref(job->thenable);
        fl__block_free(&fl__promise_realm(p)->blocks, job);
    }
}

void fl__promise_resolve_fn(fl_promise *p, fl_value *value)
{
    if (p->already_resolved) {
        fl_value_unref(value);
        return;
    }
    p->already_resolved = 1;
    resolve_value(p, value);
}

void fl__promise_reject_fn(fl_promise *p, fl_value *reason)
{
    if (p->already_resolved) {
        fl_value_unref(reason);
        return;
    }
    p->already_resolved = 1;
    settle(p, FL_PROMISE_REJECTED, reason);
}

/* ---- Jobs ---------------------------------------------------------------- */

fl_value *fl__call_handler(fl_loop *loop, fl_then_fn fn, fl_value *value, void *arg, int rejected,
                           int *threw)
{
    if (!fn) {
        /* An undefined handler: the value passes through, a reason re-throws. */
        *threw = rejected;
        return fl_value_ref(value);
    }
    return fl__value_unwrap(fn(loop, value, arg), threw);
}

/* NewPromiseReactionJob. */
static void run_reaction_job(fl_loop *loop, void *arg)
{
    fl__reaction *r = arg;
    fl__realm *realm = fl__realm_of(loop);
    fl_then_fn fn = r->rejected ? r->on_rejected : r->on_fulfilled;
    int threw;
    fl_value *result = fl__call_handler(loop, fn, r->argument, r->arg, r->rejected, &threw);
    if (!r->capability)
        fl_value_unref(result);
    else if (threw)
        fl__promise_reject_fn(r->capability, result);
    else
        fl__promise_resolve_fn(r->capability, result);
    reaction_discard(realm, r);
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
        resolve_value(r->promise, fl_value_ref(value));
    }
    return NULL;
}

static fl_value *resolver_reject(fl_loop *loop, fl_value *reason, void *arg)
{
    (void)loop;
    resolver *r = arg;
    if (!r->already_resolved) {
        r->already_resolved = 1;
        settle(r->promise, FL_PROMISE_REJECTED, fl_value_ref(reason));
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
        fl__promise_reject_fn(job->promise, fl_error_named("RangeError", "out of memory"));
        fl__promise_unref(job->promise);
    }
    fl__promise_unref(job->thenable);
    fl__block_free(&realm->blocks, job);
}

/* ---- then ---------------------------------------------------------------- */

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
    *r = (fl__reaction){
        NULL, fl__promise_ref(capability), on_fulfilled, on_rejected, arg, arg_release, NULL, 0};
    if (p->state == FL_PROMISE_PENDING) {
        r->next = p->head;
        p->head = r;
    } else {
        r->argument = fl_value_ref(p->result);
        r->rejected = p->state == FL_PROMISE_REJECTED;
        if (r->rejected && !p->is_handled)
            fl__track_handled(p);
        if (fl_queue_microtask_named(realm->loop, run_reaction_job, r, "PromiseReactionJob")) {
            reaction_discard(realm, r);
            return FL_ENOMEM;
        }
    }
    p->is_handled = 1;
    return 0;
}

fl_promise *fl__promise_resolve_op(fl__realm *realm, fl_value *value)
{
    fl_promise *existing = fl_value_promise(value);
    if (existing) {
        fl__promise_ref(existing);
        fl_value_unref(value);
        return existing;
    }
    fl_promise *p = fl__promise_alloc(realm);
    if (!p) {
        fl_value_unref(value);
        return NULL;
    }
    p->already_resolved = 1;
    settle(p, FL_PROMISE_FULFILLED, value);
    return p;
}

/* ---- Public calls -------------------------------------------------------- */

fl_promise *fl_promise_new(fl_loop *loop)
{
    fl__realm *realm = fl__realm_of(loop);
    return realm ? fl__autorelease(fl__promise_alloc(realm)) : NULL;
}

fl_promise *fl_promise_create(fl_loop *loop, fl_executor_fn executor, void *arg)
{
    if (!executor)
        return NULL;
    fl_promise *p = fl_promise_new(loop);
    if (!p)
        return NULL;
    int threw;
    fl_value *completion = fl__value_unwrap(executor(loop, p, arg), &threw);
    if (threw)
        fl__promise_reject_fn(p, completion);
    else
        fl_value_unref(completion);
    return p;
}

int fl_promise_resolve(fl_promise *promise, fl_value *value)
{
    if (!promise) {
        fl_value_unref(value);
        return FL_EINVAL;
    }
    fl__promise_resolve_fn(promise, value);
    return 0;
}

int fl_promise_reject(fl_promise *promise, fl_value *reason)
{
    if (!promise) {
        fl_value_unref(reason);
        return FL_EINVAL;
    }
    fl__promise_reject_fn(promise, reason);
    return 0;
}

fl_promise *fl_promise_then(fl_promise *promise, fl_then_fn on_fulfilled, fl_then_fn on_rejected,
                            void *arg)
{
    if (!promise)
        return NULL;
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

fl_promise *fl_promise_resolved(fl_loop *loop, fl_value *value)
{
    fl__realm *realm = fl__realm_of(loop);
    if (!realm) {
        fl_value_unref(value);
        return NULL;
    }
    return fl__autorelease(fl__promise_resolve_op(realm, value));
}

fl_promise *fl_promise_rejected(fl_loop *loop, fl_value *reason)
{
    fl_promise *p = fl_promise_new(loop);
    if (p)
        fl__promise_reject_fn(p, reason);
    else
        fl_value_unref(reason);
    return p;
}

fl_promise_state fl_promise_state_of(const fl_promise *promise)
{
    return promise ? (fl_promise_state)promise->state : FL_PROMISE_PENDING;
}

fl_value *fl_promise_result(const fl_promise *promise)
{
    return promise && promise->state != FL_PROMISE_PENDING ? promise->result : NULL;
}

int fl_promise_is_handled(const fl_promise *promise)
{
    return promise ? promise->is_handled : 0;
}
