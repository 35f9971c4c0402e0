/*
 * Async functions (ECMAScript §27.7): AsyncFunctionStart runs the body up to
 * its first await; Await(value) is PromiseResolve(value) then
 * PerformPromiseThen with no derived promise, so awaiting a native promise
 * costs one job once it settles; the function's return value goes through its
 * promise's resolve function, so returning a promise costs the
 * resolve-thenable job's two extra ticks.
 *
 * The frame is reference counted: the call holds it while the body first
 * runs, and each await's reaction holds it until it resumes.
 */
#include "frameloop/async.h"

#include <limits.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "promise/promise_internal.h"

struct fl_async {
    fl__realm *realm;
    fl_async *prev; /* the realm's list of live frames, for fl_loop_free */
    fl_async *next;
    fl_async_fn body;
    void *arg;
    fl_promise *promise; /* the async function's promise */
    fl_value *value;     /* the last await's value or reason */
    unsigned refs;
    int resume_point; /* where the body continues: 0 at the start */
    int threw;
    int done;
    int in_staged_job; /* resume_staged is running the body */
    int resume_here;   /* ... and may run it again for the await just made */
    alignas(max_align_t) unsigned char locals[];
};

static void frame_free(fl_async *co)
{
    if (co->prev)
        co->prev->next = co->next;
    else
        co->realm->frames = co->next;
    if (co->next)
        co->next->prev = co->prev;
    fl__promise_unref(co->promise);
    fl_value_unref(co->value);
    free(co);
}

static void frame_release(void *arg)
{
    fl_async *co = arg;
    if (--co->refs == 0)
        frame_free(co);
}

void fl__async_free_all(fl__realm *realm)
{
    while (realm->frames)
        frame_free(realm->frames);
}

static void run_body(fl_async *co)
{
    co->refs++;
    co->body(co);
    frame_release(co);
}

fl_promise *fl_async_call(fl_loop *loop, fl_async_fn body, size_t locals_size, void *arg)
{
    fl__realm *realm = fl__realm_of(loop);
    if (!realm || !body)
        return NULL;
    fl_async *co = calloc(1, sizeof(*co) + locals_size);
    fl_promise *p = co ? fl__promise_alloc(realm) : NULL;
    if (!p) {
        free(co);
        return NULL;
    }
    co->realm = realm;
    co->next = realm->frames;
    if (co->next)
        co->next->prev = co;
    realm->frames = co;
    co->body = body;
    co->arg = arg;
    co->promise = fl__promise_ref(p);
    co->refs = 1;
    fl__autorelease(p);
    co->body(co); /* the call's own reference keeps the frame alive meanwhile */
    frame_release(co);
    return p;
}

/* The value the body sees after an await (a new reference is taken). */
static void stage_value(fl_async *co, fl_value *value, int threw)
{
    if (co->value != value) {
        fl__value_unref(co->value);
        co->value = fl__value_ref(value);
    }
    co->threw = threw;
}

static void resume(fl_async *co, fl_value *value, int threw)
{
    stage_value(co, value, threw);
    run_body(co);
}

static fl_value *on_fulfilled(fl_loop *loop, fl_value *value, void *arg)
{
    (void)loop;
    resume(arg, value, 0);
    return NULL;
}

static fl_value *on_rejected(fl_loop *loop, fl_value *reason, void *arg)
{
    (void)loop;
    resume(arg, reason, 1);
    return NULL;
}

/* The job of an await on a promise that had already settled: the value was
 * staged in the frame when the job was queued. The job's reference keeps the
 * frame alive. When the body awaits a settled promise again and the
 * checkpoint would run that job next, it runs here, without a queue round
 * trip (a loop of awaits). */
static void resume_staged(fl_loop *loop, void *arg)
{
    (void)loop;
    fl_async *co = arg;
    co->in_staged_job = 1;
    do {
        co->resume_here = 0;
        co->body(co);
    } while (co->resume_here);
    co->in_staged_job = 0;
    frame_release(co);
}

/* PerformPromiseThen on a settled promise queues one reaction job at once.
 * For an await that job needs no reaction record: the frame is the job's
 * context and holds the value, which saves an allocation per await. */
static int await_settled(fl_async *co, fl_promise *p)
{
    int rejected = p->state == FL_PROMISE_REJECTED;
    fl_loop *loop = co->realm->loop;
    if (co->in_staged_job && fl__microtask_run_next_here(loop)) {
        co->resume_here = 1; /* the running job's reference carries over */
    } else {
        if (fl__ring_push(&loop->mq, resume_staged, co, "PromiseReactionJob") != 0)
            return FL_ENOMEM;
        co->refs++;
    }
    if (rejected && !p->is_handled)
        fl__track_handled(p);
    p->is_handled = 1;
    stage_value(co, p->result, rejected);
    return 0;
}

static void await_promise(fl_async *co, fl_promise *p, int resume_point)
{
    co->resume_point = resume_point;
    int rc = FL_ENOMEM;
    if (p && p->state != FL_PROMISE_PENDING) {
        rc = await_settled(co, p);
    } else if (p) {
        co->refs++;
        rc = fl__perform_then(p, on_fulfilled, on_rejected, co, frame_release, NULL);
    }
    if (rc != 0)
        fl__async_finish(co, fl_error_named("RangeError", "out of memory"), 1);
}

void fl__async_await(fl_async *co, fl_promise *promise, int resume_point)
{
    /* A NULL promise is `await undefined`. */
    if (!promise) {
        fl__async_await_value(co, NULL, resume_point);
        return;
    }
    await_promise(co, promise, resume_point);
}

void fl__async_await_value(fl_async *co, fl_value *value, int resume_point)
{
    fl_promise *p = fl__promise_resolve_op(co->realm, value);
    await_promise(co, p, resume_point);
    fl__promise_unref(p);
}

int fl__async_resume_point(fl_async *co)
{
    return co->done ? INT_MIN : co->resume_point;
}

int fl__async_rethrow(fl_async *co)
{
    if (!co->threw)
        return 0;
    fl__async_finish(co, fl_value_ref(co->value), 1);
    return 1;
}

void fl__async_finish(fl_async *co, fl_value *value, int threw)
{
    if (co->done) {
        fl_value_unref(value);
        return;
    }
    co->done = 1;
    if (threw)
        fl__promise_reject_fn(co->promise, value);
    else
        fl__promise_resolve_fn(co->promise, value);
}

void *fl_async_locals(fl_async *co)
{
    return co ? co->locals : NULL;
}

void *fl_async_arg(fl_async *co)
{
    return co ? co->arg : NULL;
}

fl_loop *fl_async_loop(fl_async *co)
{
    return co ? co->realm->loop : NULL;
}

fl_value *fl_async_value(fl_async *co)
{
    return co ? co->value : NULL;
}

int fl_async_threw(fl_async *co)
{
    return co ? co->threw : 0;
}
