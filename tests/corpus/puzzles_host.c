/* Mirrors of the host puzzles: queueMicrotask, setTimeout 0, seed 002. */
#include "puzzles.h"

/* ---- queue_microtask_interleave.js ------------------------------------- */

/* () => { console.log('m2'); queueMicrotask(m3); Promise.resolve().then(...); } */
static void microtask_m2(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "m2");
    fl_queue_microtask(loop, log_task, "m3");
    fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "p from m2");
}

void puzzle_queue_microtask_interleave(fl_loop *loop)
{
    fl_set_timeout(loop, log_task, "timeout", 0);
    fl_queue_microtask(loop, log_task, "m1");
    /* Promise.resolve().then(p1).then(p2).then(p3); */
    fl_promise *p = fl_promise_resolved(loop, NULL);
    p = fl_promise_then(p, log_tag, NULL, "p1");
    p = fl_promise_then(p, log_tag, NULL, "p2");
    fl_promise_then(p, log_tag, NULL, "p3");
    fl_queue_microtask(loop, microtask_m2, NULL);
    fl_log(loop, "sync");
}

/* ---- timeout_zero_vs_jobs.js ------------------------------------------- */

/* () => { console.log('timeout 1'); Promise.resolve().then(...); setTimeout(..., 0); } */
static void timeout_1(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "timeout 1");
    fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "job from timeout 1");
    fl_set_timeout(loop, log_task, "timeout 3 (set in timeout 1)", 0);
}

/* () => { console.log('job 1'); setTimeout(() => ..., 0); } */
static fl_value *job_1(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    (void)arg;
    fl_log(loop, "job 1");
    fl_set_timeout(loop, log_task, "timeout 4 (set in job 1)", 0);
    return NULL;
}

void puzzle_timeout_zero_vs_jobs(fl_loop *loop)
{
    fl_set_timeout(loop, timeout_1, NULL, 0);
    fl_set_timeout(loop, log_task, "timeout 2", 0);
    fl_promise *p = fl_promise_then(fl_promise_resolved(loop, NULL), job_1, NULL, NULL);
    fl_promise_then(p, log_tag, NULL, "job 2");
    fl_log(loop, "sync");
}

/* ---- seed002_timers_and_promises.js ------------------------------------ */

/* () => { console.log(timer); Promise.resolve().then(() => console.log(promise)); } */
typedef struct timer_and_promise {
    const char *timer;
    const char *promise;
} timer_and_promise;

static void seed002_timer(fl_loop *loop, void *arg)
{
    const timer_and_promise *t = arg;
    fl_log(loop, "%s", t->timer);
    fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, (void *)t->promise);
}

void puzzle_seed002_timers_and_promises(fl_loop *loop)
{
    static const timer_and_promise first = {"timer1", "promise1"};
    static const timer_and_promise second = {"timer2", "promise2"};
    fl_set_timeout(loop, seed002_timer, (void *)&first, 0);
    fl_set_timeout(loop, seed002_timer, (void *)&second, 0);
}
