/* Mirrors of the `then` puzzles: chains, settled promises, thenables, identity. */
#include "puzzles.h"

#include <stdlib.h>

/* ---- then_nested.js ---------------------------------------------------- */

static fl_value *nested_outer_1(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    (void)arg;
    fl_log(loop, "outer 1");
    /* Promise.resolve().then(inner 1).then(inner 2).then(inner 3); */
    fl_promise *p = fl_promise_resolved(loop, NULL);
    p = fl_promise_then(p, log_tag, NULL, "inner 1");
    p = fl_promise_then(p, log_tag, NULL, "inner 2");
    fl_promise_then(p, log_tag, NULL, "inner 3");
    return NULL;
}

void puzzle_then_nested(fl_loop *loop)
{
    /* Promise.resolve().then(() => { outer 1 ... }).then(outer 2).then(outer 3); */
    fl_promise *p = fl_promise_resolved(loop, NULL);
    p = fl_promise_then(p, nested_outer_1, NULL, NULL);
    p = fl_promise_then(p, log_tag, NULL, "outer 2");
    fl_promise_then(p, log_tag, NULL, "outer 3");
    fl_log(loop, "sync");
}

/* ---- then_settled_vs_pending.js ---------------------------------------- */

void puzzle_then_settled_vs_pending(fl_loop *loop)
{
    /* const late = new Promise((resolve) => { resolveLate = resolve; }); */
    fl_promise *late = fl_promise_new(loop);
    /* const early = Promise.resolve('early'); */
    fl_promise *early = fl_promise_resolved(loop, fl_str("early"));

    fl_promise_then(late, log_with_value, NULL, "late");
    fl_promise_then(early, log_with_value, NULL, "early");
    /* resolveLate('late'); */
    fl_promise_resolve(late, fl_str("late"));
    fl_promise_then(early, log_with_value, NULL, "early again");
    fl_log(loop, "sync");
}

/* ---- then_registration_order.js ---------------------------------------- */

/* () => { console.log('first'); p.then(() => console.log('added by first')); } */
static fl_value *registration_first(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    fl_promise *p = arg;
    fl_log(loop, "first");
    fl_promise_then(p, log_tag, NULL, "added by first");
    return NULL;
}

void puzzle_then_registration_order(fl_loop *loop)
{
    /* const p = Promise.resolve('p'); */
    fl_promise *p = fl_promise_resolved(loop, fl_str("p"));
    fl_promise_then(p, registration_first, NULL, p);
    fl_promise_then(p, log_tag, NULL, "second");
    /* Promise.resolve().then(() => console.log('other')); */
    fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "other");
    fl_promise_then(p, log_tag, NULL, "third");
}

/* ---- then_return_promise.js -------------------------------------------- */

/* () => { console.log('0'); return Promise.resolve('4'); } */
static fl_value *log_0_return_promise_4(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    (void)arg;
    fl_log(loop, "0");
    return fl_promise_value(fl_promise_resolved(loop, fl_str("4")));
}

void puzzle_then_return_promise(fl_loop *loop)
{
    /* Promise.resolve().then(() => { ...; return Promise.resolve('4'); }).then((v) => log(v)); */
    fl_promise *a = fl_promise_resolved(loop, NULL);
    a = fl_promise_then(a, log_0_return_promise_4, NULL, NULL);
    fl_promise_then(a, log_with_value, NULL, NULL);

    /* Promise.resolve().then(1).then(2).then(3).then(5).then(6); */
    fl_promise *b = fl_promise_resolved(loop, NULL);
    b = fl_promise_then(b, log_tag, NULL, "1");
    b = fl_promise_then(b, log_tag, NULL, "2");
    b = fl_promise_then(b, log_tag, NULL, "3");
    b = fl_promise_then(b, log_tag, NULL, "5");
    fl_promise_then(b, log_tag, NULL, "6");
}

/* ---- resolve_thenable_ticks.js ----------------------------------------- */

void puzzle_resolve_thenable_ticks(fl_loop *loop)
{
    /* new Promise((resolve) => resolve(Promise.resolve('inner'))).then(...); */
    fl_value *inner = fl_promise_value(fl_promise_resolved(loop, fl_str("inner")));
    fl_promise *with_promise = fl_promise_create(loop, executor_resolve, inner);
    fl_promise_then(with_promise, log_with_value, NULL, "with promise");

    /* new Promise((resolve) => resolve('plain')).then(...); */
    fl_promise *with_value = fl_promise_create(loop, executor_resolve, fl_str("plain"));
    fl_promise_then(with_value, log_with_value, NULL, "with value");

    tick_chain(loop, 4);
}

/* ---- resolve_identity.js ----------------------------------------------- */

void puzzle_resolve_identity(fl_loop *loop)
{
    /* const p = Promise.resolve('x'); */
    fl_promise *p = fl_promise_resolved(loop, fl_str("x"));
    /* const same = Promise.resolve(p); */
    fl_promise *same = fl_promise_resolved(loop, fl_promise_value(p));
    /* const wrapped = new Promise((resolve) => resolve(p)); */
    fl_promise *wrapped = fl_promise_create(loop, executor_resolve, fl_promise_value(p));

    fl_log(loop, "same %s", same == p ? "true" : "false");
    fl_log(loop, "wrapped %s", wrapped == p ? "true" : "false");
    fl_promise_then(wrapped, log_with_value, NULL, "wrapped");
    fl_promise_then(same, log_with_value, NULL, "same");
    tick_chain(loop, 3);
}

/* ---- settle_once.js ---------------------------------------------------- */

/* resolve('first'); reject(new Error('ignored')); resolve('ignored too'); */
static fl_value *settle_resolve_first(fl_loop *loop, fl_promise *promise, void *arg)
{
    (void)loop;
    (void)arg;
    fl_promise_resolve(promise, fl_str("first"));
    fl_promise_reject(promise, fl_error("ignored"));
    fl_promise_resolve(promise, fl_str("ignored too"));
    return NULL;
}

/* resolve('kept'); throw new Error('after resolve'); */
static fl_value *settle_then_throw(fl_loop *loop, fl_promise *promise, void *arg)
{
    (void)loop;
    (void)arg;
    fl_promise_resolve(promise, fl_str("kept"));
    return fl_throw(fl_error("after resolve"));
}

/* throw new Error('in executor'); */
static fl_value *settle_throw(fl_loop *loop, fl_promise *promise, void *arg)
{
    (void)loop;
    (void)promise;
    (void)arg;
    return fl_throw(fl_error("in executor"));
}

/* reject(new Error('rejected first')); resolve('ignored'); */
static fl_value *settle_reject_first(fl_loop *loop, fl_promise *promise, void *arg)
{
    (void)loop;
    (void)arg;
    fl_promise_reject(promise, fl_error("rejected first"));
    fl_promise_resolve(promise, fl_str("ignored"));
    return NULL;
}

void puzzle_settle_once(fl_loop *loop)
{
    static const log_pair d_pair = {"d fulfilled", "d"};

    fl_promise *a = fl_promise_create(loop, settle_resolve_first, NULL);
    fl_promise_then(a, log_with_value, NULL, "a");

    fl_promise *b = fl_promise_create(loop, settle_then_throw, NULL);
    fl_promise_then(b, log_with_value, NULL, "b");

    fl_promise *c = fl_promise_create(loop, settle_throw, NULL);
    fl_promise_catch(c, log_with_value, "c");

    /* .then((v) => console.log('d fulfilled ' + v), (e) => console.log('d ' + show(e))); */
    fl_promise *d = fl_promise_create(loop, settle_reject_first, NULL);
    fl_promise_then(d, log_pair_fulfilled, log_pair_rejected, (void *)&d_pair);
    fl_log(loop, "sync");
}

/* ---- resolve_self_type_error.js ---------------------------------------- */

/* () => cycle: `box` holds the handler's own derived promise. */
static fl_value *return_own_promise(fl_loop *loop, fl_value *value, void *arg)
{
    (void)loop;
    (void)value;
    fl_promise **box = arg;
    fl_promise *own = *box;
    free(box);
    return fl_promise_value(own);
}

void puzzle_resolve_self_type_error(fl_loop *loop)
{
    /* const self = new Promise((resolve) => { resolveSelf = resolve; }); resolveSelf(self); */
    fl_promise *self = fl_promise_new(loop);
    fl_promise_resolve(self, fl_promise_value(self));
    fl_promise_catch(self, log_error_name, "resolve(self) rejects with");

    /* const cycle = Promise.resolve().then(() => cycle); */
    fl_promise **box = malloc(sizeof(*box));
    if (!box)
        return;
    fl_promise *cycle =
        fl_promise_then(fl_promise_resolved(loop, NULL), return_own_promise, NULL, box);
    *box = cycle;
    fl_promise_catch(cycle, log_error_name, "returning itself rejects with");
    tick_chain(loop, 3);
}

/* ---- then_in_later_task.js --------------------------------------------- */

/* The two promises the timers use, referenced until timer 2, the last user. */
typedef struct later_promises {
    fl_promise *settled;
    fl_promise *later;
} later_promises;

static void later_timer_1(fl_loop *loop, void *arg)
{
    const later_promises *lp = arg;
    fl_log(loop, "timer 1");
    fl_queue_microtask(loop, log_task, "microtask in timer 1");
    fl_promise_then(lp->settled, log_with_value, NULL, "then in timer 1");
    fl_promise_then(lp->later, log_with_value, NULL, "later");
    /* resolveLater('resolved in timer 1'); */
    fl_promise_resolve(lp->later, fl_str("resolved in timer 1"));
}

static void later_timer_2(fl_loop *loop, void *arg)
{
    later_promises *lp = arg;
    fl_log(loop, "timer 2");
    fl_promise_then(lp->later, log_with_value, NULL, "later again");
    fl_promise_unref(lp->settled);
    fl_promise_unref(lp->later);
    free(lp);
}

void puzzle_then_in_later_task(fl_loop *loop)
{
    later_promises *lp = malloc(sizeof(*lp));
    if (!lp)
        return;
    /* const settled = Promise.resolve('old'); const later = new Promise(...); */
    lp->settled = fl_promise_ref(fl_promise_resolved(loop, fl_str("old")));
    lp->later = fl_promise_ref(fl_promise_new(loop));
    fl_set_timeout(loop, later_timer_1, lp, 0);
    fl_set_timeout(loop, later_timer_2, lp, 0);
    fl_log(loop, "sync");
}

/* ---- resolve_locked_in.js ---------------------------------------------- */

/* (resolve, reject) => { resolve(gate); resolve(...); reject(...); throw ...; } */
static fl_value *lock_in_to_gate(fl_loop *loop, fl_promise *promise, void *arg)
{
    (void)loop;
    fl_promise *gate = arg;
    fl_promise_resolve(promise, fl_promise_value(gate));
    fl_promise_resolve(promise, fl_str("too late"));
    fl_promise_reject(promise, fl_error("too late too"));
    return fl_throw(fl_error("ignored throw"));
}

/* (resolve) => { resolve(failing); resolve('too late'); } */
static fl_value *lock_in_to_failing(fl_loop *loop, fl_promise *promise, void *arg)
{
    (void)loop;
    fl_promise *failing = arg;
    fl_promise_resolve(promise, fl_promise_value(failing));
    fl_promise_resolve(promise, fl_str("too late"));
    return NULL;
}

void puzzle_resolve_locked_in(fl_loop *loop)
{
    static const log_pair locked_in = {"locked in", "never"};

    /* const gate = new Promise((resolve) => setTimeout(() => resolve('gate value'), 100)); */
    fl_promise *gate = fl_promise_after(loop, FL_MS(100), fl_str("gate value"));
    fl_promise *p = fl_promise_create(loop, lock_in_to_gate, gate);
    fl_promise_then(p, log_pair_fulfilled, log_pair_rejected, (void *)&locked_in);

    /* const failing = new Promise(... setTimeout(() => reject(new Error(...)), 200)); */
    fl_promise *failing = timer_settle(loop, FL_MS(200), fl_error("gate failed"), 1, NULL);
    fl_promise *q = fl_promise_create(loop, lock_in_to_failing, failing);
    fl_promise_catch(q, log_with_value, "follows");
    fl_log(loop, "sync");
}
