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
 * A window's loop only: in the node profile and in a worker's loop (worker.h)
 * these calls return FL_ENOTSUP.
 */
#ifndef FRAMELOOP_RENDER_H
#define FRAMELOOP_RENDER_H

#include <stddef.h>
#include <stdint.h>

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
 *         FL_ENOTSUP (node profile, worker), FL_ENOMEM.
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

/* ---- Frames: the viewport and the frame sinks ------------------------------ */

/*
 * After the animation frame callbacks, the rendering step lays the document
 * out (each element a box at left/top from its parent's box, plus its
 * translate, sized by width/height; display:none removes a subtree;
 * overflow:hidden clips children) and paints it in tree order into the
 * viewport (default 640x360, white) with src-over blending, opacity applied to
 * each subtree as a group, and solid borders: exact integer maths, so a run
 * gives the same pixels on every machine. The step also runs, without
 * callbacks, when the document has damage and a tick has passed, once this
 * loop uses the rendering layer (a rAF, a viewport or a sink). The frame then
 * goes to every sink, in the order they were added, tagged with its vsync
 * index (tick time / vsync_us), so the frames a long task drops show as gaps.
 */

/** Default viewport size in CSS px (one CSS px is one device pixel). */
#define FL_VIEWPORT_DEFAULT_WIDTH  640
#define FL_VIEWPORT_DEFAULT_HEIGHT 360
/** Largest viewport width or height. */
#define FL_VIEWPORT_MAX 16384

/**
 * A rendered frame, read-only and borrowed: valid during the sink callback
 * (memory sink frames: until the loop is freed).
 *
 * Pixels are RGBA8, 4 bytes per pixel in memory order R, G, B, A, rows top to
 * bottom `stride` bytes apart, straight (not premultiplied) alpha. The
 * viewport's background is opaque, so every pixel has alpha 255.
 */
typedef struct fl_frame {
    int64_t vsync;         /**< vsync index: the tick's time / vsync_us */
    int64_t time_us;       /**< the tick's time (the callbacks' timestamp) */
    int width, height;     /**< the viewport's size when the frame was made */
    size_t stride;         /**< bytes from one row to the next */
    const uint8_t *pixels; /**< height * stride bytes */
    int changed;           /**< 1 when the pixels may differ from the previous frame's */
} fl_frame;

/** A frame sink callback. It must not call fl_loop_run; it may log. */
typedef void (*fl_frame_fn)(fl_loop *loop, const fl_frame *frame, void *arg);

/**
 * Sets the viewport's size (default 640x360). Takes effect at the next frame,
 * which is then fully re-rastered.
 * @return 0, FL_EINVAL (NULL loop, a size outside 1..FL_VIEWPORT_MAX),
 *         FL_ENOTSUP (node profile, worker), FL_ENOMEM.
 */
int fl_render_set_viewport(fl_loop *loop, int width, int height);

/**
 * Adds a callback sink: `fn(loop, frame, arg)` for every frame. `arg` stays the
 * caller's.
 * @return 0, FL_EINVAL (NULL loop or fn), FL_ENOTSUP (node profile, worker), FL_ENOMEM.
 */
int fl_render_add_sink(fl_loop *loop, fl_frame_fn fn, void *arg);

/**
 * An overlay callback: draws over a copy of each frame before the sinks get
 * it. `pixels` is that copy (straight RGBA8, `frame->stride` bytes per row,
 * opaque); keep it opaque. It must not call fl_loop_run.
 */
typedef void (*fl_overlay_fn)(fl_loop *loop, const fl_frame *frame, uint8_t *pixels, void *arg);

/**
 * Sets the frame overlay (one per loop; NULL removes it), e.g. a HUD. The
 * overlay never reaches the rendering itself; every frame it draws on counts
 * as changed.
 * @return 0, FL_EINVAL (NULL loop), FL_ENOTSUP (node profile, worker), FL_ENOMEM.
 */
int fl_render_set_overlay(fl_loop *loop, fl_overlay_fn fn, void *arg);

/**
 * Adds a PNG directory sink: every frame is written to `dir`/frame-NNNNN.png
 * (NNNNN the vsync index, at least five digits), atomically (a temporary file
 * renamed into place). A frame whose pixels did not change is not re-encoded:
 * the previous frame's bytes are written again. `dir` is created when missing
 * (one level) and copied. Frames are encoded and written on the sink's own
 * thread through a queue of 8 frames: the loop thread copies a changed frame's
 * pixels and waits only while the queue is full, so encoding does not distort
 * the main thread's timing. Each fl_loop_run waits for the queue before it
 * returns, so a run ends with its files on disk; fl_loop_free does too. Each
 * PNG directory encodes its own copy.
 *
 * A write that fails during a run stops the run (fl_loop_stop) and is reported
 * by fl_render_sink_status.
 * @return 0, FL_EINVAL (NULL loop or dir), FL_ENOTSUP (node profile, worker),
 *         FL_ENOMEM, FL_EIO (`dir` is not a writable directory).
 */
int fl_render_add_png_sink(fl_loop *loop, const char *dir);

/**
 * Adds an in-memory sink: the loop keeps every frame until it is freed
 * (unchanged frames share their predecessor's pixels). Read them with
 * fl_render_frame_count and fl_render_frame_at. Adding it twice keeps one.
 * @return 0, FL_EINVAL, FL_ENOTSUP (node profile, worker), FL_ENOMEM.
 */
int fl_render_add_memory_sink(fl_loop *loop);

/** How many frames the memory sink holds (0 without one). */
size_t fl_render_frame_count(const fl_loop *loop);

/**
 * The i-th frame the memory sink kept, oldest first. Its pixels are owned by
 * the loop and valid until fl_loop_free.
 * @return 0, FL_EINVAL (NULL argument), FL_ENOENT (no such frame).
 */
int fl_render_frame_at(const fl_loop *loop, size_t i, fl_frame *out);

/**
 * The first sink failure of this loop (e.g. a PNG write error), if any. Waits
 * until the PNG sinks have written every frame handed to them.
 * @param msg receives a one-line explanation (may be NULL); "" when none.
 * @return 0, or the failure's FL_E* code (FL_EIO, FL_ENOMEM).
 */
int fl_render_sink_status(const fl_loop *loop, const char **msg);

/**
 * Encodes straight RGBA8 pixels (as an fl_frame holds them: `height` rows
 * `stride` bytes apart) as PNG bytes in memory, with the frame sinks' encoder.
 * @param png receives the bytes (free them with free()); NULL on failure.
 * @return 0, FL_EINVAL (NULL argument, a size outside 1..FL_VIEWPORT_MAX, a
 *         stride below width * 4 or not a multiple of 4), FL_ENOMEM, FL_EIO.
 */
int fl_png_encode(int width, int height, size_t stride, const uint8_t *pixels, uint8_t **png,
                  size_t *len);

/* ---- PNG files and atomic writes (golden comparison) ------------------------ */

/**
 * Writes `len` bytes to `path` atomically: a temporary file beside it, written
 * in full, fsync'ed and renamed over `path`. Readers see the old file or the
 * new one; on failure an existing `path` is left as it was.
 * @param msg receives a one-line explanation on FL_EIO (may be NULL).
 * @return 0, FL_EINVAL (NULL path, or NULL data with len > 0), FL_ENOMEM,
 *         FL_EIO.
 */
int fl_file_write_atomic(const char *path, const void *data, size_t len, char *msg,
                         size_t msg_size);

/**
 * Encodes straight RGBA8 pixels as fl_png_encode does and writes them to
 * `path` atomically (fl_file_write_atomic). Opaque pixels round-trip exactly
 * through fl_png_read.
 * @return 0, FL_EINVAL (as fl_png_encode, or a NULL path), FL_ENOMEM, FL_EIO
 *         (with msg).
 */
int fl_png_write(const char *path, int width, int height, size_t stride, const uint8_t *pixels,
                 char *msg, size_t msg_size);

/**
 * Reads a PNG file into straight RGBA8 pixels, rows `width * 4` bytes apart,
 * checking every chunk's length and CRC first, so a truncated or corrupted
 * file fails instead of decoding into wrong pixels.
 * @param pixels receives the pixels (the caller frees them with free()); NULL
 *        on failure.
 * @return 0, FL_EINVAL (NULL argument), FL_ENOMEM, FL_EIO (missing, not a PNG,
 *         corrupt, truncated, larger than FL_VIEWPORT_MAX: with msg).
 */
int fl_png_read(const char *path, int *width, int *height, uint8_t **pixels, char *msg,
                size_t msg_size);

#ifdef __cplusplus
}
#endif

#endif /* FRAMELOOP_RENDER_H */
