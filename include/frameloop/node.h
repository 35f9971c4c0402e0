/**
 * @file node.h
 * The Node.js host profile: libuv's loop phases, process.nextTick and
 * setImmediate, for loops made with `profile = FL_PROFILE_NODE`.
 *
 * One turn is libuv's uv_run: the loop time is cached (uv_update_time), then
 *   1. timers:   every timer due at the cached time, deadline then set order;
 *   2. pending:  I/O callbacks deferred from the previous turn;
 *   3. prepare:  idle/prepare callbacks (internal to Node; here for tests);
 *   4. poll:     fd readiness and every task queued on a task source, then a
 *                wait: none while immediates are pending, else until the next
 *                timer (the virtual clock jumps there);
 *   5. check:    the immediates queued before the phase began;
 *   6. close:    close callbacks.
 * Task sources all map onto the poll phase (networking, posted messages and
 * the rest), in the loop's selection policy.
 *
 * After every callback (Node 11 and later) or only after every phase
 * (`node_version = 10`), Node's processTicksAndRejections runs: the nextTick
 * queue drains completely, then the promise microtask queue drains, again
 * until both are empty.
 *
 * Timers follow Node, not HTML: a delay below 1 ms or above 2^31-1 ms becomes
 * 1 ms, there is no nesting clamp, and a timer's start is the cached loop
 * time, which is why setTimeout(0) against setImmediate from the main script
 * depends on how long entering the loop took (`node_startup_us`).
 *
 * In the browser profile these calls return FL_ENOTSUP.
 */
#ifndef FRAMELOOP_NODE_H
#define FRAMELOOP_NODE_H

#include "frameloop/loop.h"

#ifdef __cplusplus
extern "C" {
#endif

/** libuv's phases, in turn order. */
typedef enum fl_node_phase {
    FL_NODE_PHASE_NONE = 0, /**< outside the loop: the main script, or between turns */
    FL_NODE_PHASE_TIMERS,
    FL_NODE_PHASE_PENDING,
    FL_NODE_PHASE_PREPARE,
    FL_NODE_PHASE_POLL,
    FL_NODE_PHASE_CHECK,
    FL_NODE_PHASE_CLOSE
} fl_node_phase;

/** "main", "timers", "pending", "prepare", "poll", "check", "close"; "?" otherwise. */
const char *fl_node_phase_name(fl_node_phase phase);

/** The phase whose callback is running now (FL_NODE_PHASE_NONE outside one). */
fl_node_phase fl_node_current_phase(const fl_loop *loop);

/**
 * setImmediate: runs `fn` in a later check phase. Immediates queued during a
 * check phase wait for the next turn's.
 *
 * @return an id for fl_clear_immediate (> 0), or FL_EINVAL / FL_ENOTSUP / FL_ENOMEM.
 */
fl_task_id fl_set_immediate_named(fl_loop *loop, fl_task_fn fn, void *arg, const char *label);

/** setImmediate, labelled with the callback's name and place. */
#define fl_set_immediate(loop, fn, arg)                                                            \
    fl_set_immediate_named((loop), (fn), (arg), #fn " @ " FL_HERE)

/** clearImmediate. @return 0, or FL_ENOENT when it ran, was cleared or is unknown. */
int fl_clear_immediate(fl_loop *loop, fl_task_id immediate);

/**
 * process.nextTick: runs `fn` before any promise job, when the current
 * callback returns (see the file comment).
 *
 * @return 0, or FL_EINVAL / FL_ENOTSUP / FL_ENOMEM.
 */
int fl_next_tick_named(fl_loop *loop, fl_task_fn fn, void *arg, const char *label);

/** process.nextTick, labelled with the callback's name and place. */
#define fl_next_tick(loop, fn, arg) fl_next_tick_named((loop), (fn), (arg), #fn " @ " FL_HERE)

/**
 * Queues a one-shot callback in a phase of the next turn that reaches it:
 * FL_NODE_PHASE_PENDING (a deferred I/O callback), FL_NODE_PHASE_PREPARE,
 * FL_NODE_PHASE_POLL (an I/O callback), FL_NODE_PHASE_CHECK (as
 * setImmediate) or FL_NODE_PHASE_CLOSE (a 'close' event). Timers use
 * fl_set_timeout.
 *
 * @return the task id (> 0), FL_EINVAL for another phase, FL_ENOTSUP, FL_ENOMEM.
 */
fl_task_id fl_node_post(fl_loop *loop, fl_node_phase phase, fl_task_fn fn, void *arg,
                        const char *name);

#ifdef __cplusplus
}
#endif

#endif /* FRAMELOOP_NODE_H */
