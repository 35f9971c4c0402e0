/*
 * Seed 002's timers example, which Node 11+ and browsers print the same way:
 * every task is followed by a microtask checkpoint, so each timer's promise
 * job runs before the next timer.
 *
 *   setTimeout(() => { console.log('timer1');
 *                      Promise.resolve().then(() => console.log('promise1')); }, 0);
 *   setTimeout(() => { console.log('timer2');
 *                      Promise.resolve().then(() => console.log('promise2')); }, 0);
 *   // timer1 promise1 timer2 promise2
 */
#include "frameloop/harness.h"

static void log_token(fl_loop *loop, void *arg)
{
    fl_log(loop, "%s", (const char *)arg);
}

static void timer1(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "timer1");
    fl_queue_microtask(loop, log_token, "promise1");
}

static void timer2(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "timer2");
    fl_queue_microtask(loop, log_token, "promise2");
}

FL_SCENARIO(timers_then_microtasks, "seed 002's two timers: timer1 promise1 timer2 promise2")
{
    fl_set_timeout(loop, timer1, NULL, 0);
    fl_set_timeout(loop, timer2, NULL, 0);
}
