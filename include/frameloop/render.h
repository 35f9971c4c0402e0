/**
 * @file render.h
 * The rendering step: requestAnimationFrame and the vsync-driven "update the
 * rendering" of the HTML event loop.
 *
 * Vsync ticks fall at k * vsync_us from the loop's start. After each task and
 * its microtask checkpoint, if a tick has passed since the last rendering
 * opportunity and something waits to render (an animation frame callback),
 * the loop runs the rendering step for the latest tick: the animation frame
 * callbacks registered before the step began, in registration order, each
 * followed by a microtask checkpoint and all given the tick's time as their
 * timestamp (milliseconds, like a DOMHighResTimeStamp). Callbacks registered
 * during the step run at the next one. When nothing waits, no step runs and
 * the slot is idle. With the virtual clock an idle loop jumps to the next tick
 * while a callback is pending.
 *
 * Browser profile only: in the node profile these calls return FL_ENOTSUP.
 */
#ifndef FRAMELOOP_RENDER_H
#define FRAMELOOP_RENDER_H

#include "frameloop/loop.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An animation frame callback id (> 0), or a negative FL_E* code. */
typedef int64_t fl_raf_id;

/** An animation frame callback: `timestamp_ms` is the frame's vsync time. */
typedef void (*fl_raf_fn)(fl_loop *loop, double timestamp_ms, void *arg);

/**
 * requestAnimationFrame: runs `fn` in the next rendering step.
 *
 * @return the callback's id (> 0), or FL_EINVAL (NULL loop or fn),
 *         FL_ENOTSUP (node profile), FL_ENOMEM.
 */
fl_raf_id fl_request_animation_frame(fl_loop *loop, fl_raf_fn fn, void *arg);

/**
 * cancelAnimationFrame: the callback will not run, even when it belongs to the
 * rendering step now running.
 *
 * @return 0, or FL_ENOENT when it ran, was cancelled or is unknown.
 */
int fl_cancel_animation_frame(fl_loop *loop, fl_raf_id id);

/** Counters of the rendering step since the loop was made. */
typedef struct fl_render_stats {
    uint64_t frames;        /**< rendering steps run */
    uint64_t raf_callbacks; /**< animation frame callbacks run */
    int64_t last_frame_us;  /**< vsync time of the last step, or -1 */
} fl_render_stats;

/** Copies the counters. @return 0, or FL_EINVAL. */
int fl_render_get_stats(fl_loop *loop, fl_render_stats *out);

#ifdef __cplusplus
}
#endif

#endif /* FRAMELOOP_RENDER_H */
