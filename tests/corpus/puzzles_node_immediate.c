/*
 * Mirrors of the Node puzzles about setImmediate and I/O callbacks. An
 * fs.readFile callback is a callback in the poll phase: fs_read_file() posts one
 * there, and node_io_callback_phases watches a real pipe with fl_watch_fd.
 */
#include "puzzles.h"

#include <stdlib.h>
#include <unistd.h>

#include "frameloop/node.h"

/* ---- node_immediate_in_immediate.js ------------------------------------ */

/* () => { console.log('immediate 1.1'); setImmediate(() => ...('immediate 1.1.1')); } */
static void immediate_1_1(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "immediate 1.1");
    fl_set_immediate(loop, log_task, "immediate 1.1.1");
}

/* () => setImmediate(() => console.log('immediate from tick in 1')) */
static void tick_sets_immediate(fl_loop *loop, void *arg)
{
    fl_set_immediate(loop, log_task, arg);
}

/* () => { console.log('immediate 1'); setImmediate(...); process.nextTick(...); } */
static void immediate_1(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "immediate 1");
    fl_set_immediate(loop, immediate_1_1, NULL);
    fl_next_tick(loop, tick_sets_immediate, "immediate from tick in 1");
}

/* () => setImmediate(() => console.log('immediate from promise in 2')) */
static fl_value *then_sets_immediate(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    fl_set_immediate(loop, log_task, arg);
    return NULL;
}

/* () => { console.log('immediate 2'); Promise.resolve().then(...); } */
static void immediate_2(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "immediate 2");
    fl_promise_then(fl_promise_resolved(loop, NULL), then_sets_immediate, NULL,
                    "immediate from promise in 2");
}

void puzzle_node_immediate_in_immediate(fl_loop *loop)
{
    fl_set_immediate(loop, immediate_1, NULL);
    fl_set_immediate(loop, immediate_2, NULL);
    fl_set_immediate(loop, log_task, "immediate 3");
    fl_log(loop, "sync");
}

/* ---- node_microtasks_in_immediates.js ---------------------------------- */

/* () => { console.log('promise in 1'); process.nextTick(...); } */
static fl_value *promise_in_1(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    (void)arg;
    fl_log(loop, "promise in 1");
    fl_next_tick(loop, log_task, "tick from promise in 1");
    return NULL;
}

/* () => { console.log('immediate 1'); Promise.resolve().then(...); process.nextTick(...); } */
static void microtasks_immediate_1(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "immediate 1");
    fl_promise_then(fl_promise_resolved(loop, NULL), promise_in_1, NULL, NULL);
    fl_next_tick(loop, log_task, "tick in 1");
}

/* () => { console.log('immediate 2'); queueMicrotask(...); process.nextTick(...); } */
static void microtasks_immediate_2(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "immediate 2");
    fl_queue_microtask(loop, log_task, "microtask in 2");
    fl_next_tick(loop, log_task, "tick in 2");
}

void puzzle_node_microtasks_in_immediates(fl_loop *loop)
{
    fl_set_immediate(loop, microtasks_immediate_1, NULL);
    fl_set_immediate(loop, microtasks_immediate_2, NULL);
    fl_set_immediate(loop, log_task, "immediate 3");
    fl_log(loop, "sync");
}

/* ---- node_clear_immediate.js ------------------------------------------- */

static fl_task_id second_immediate; /* let second = null; */
static fl_task_id fourth_immediate; /* let fourth = null; */

/* () => clearImmediate(fourth) */
static void tick_clears_fourth(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_clear_immediate(loop, fourth_immediate);
}

/* () => { console.log('immediate 1'); clearImmediate(second); process.nextTick(...); } */
static void clearing_immediate(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "immediate 1");
    fl_clear_immediate(loop, second_immediate);
    fl_next_tick(loop, tick_clears_fourth, NULL);
}

void puzzle_node_clear_immediate(fl_loop *loop)
{
    fl_set_immediate(loop, clearing_immediate, NULL);
    second_immediate = fl_set_immediate(loop, log_task, "immediate 2 (cleared)");
    fl_set_immediate(loop, log_task, "immediate 3");
    fourth_immediate = fl_set_immediate(loop, log_task, "immediate 4 (cleared)");
    fl_task_id fifth = fl_set_immediate(loop, log_task, "immediate 5 (cleared by the script)");
    fl_set_immediate(loop, log_task, "immediate 6");
    fl_clear_immediate(loop, fifth);
    fl_log(loop, "sync");
}

/* ---- node_await_immediate.js ------------------------------------------- */

/* The promise nextTurn(name) returns, and the name its immediate logs. */
typedef struct immediate_resolve {
    fl_promise *promise; /* referenced until the immediate runs */
    const char *name;
} immediate_resolve;

/* () => { console.log('immediate for ' + name); resolve(); } */
static void resolve_from_immediate(fl_loop *loop, void *arg)
{
    immediate_resolve *ir = arg;
    fl_log(loop, "immediate for %s", ir->name);
    fl_promise_resolve(ir->promise, NULL);
    fl_promise_unref(ir->promise);
    free(ir);
}

/* (resolve) => setImmediate(...) */
static fl_value *next_turn_executor(fl_loop *loop, fl_promise *promise, void *arg)
{
    immediate_resolve *ir = malloc(sizeof(*ir));
    if (!ir)
        return fl_throw(fl_error("out of memory"));
    *ir = (immediate_resolve){fl_promise_ref(promise), arg};
    fl_set_immediate(loop, resolve_from_immediate, ir);
    return NULL;
}

/* function nextTurn(name) { return new Promise(...); } */
static fl_promise *next_turn(fl_loop *loop, const char *name)
{
    return fl_promise_create(loop, next_turn_executor, (void *)name);
}

typedef struct worker_locals {
    int i;
} worker_locals;

/* async function worker(name) { for (i = 1..2) { ...; await nextTurn(name); } ...done; } */
static void turn_worker(fl_async *co)
{
    worker_locals *l = fl_async_locals(co);
    const char *name = fl_async_arg(co);
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    for (l->i = 1; l->i <= 2; l->i++) {
        fl_log(loop, "%s step %d", name, l->i);
        FL_AWAIT(co, next_turn(loop, name));
    }
    fl_log(loop, "%s done", name);
    FL_ASYNC_END(co);
}

void puzzle_node_await_immediate(fl_loop *loop)
{
    fl_async_call(loop, turn_worker, sizeof(worker_locals), "a");
    fl_async_call(loop, turn_worker, sizeof(worker_locals), "b");
    fl_next_tick(loop, log_task, "tick");
    fl_log(loop, "sync");
}

/* ---- node_io_immediate_before_timeout.js ------------------------------- */

/* The fs.readFile callback. */
static void read_file_sets_both(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "readFile callback");
    fl_set_timeout(loop, log_task, "timeout 1", 0);
    fl_set_immediate(loop, log_task, "immediate 1");
    fl_set_immediate(loop, log_task, "immediate 2");
    fl_set_timeout(loop, log_task, "timeout 2", 0);
    fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "promise");
    fl_next_tick(loop, log_task, "tick");
}

void puzzle_node_io_immediate_before_timeout(fl_loop *loop)
{
    fs_read_file(loop, read_file_sets_both, NULL);
    fl_log(loop, "sync");
}

/* ---- node_io_callback_phases.js ---------------------------------------- */

/*
 * fs.readFile(__filename, cb) as a pipe holding one byte, watched with
 * fl_watch_fd: the readiness is an I/O callback in the poll phase, once.
 */
typedef struct pipe_read {
    int fds[2];
    fl_watch_id watch;
    fl_task_fn callback;
} pipe_read;

static void pipe_readable(fl_loop *loop, int fd, int events, void *arg)
{
    (void)events;
    pipe_read *pr = arg;
    char byte;
    if (read(fd, &byte, 1) != 1)
        fl_log(loop, "read failed");
    fl_unwatch_fd(loop, pr->watch);
    close(pr->fds[0]);
    close(pr->fds[1]);
    fl_task_fn callback = pr->callback;
    free(pr);
    callback(loop, NULL);
}

static void read_file_by_pipe(fl_loop *loop, fl_task_fn callback)
{
    pipe_read *pr = malloc(sizeof(*pr));
    if (!pr || pipe(pr->fds) != 0) {
        fl_log(loop, "pipe failed");
        free(pr);
        return;
    }
    pr->callback = callback;
    pr->watch = fl_watch_fd(loop, pr->fds[0], FL_READABLE, pipe_readable, pr);
    if (write(pr->fds[1], "x", 1) != 1)
        fl_log(loop, "write failed");
}

/* () => { console.log('timeout'); process.nextTick(...); } */
static void phases_timeout(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "timeout");
    fl_next_tick(loop, log_task, "tick in timeout");
}

/* () => { console.log('immediate'); Promise.resolve().then(...); process.nextTick(...); } */
static void phases_immediate(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "immediate");
    fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "promise in immediate");
    fl_next_tick(loop, log_task, "tick in immediate");
}

/* () => { console.log('promise in I/O'); process.nextTick(...); } */
static fl_value *phases_promise(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    (void)arg;
    fl_log(loop, "promise in I/O");
    fl_next_tick(loop, log_task, "tick from promise in I/O");
    return NULL;
}

/* The fs.readFile callback. */
static void phases_io_callback(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "I/O callback");
    fl_set_timeout(loop, phases_timeout, NULL, 0);
    fl_set_immediate(loop, phases_immediate, NULL);
    fl_promise_then(fl_promise_resolved(loop, NULL), phases_promise, NULL, NULL);
    fl_next_tick(loop, log_task, "tick in I/O");
}

void puzzle_node_io_callback_phases(fl_loop *loop)
{
    read_file_by_pipe(loop, phases_io_callback);
    fl_log(loop, "sync");
}

/* ---- node_seed002_io_immediate_first.js -------------------------------- */

/* () => { setTimeout(() => console.log('timeout'), 0); setImmediate(...); } */
static void seed002_read_file_callback(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_set_timeout(loop, log_task, "timeout", 0);
    fl_set_immediate(loop, log_task, "immediate");
}

void puzzle_node_seed002_io_immediate_first(fl_loop *loop)
{
    fs_read_file(loop, seed002_read_file_callback, NULL);
}
