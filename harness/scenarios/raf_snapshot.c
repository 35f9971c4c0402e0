/*
 * requestAnimationFrame's snapshot rules (HTML "run the animation frame
 * callbacks"): the callbacks that run in a frame are those registered before
 * it began; one registered inside a callback runs next frame; cancelling a
 * callback of the running frame skips it; every callback of a frame sees the
 * same timestamp (the vsync tick, here every 16 ms); and the microtasks a
 * callback queues run before the next callback.
 */
#include "frameloop/harness.h"
#include "frameloop/promise.h"
#include "frameloop/render.h"

static fl_raf_id cancelled_id;

static fl_value *log_job(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    fl_log(loop, "%s", (const char *)arg);
    return NULL;
}

static void later(fl_loop *loop, double ts, void *arg)
{
    (void)arg;
    fl_log(loop, "frame at %.0f ms: callback registered during the previous frame", ts);
}

static void first(fl_loop *loop, double ts, void *arg)
{
    (void)arg;
    fl_log(loop, "frame at %.0f ms: first callback", ts);
    fl_request_animation_frame(loop, later, NULL);
    fl_promise_then(fl_promise_resolved(loop, NULL), log_job, NULL,
                    "microtask from the first callback, before the second");
    fl_cancel_animation_frame(loop, cancelled_id);
}

static void second(fl_loop *loop, double ts, void *arg)
{
    (void)arg;
    fl_log(loop, "frame at %.0f ms: second callback, same timestamp", ts);
}

static void never(fl_loop *loop, double ts, void *arg)
{
    (void)ts;
    (void)arg;
    fl_log(loop, "cancelled callback ran (it never should)");
}

FL_SCENARIO(raf_snapshot, "rAF: snapshot per frame, shared timestamp, cancel, microtasks between")
{
    fl_log(loop, "script: three animation frame callbacks");
    fl_request_animation_frame(loop, first, NULL);
    fl_request_animation_frame(loop, second, NULL);
    cancelled_id = fl_request_animation_frame(loop, never, NULL);
}
