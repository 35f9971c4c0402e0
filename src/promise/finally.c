/*
 * Promise.prototype.finally (ECMAScript §27.2.5.3): then(thenFinally,
 * catchFinally), where each calls onFinally, waits for what it returned
 * through Promise.resolve(result).then(thunk), and returns that promise, so
 * the original value or reason passes through after exactly the jobs the
 * spec takes.
 */
#include "promise/promise_internal.h"

typedef struct finally_ctx {
    fl__realm *realm;
    fl_finally_fn fn;
    void *arg;
} finally_ctx;

/* valueThunk / thrower: a context that holds the value to pass on. */
typedef struct thunk {
    fl__realm *realm;
    fl_value *value;
} thunk;

static void thunk_release(void *arg)
{
    thunk *t = arg;
    fl_value_unref(t->value);
    fl__block_free(&t->realm->blocks, t);
}

static fl_value *value_thunk(fl_loop *loop, fl_value *ignored, void *arg)
{
    (void)loop;
    (void)ignored;
    return fl_value_ref(((thunk *)arg)->value);
}

static fl_value *thrower(fl_loop *loop, fl_value *ignored, void *arg)
{
    (void)loop;
    (void)ignored;
    return fl_throw(fl_value_ref(((thunk *)arg)->value));
}

/* Steps shared by thenFinally and catchFinally. */
static fl_value *run_finally(fl_loop *loop, fl_value *value, finally_ctx *f, fl_then_fn pass_on)
{
    int threw;
    fl_value *result = fl__value_unwrap(f->fn(loop, f->arg), &threw);
    if (threw)
        return fl_throw(result);
    fl_promise *p = fl__promise_resolve_op(f->realm, result);
    thunk *t = p ? fl__block_alloc(&f->realm->blocks, FL__BLOCK_CONTEXT) : NULL;
    fl_promise *derived = t ? fl__promise_alloc(f->realm) : NULL;
    if (!derived) {
        if (t)
            fl__block_free(&f->realm->blocks, t);
        fl__promise_unref(p);
        return fl_throw(fl_error_named("RangeError", "out of memory"));
    }
    *t = (thunk){f->realm, fl_value_ref(value)};
    fl__perform_then(p, pass_on, NULL, t, thunk_release, derived);
    fl__promise_unref(p);
    fl_value *returned = fl_promise_value(derived);
    fl__promise_unref(derived);
    return returned;
}

static fl_value *then_finally(fl_loop *loop, fl_value *value, void *arg)
{
    return run_finally(loop, value, arg, value_thunk);
}

static fl_value *catch_finally(fl_loop *loop, fl_value *reason, void *arg)
{
    return run_finally(loop, reason, arg, thrower);
}

static void finally_release(void *arg)
{
    finally_ctx *f = arg;
    fl__block_free(&f->realm->blocks, f);
}

fl_promise *fl_promise_finally(fl_promise *promise, fl_finally_fn on_finally, void *arg)
{
    if (!promise)
        return NULL;
    /* A non-callable onFinally is passed to then as it is: pass-through. */
    if (!on_finally)
        return fl_promise_then(promise, NULL, NULL, NULL);
    fl__realm *realm = fl__promise_realm(promise);
    finally_ctx *f = fl__block_alloc(&realm->blocks, FL__BLOCK_CONTEXT);
    fl_promise *derived = f ? fl__promise_alloc(realm) : NULL;
    if (!derived) {
        if (f)
            fl__block_free(&realm->blocks, f);
        return NULL;
    }
    *f = (finally_ctx){realm, on_finally, arg};
    fl__autorelease(derived);
    if (fl__perform_then(promise, then_finally, catch_finally, f, finally_release, derived) != 0)
        return NULL;
    return derived;
}
