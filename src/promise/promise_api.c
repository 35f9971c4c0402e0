/*
 * The public calls that make, settle and read promises, and the references
 * promise values hold; then and catch live with PerformPromiseThen in
 * promise.c.
 */
#include "promise/promise_internal.h"

fl_promise *fl__promise_value_ref(fl_promise *p)
{
    return fl__promise_ref(p);
}

void fl__promise_value_unref(fl_promise *p)
{
    /* While the loop is being freed, promises go with their blocks: the one a
     * value names may be gone already. */
    if (p && fl__promise_realm(p)->dying)
        return;
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
