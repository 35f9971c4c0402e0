/*
 * Seed 002's example under Node 10 and Node 11+:
 *
 *   setTimeout(() => { console.log('timer1');
 *                      Promise.resolve().then(() => console.log('promise1')); }, 0);
 *   setTimeout(() => { console.log('timer2');
 *                      Promise.resolve().then(() => console.log('promise2')); }, 0);
 *
 * Node 10 drained microtasks only between phases: timer1 timer2 promise1
 * promise2. Node 11 and later drain them after every callback, as browsers
 * do: timer1 promise1 timer2 promise2.
 */
#include "frameloop/harness.h"
#include "frameloop/promise.h"

static fl_value *log_job(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    fl_log(loop, "%s", (const char *)arg);
    return NULL;
}

static void timer1(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "timer1");
    fl_promise_then(fl_promise_resolved(loop, NULL), log_job, NULL, "promise1");
}

static void timer2(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "timer2");
    fl_promise_then(fl_promise_resolved(loop, NULL), log_job, NULL, "promise2");
}

static void script(fl_loop *loop)
{
    fl_set_timeout(loop, timer1, NULL, 0);
    fl_set_timeout(loop, timer2, NULL, 0);
}

FL_SCENARIO(node10_vs_node11,
            "seed 002: Node 10 runs timer1 timer2 promise1 promise2, 11+ interleaves")
{
    fl_loop_options opt = *fl_loop_options_of(loop);
    opt.profile = FL_PROFILE_NODE;
    opt.node_version = 10;
    fl_scenario_subrun(loop, "[node 10]", &opt, script);
    opt.node_version = 11;
    fl_scenario_subrun(loop, "[node 11]", &opt, script);
}
FL_SCENARIO_FLAGS(node10_vs_node11, FL_SCENARIO_NODE);
