/*
 * Mirrors of the Node puzzles about process.nextTick and the promise queue,
 * and the helpers every node puzzle shares. They run under the node profile:
 * the mirror is Node's main module, called before the loop starts.
 */
#include "puzzles.h"

#include "frameloop/node.h"

/* ---- Node helpers ------------------------------------------------------ */

void fs_read_file(fl_loop *loop, fl_task_fn callback, void *arg)
{
    fl_node_post(loop, FL_NODE_PHASE_POLL, callback, arg, "fs.readFile callback");
}

/* ---- node_tick_before_promise.js --------------------------------------- */

void puzzle_node_tick_before_promise(fl_loop *loop)
{
    fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "promise 1");
    fl_queue_microtask(loop, log_task, "microtask 1");
    fl_next_tick(loop, log_task, "tick 1");
    fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "promise 2");
    fl_next_tick(loop, log_task, "tick 2");
    fl_queue_microtask(loop, log_task, "microtask 2");
    fl_log(loop, "sync");
}

/* ---- node_nested_ticks.js ---------------------------------------------- */

/* () => { console.log('tick A.1'); process.nextTick(() => console.log('tick A.1.1')); } */
static void tick_a_1(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "tick A.1");
    fl_next_tick(loop, log_task, "tick A.1.1");
}

/* () => { console.log('tick A'); Promise.resolve().then(...); nextTick(A.1); nextTick(A.2); } */
static void tick_a(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "tick A");
    fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "promise from tick A");
    fl_next_tick(loop, tick_a_1, NULL);
    fl_next_tick(loop, log_task, "tick A.2");
}

void puzzle_node_nested_ticks(fl_loop *loop)
{
    fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "promise from script");
    fl_next_tick(loop, tick_a, NULL);
    fl_next_tick(loop, log_task, "tick B");
    fl_log(loop, "sync");
}

/* ---- node_tick_inside_then.js ------------------------------------------ */

/* () => { console.log('tick from then 1'); Promise.resolve().then(...); } */
static void tick_from_then_1(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "tick from then 1");
    fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "promise from that tick");
}

/* () => { console.log('then 1'); process.nextTick(...); } */
static fl_value *then_1_queues_tick(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    (void)arg;
    fl_log(loop, "then 1");
    fl_next_tick(loop, tick_from_then_1, NULL);
    return NULL;
}

void puzzle_node_tick_inside_then(fl_loop *loop)
{
    /* Promise.resolve().then(then 1).then(then 2).then(then 3); */
    fl_promise *p =
        fl_promise_then(fl_promise_resolved(loop, NULL), then_1_queues_tick, NULL, NULL);
    p = fl_promise_then(p, log_tag, NULL, "then 2");
    fl_promise_then(p, log_tag, NULL, "then 3");
    /* Promise.resolve().then(other 1).then(other 2); */
    fl_promise *q = fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "other 1");
    fl_promise_then(q, log_tag, NULL, "other 2");
    fl_log(loop, "sync");
}

/* ---- node_then_inside_tick.js ------------------------------------------ */

/* () => { console.log('tick 1'); Promise.resolve('a').then(...); queueMicrotask(...); } */
static void then_tick_1(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "tick 1");
    fl_promise_then(fl_promise_resolved(loop, fl_str("a")), log_with_value, NULL, "then in tick 1");
    fl_queue_microtask(loop, log_task, "microtask in tick 1");
}

/* () => { console.log('tick 2'); Promise.resolve('b').then(...).then(...); } */
static void then_tick_2(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "tick 2");
    fl_promise *p = fl_promise_then(fl_promise_resolved(loop, fl_str("b")), log_with_value, NULL,
                                    "then in tick 2");
    fl_promise_then(p, log_tag, NULL, "then in tick 2, second");
}

void puzzle_node_then_inside_tick(fl_loop *loop)
{
    fl_next_tick(loop, then_tick_1, NULL);
    fl_next_tick(loop, then_tick_2, NULL);
    fl_next_tick(loop, log_task, "tick 3");
    fl_log(loop, "sync");
}

/* ---- node_tick_starvation_bounded.js ----------------------------------- */

static int again_count; /* let n = 0; */

/* function again() { n++; console.log('tick ' + n); if (n < 5) process.nextTick(again); } */
static void again(fl_loop *loop, void *arg)
{
    (void)arg;
    again_count++;
    fl_log(loop, "tick %d", again_count);
    if (again_count < 5)
        fl_next_tick(loop, again, NULL);
}

/* () => { console.log('promise'); process.nextTick(() => console.log('tick from promise')); } */
static fl_value *promise_queues_tick(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    (void)arg;
    fl_log(loop, "promise");
    fl_next_tick(loop, log_task, "tick from promise");
    return NULL;
}

void puzzle_node_tick_starvation_bounded(fl_loop *loop)
{
    again_count = 0;
    fl_set_immediate(loop, log_task, "immediate");
    fl_promise_then(fl_promise_resolved(loop, NULL), promise_queues_tick, NULL, NULL);
    fl_next_tick(loop, again, NULL);
    fl_log(loop, "sync");
}

/* ---- node_queue_microtask_vs_tick.js ----------------------------------- */

/* () => { console.log('microtask 1'); process.nextTick(...); queueMicrotask(...); } */
static void microtask_1(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "microtask 1");
    fl_next_tick(loop, log_task, "tick from microtask 1");
    fl_queue_microtask(loop, log_task, "microtask from microtask 1");
}

/* () => { console.log('tick 1'); queueMicrotask(...); process.nextTick(...); } */
static void mixed_tick_1(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "tick 1");
    fl_queue_microtask(loop, log_task, "microtask from tick 1");
    fl_next_tick(loop, log_task, "tick from tick 1");
}

void puzzle_node_queue_microtask_vs_tick(fl_loop *loop)
{
    fl_queue_microtask(loop, microtask_1, NULL);
    fl_next_tick(loop, mixed_tick_1, NULL);
    fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "promise 1");
    fl_log(loop, "sync");
}

/* ---- node_async_in_tick.js --------------------------------------------- */

/* async function worker() { ...; await null; ...; await Promise.resolve(); ...; return 'done'; } */
static void tick_worker(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    fl_log(loop, "worker start");
    FL_AWAIT_VALUE(co, fl_null());
    fl_log(loop, "worker after await 1");
    fl_next_tick(loop, log_task, "tick from worker");
    FL_AWAIT(co, fl_promise_resolved(loop, NULL));
    fl_log(loop, "worker after await 2");
    FL_ASYNC_RETURN(co, fl_str("done"));
    FL_ASYNC_END(co);
}

/* () => { console.log('tick 1'); worker().then((v) => console.log('worker ' + v)); } */
static void tick_calls_worker(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "tick 1");
    fl_promise_then(fl_async_call(loop, tick_worker, 0, NULL), log_with_value, NULL, "worker");
}

void puzzle_node_async_in_tick(fl_loop *loop)
{
    /* Promise.resolve().then(p1).then(p2).then(p3); */
    fl_promise *p = fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "p1");
    p = fl_promise_then(p, log_tag, NULL, "p2");
    fl_promise_then(p, log_tag, NULL, "p3");
    fl_next_tick(loop, tick_calls_worker, NULL);
    fl_next_tick(loop, log_task, "tick 2");
    fl_log(loop, "sync");
}
