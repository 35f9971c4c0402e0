/* Mirrors of the async function puzzles. */
#include "puzzles.h"

/* ---- async_return_promise_vs_value.js ---------------------------------- */

/* async function returnsPromise() { return Promise.resolve('promise'); } */
static void returns_promise(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_ASYNC_RETURN(co,
                    fl_promise_value(fl_promise_resolved(fl_async_loop(co), fl_str("promise"))));
    FL_ASYNC_END(co);
}

/* async function returnsValue() { return 'value'; } */
static void returns_value(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_ASYNC_RETURN(co, fl_str("value"));
    FL_ASYNC_END(co);
}

void puzzle_async_return_promise_vs_value(fl_loop *loop)
{
    fl_promise_then(fl_async_call(loop, returns_promise, 0, NULL), log_with_value, NULL,
                    "returned");
    fl_promise_then(fl_async_call(loop, returns_value, 0, NULL), log_with_value, NULL, "returned");
    tick_chain(loop, 4);
}

/* ---- await_non_promise.js ---------------------------------------------- */

static void await_plain_values(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    fl_log(loop, "f start");
    /* const a = await 42; */
    FL_AWAIT_VALUE(co, fl_int(42));
    fl_log_value(loop, "f got", fl_async_value(co));
    /* const b = await null; */
    FL_AWAIT_VALUE(co, fl_null());
    fl_log_value(loop, "f got", fl_async_value(co));
    /* const c = await [1, 'two']; */
    FL_AWAIT_VALUE(co, fl_array(2, fl_int(1), fl_str("two")));
    fl_log_value(loop, "f got", fl_async_value(co));
    FL_ASYNC_RETURN(co, fl_str("f done"));
    FL_ASYNC_END(co);
}

void puzzle_await_non_promise(fl_loop *loop)
{
    /* f().then((v) => console.log(v)); */
    fl_promise_then(fl_async_call(loop, await_plain_values, 0, NULL), log_with_value, NULL, NULL);
    tick_chain(loop, 4);
    fl_log(loop, "sync");
}

/* ---- await_pending_timer.js -------------------------------------------- */

/* async function waitFor() { ... await new Promise(... setTimeout 100 ...) ... } */
static void wait_for_timer(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    fl_log(loop, "before await");
    FL_AWAIT(co, timer_settle(loop, FL_MS(100), fl_str("late"), 0, "timer 100 resolves"));
    fl_log_value(loop, "after await", fl_async_value(co));
    FL_ASYNC_RETURN(co, fl_value_ref(fl_async_value(co)));
    FL_ASYNC_END(co);
}

void puzzle_await_pending_timer(fl_loop *loop)
{
    fl_set_timeout(loop, log_task, "timer 0", 0);
    fl_promise_then(fl_async_call(loop, wait_for_timer, 0, NULL), log_with_value, NULL, "then");
    fl_set_timeout(loop, log_task, "timer 200", FL_MS(200));
    fl_log(loop, "sync");
}

/* ---- await_vs_then_ticks.js -------------------------------------------- */

/* async function a() { await Promise.resolve(); console.log('a1'); ... } */
static void await_resolved_thrice(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    FL_AWAIT(co, fl_promise_resolved(loop, NULL));
    fl_log(loop, "a1");
    FL_AWAIT(co, fl_promise_resolved(loop, NULL));
    fl_log(loop, "a2");
    FL_AWAIT(co, fl_promise_resolved(loop, NULL));
    fl_log(loop, "a3");
    FL_ASYNC_END(co);
}

/* async function b() { await null; console.log('b1'); await null; console.log('b2'); } */
static void await_null_twice(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    FL_AWAIT_VALUE(co, fl_null());
    fl_log(loop, "b1");
    FL_AWAIT_VALUE(co, fl_null());
    fl_log(loop, "b2");
    FL_ASYNC_END(co);
}

void puzzle_await_vs_then_ticks(fl_loop *loop)
{
    fl_async_call(loop, await_resolved_thrice, 0, NULL);
    fl_async_call(loop, await_null_twice, 0, NULL);
    /* Promise.resolve().then(p1).then(p2).then(p3); */
    fl_promise *p = fl_promise_resolved(loop, NULL);
    p = fl_promise_then(p, log_tag, NULL, "p1");
    p = fl_promise_then(p, log_tag, NULL, "p2");
    fl_promise_then(p, log_tag, NULL, "p3");
}

/* ---- async_throw_try_catch.js ------------------------------------------ */

/* async function fail(tag) { await null; throw new Error(tag); } */
static void fail_after_await(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_AWAIT_VALUE(co, fl_null());
    FL_ASYNC_THROW(co, fl_error(fl_async_arg(co)));
    FL_ASYNC_END(co);
}

/* async function main() { try { await fail('for try'); ... } catch (e) { ... } ... } */
static void try_catch_main(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    FL_AWAIT_SETTLED(co, fl_async_call(loop, fail_after_await, 0, "for try"));
    if (!fl_async_threw(co))
        fl_log(loop, "unreachable");
    else
        fl_log_value(loop, "try caught", fl_async_value(co));
    FL_ASYNC_RETURN(co, fl_str("main done"));
    FL_ASYNC_END(co);
}

void puzzle_async_throw_try_catch(fl_loop *loop)
{
    /* main().then((v) => console.log(v)); */
    fl_promise_then(fl_async_call(loop, try_catch_main, 0, NULL), log_with_value, NULL, NULL);
    /* fail('for catch').catch((e) => console.log('catch caught ' + show(e))); */
    fl_promise_catch(fl_async_call(loop, fail_after_await, 0, "for catch"), log_with_value,
                     "catch caught");
    tick_chain(loop, 4);
}

/* ---- async_nested_calls.js --------------------------------------------- */

/* async function inner() { console.log('inner'); return 'i'; } */
static void nested_inner(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    fl_log(fl_async_loop(co), "inner");
    FL_ASYNC_RETURN(co, fl_str("i"));
    FL_ASYNC_END(co);
}

/* async function middle() { const v = await inner(); ...; return v + 'm'; } */
static void nested_middle(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    FL_AWAIT(co, fl_async_call(loop, nested_inner, 0, NULL));
    fl_log_value(loop, "middle got", fl_async_value(co));
    FL_ASYNC_RETURN(co, fl_strf("%sm", fl_value_str(fl_async_value(co))));
    FL_ASYNC_END(co);
}

/* async function outer() { const v = await middle(); ...; return v + 'o'; } */
static void nested_outer(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    FL_AWAIT(co, fl_async_call(loop, nested_middle, 0, NULL));
    fl_log_value(loop, "outer got", fl_async_value(co));
    FL_ASYNC_RETURN(co, fl_strf("%so", fl_value_str(fl_async_value(co))));
    FL_ASYNC_END(co);
}

void puzzle_async_nested_calls(fl_loop *loop)
{
    fl_promise_then(fl_async_call(loop, nested_outer, 0, NULL), log_with_value, NULL, "result");
    tick_chain(loop, 4);
    fl_log(loop, "sync");
}

/* ---- async_rejections.js ----------------------------------------------- */

/* async function throwsAtOnce() { console.log('throwsAtOnce runs'); throw ...; } */
static void throws_at_once(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    fl_log(fl_async_loop(co), "throwsAtOnce runs");
    FL_ASYNC_THROW(co, fl_error("thrown"));
    FL_ASYNC_END(co);
}

/* async function awaitsRejected() { await Promise.reject(...); console.log('unreachable'); } */
static void awaits_rejected(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    FL_AWAIT(co, fl_promise_rejected(loop, fl_error("awaited")));
    fl_log(loop, "unreachable");
    FL_ASYNC_END(co);
}

/* async function returnsRejected() { return Promise.reject(new Error('returned')); } */
static void returns_rejected(fl_async *co)
{
    FL_ASYNC_BEGIN(co);
    FL_ASYNC_RETURN(co,
                    fl_promise_value(fl_promise_rejected(fl_async_loop(co), fl_error("returned"))));
    FL_ASYNC_END(co);
}

void puzzle_async_rejections(fl_loop *loop)
{
    fl_promise_catch(fl_async_call(loop, returns_rejected, 0, NULL), log_with_value, "caught");
    fl_promise_catch(fl_async_call(loop, awaits_rejected, 0, NULL), log_with_value, "caught");
    fl_promise_catch(fl_async_call(loop, throws_at_once, 0, NULL), log_with_value, "caught");
    tick_chain(loop, 4);
    fl_log(loop, "sync");
}

/* ---- async_handler_in_then.js ------------------------------------------ */

/* The body of async (v) => { ...; await null; ...; return 'out'; }; arg is v. */
static void async_handler_body(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    fl_log_value(loop, "handler got", fl_async_arg(co)); /* v is read before the first await */
    FL_AWAIT_VALUE(co, fl_null());
    fl_log(loop, "handler resumed");
    FL_ASYNC_RETURN(co, fl_str("out"));
    FL_ASYNC_END(co);
}

/* .then(async (v) => { ... }): the handler returns the async function's promise. */
static fl_value *async_handler(fl_loop *loop, fl_value *value, void *arg)
{
    (void)arg;
    return fl_promise_value(fl_async_call(loop, async_handler_body, 0, value));
}

void puzzle_async_handler_in_then(fl_loop *loop)
{
    fl_promise *p = fl_promise_resolved(loop, fl_str("in"));
    p = fl_promise_then(p, async_handler, NULL, NULL);
    fl_promise_then(p, log_with_value, NULL, "chain got");
    tick_chain(loop, 5);
}

/* ---- await_loop_many.js ------------------------------------------------ */

#define AWAIT_LOOP_N 1000

typedef struct await_loop_locals {
    int i;
} await_loop_locals;

/* async function loop(n) { let i = 0; while (i < n) { await null; i++; } ...; return i; } */
static void await_loop(fl_async *co)
{
    await_loop_locals *l = fl_async_locals(co);
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    while (l->i < AWAIT_LOOP_N) {
        FL_AWAIT_VALUE(co, fl_null());
        l->i++;
    }
    fl_log(loop, "loop finished %d", l->i);
    FL_ASYNC_RETURN(co, fl_int(l->i));
    FL_ASYNC_END(co);
}

/* (n) => n + 1 */
static fl_value *add_one(fl_loop *loop, fl_value *value, void *arg)
{
    (void)loop;
    (void)arg;
    return fl_int(fl_value_int(value) + 1);
}

void puzzle_await_loop_many(fl_loop *loop)
{
    /* loop(1000).then((n) => console.log('loop promise ' + n)); */
    fl_promise *looped = fl_async_call(loop, await_loop, sizeof(await_loop_locals), NULL);
    fl_promise_then(looped, log_with_value, NULL, "loop promise");
    /* let chain = Promise.resolve(0); for (...) chain = chain.then((n) => n + 1); */
    fl_promise *chain = fl_promise_resolved(loop, fl_int(0));
    for (int i = 0; i < AWAIT_LOOP_N; i++)
        chain = fl_promise_then(chain, add_one, NULL, NULL);
    fl_promise_then(chain, log_with_value, NULL, "chain finished");
    fl_log(loop, "sync");
}
