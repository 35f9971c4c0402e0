/*
 * A microtask that re-queues itself: the checkpoint never empties, so the
 * task never ends and nothing else (no timer, no rendering) can run. A
 * browser hangs here; frameloop stops the run after the checkpoint's limit
 * (loop option microtask_limit, 1,000,000 by default) with FL_ELIVELOCK and
 * an error naming the runaway microtask.
 */
#include "frameloop/harness.h"

static void spin(fl_loop *loop, void *arg)
{
    fl_queue_microtask(loop, spin, arg);
}

static void never(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "timer ran (it never should)");
}

FL_SCENARIO(microtask_livelock, "a microtask that re-queues itself forever: the run fails, exit 1")
{
    fl_log(loop, "script: set a timer, then queue a microtask that re-queues itself");
    fl_set_timeout(loop, never, NULL, 0);
    fl_queue_microtask(loop, spin, NULL);
}
FL_SCENARIO_FLAGS(microtask_livelock, FL_SCENARIO_EXPECT_ERROR);
