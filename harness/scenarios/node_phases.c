/*
 * One callback in every phase of Node's loop, each queuing a nextTick and a
 * promise job. With Node 11+ both run right after their callback, nextTick
 * first, so each phase's three lines stay together, in libuv's phase order:
 * timers, pending, prepare, poll, check, close. The loop is entered 1 ms
 * after the main script (node_startup_us), so the 1 ms timer is due in the
 * first turn.
 */
#include "frameloop/harness.h"
#include "frameloop/node.h"
#include "frameloop/promise.h"

static const char *phase(fl_loop *loop)
{
    return fl_node_phase_name(fl_node_current_phase(loop));
}

static void tick(fl_loop *loop, void *arg)
{
    fl_log(loop, "%-7s %s: nextTick", phase(loop), (const char *)arg);
}

static fl_value *promise_job(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    fl_log(loop, "%-7s %s: promise", phase(loop), (const char *)arg);
    return NULL;
}

static void callback(fl_loop *loop, void *arg)
{
    fl_log(loop, "%-7s %s", phase(loop), (const char *)arg);
    fl_promise_then(fl_promise_resolved(loop, NULL), promise_job, NULL, arg);
    fl_next_tick(loop, tick, arg);
}

static void script(fl_loop *loop)
{
    fl_set_timeout(loop, callback, "setTimeout(0)", 0);
    fl_node_post(loop, FL_NODE_PHASE_PENDING, callback, "deferred I/O callback", "pending");
    fl_node_post(loop, FL_NODE_PHASE_PREPARE, callback, "prepare handle", "prepare");
    fl_node_post(loop, FL_NODE_PHASE_POLL, callback, "I/O callback", "io");
    fl_set_immediate(loop, callback, "setImmediate");
    fl_node_post(loop, FL_NODE_PHASE_CLOSE, callback, "'close' event", "close");
    fl_log(loop, "%-7s script end", phase(loop));
}

FL_SCENARIO(node_phases, "node: one callback per libuv phase, each followed by nextTick, promise")
{
    fl_loop_options opt = *fl_loop_options_of(loop);
    opt.node_startup_us = FL_MS(1);
    fl_scenario_subrun(loop, "[loop entered after 1 ms]", &opt, script);
}
FL_SCENARIO_FLAGS(node_phases, FL_SCENARIO_NODE);
