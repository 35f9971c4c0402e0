/**
 * @file metrics.h
 * Frame and responsiveness metrics: what a run's tasks did to its frames.
 *
 * Once fl_metrics_enable() is called, the loop measures every task (source,
 * name, start, duration including its microtask checkpoint, microtasks run)
 * and every vsync slot, the way a browser's frame tracker does:
 *
 * - a slot is *expected* when, at its tick, something was waiting to render
 *   (a pending rAF callback or damage); idle slots count in nothing below;
 * - it is *presented* when the rendering step ran for it before the next tick,
 *   *late* when the loop was busy at the tick and rendered it after that task
 *   (before the next tick), and *dropped* when the loop was still busy as the
 *   following tick passed. frames_presented counts late frames too;
 *   frames_expected = frames_presented + frames_dropped;
 * - a *long task* takes more than 50 ms; total blocking time sums each task's
 *   time over 50 ms;
 * - a *long animation frame* (LoAF) is a frame whose span, from the start of
 *   the first task after the previous frame to the end of its rendering step,
 *   exceeds 50 ms.
 *
 * Within a task the loop cannot see the moment a tick passes, so a task's
 * ticks count as expected when something was waiting to render as it began.
 * All times are loop times in milliseconds. Recording keeps counters, the
 * expected slots, the long tasks and the LoAFs; for the trace, after
 * fl_metrics_record_trace(), every task, rendering step and part of one too.
 * The node profile does not render and records no frames.
 */
#ifndef FRAMELOOP_METRICS_H
#define FRAMELOOP_METRICS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "frameloop/loop.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The threshold of a long task and of a long animation frame, in ms. */
#define FL_METRICS_LONG_MS 50
/** The sliding window of percent_dropped_window, in ms. */
#define FL_METRICS_WINDOW_MS 1000
/** At most this many tasks are kept per frame for LoAF attribution (the longest). */
#define FL_METRICS_LOAF_MAX_TASKS 16

/** Percent of expected slots dropped in a sliding 1 s window, over the run's windows. */
typedef struct fl_metrics_window {
    double max;
    double p95;    /**< nearest rank */
    double median; /**< nearest rank */
} fl_metrics_window;

/** The run at a glance (fl_metrics_get_summary). */
typedef struct fl_metrics_summary {
    uint64_t frames_expected;
    uint64_t frames_presented; /**< on time and late */
    uint64_t frames_presented_late;
    uint64_t frames_dropped;
    double percent_dropped; /**< frames_dropped * 100 / frames_expected over the run */
    /** One window ends at each expected slot at least 1 s (less one period)
     * after the first; a run shorter than that has one window, the whole run. */
    fl_metrics_window percent_dropped_window;
    double longest_frame_ms; /**< the longest frame span (as a LoAF's duration) */
    uint64_t long_tasks;
    double total_blocking_time_ms;
    uint64_t long_animation_frames;
    uint64_t tasks_run;      /**< tasks recorded */
    uint64_t microtasks_run; /**< in recorded tasks' and rendering steps' checkpoints */
    double duration_ms;      /**< loop time since fl_metrics_enable() */
} fl_metrics_summary;

/** One task of a long animation frame. */
typedef struct fl_metrics_task {
    const char *source; /**< the source's name */
    const char *name;   /**< the task's label */
    double start_ms;
    double duration_ms;
    uint64_t microtasks;
} fl_metrics_task;

/** A long animation frame, as PerformanceLongAnimationFrameTiming gives it. */
typedef struct fl_metrics_loaf {
    double start_time_ms; /**< start of the first task after the previous frame */
    double duration_ms;   /**< to the end of the rendering step */
    double render_start_ms;
    double style_and_layout_start_ms; /**< after the last rAF callback */
    /** Each long task's time over 50 ms, the rendering time added to the
     * longest task (to the step itself when the frame had no task). */
    double blocking_duration_ms;
    int64_t vsync; /**< the slot it presented */
    size_t ntasks; /**< tasks in the frame; at most FL_METRICS_LOAF_MAX_TASKS are listed */
    size_t ntasks_listed;
    const fl_metrics_task *tasks; /**< by start time */
} fl_metrics_loaf;

/**
 * Starts recording on `loop` (once; later calls do nothing). Call it before
 * the run whose frames you want measured; recording stays on until
 * fl_loop_free().
 *
 * @return 0, FL_EINVAL (NULL), FL_ENOMEM, FL_EBUSY (another observer is set).
 */
int fl_metrics_enable(fl_loop *loop);

/**
 * Keeps, from now on, every task, rendering step and part of one (microtask
 * checkpoints that run something, rAF callbacks, layout, paint) with the
 * queue counters, for fl_metrics_write_trace_json: 32 bytes each. Off by
 * default: the summary, the long tasks and the long animation frames need
 * none of it, and a run whose trace nobody reads should not pay for it (on a
 * task that does nearly nothing, keeping it costs as much as the task; see
 * bench_metrics). The CLI turns it on with --trace.
 *
 * @return 0, FL_EINVAL (NULL), FL_ENOENT (not enabled), FL_EBUSY (called
 *         from inside a task, callback or checkpoint).
 */
int fl_metrics_record_trace(fl_loop *loop, int on);

/**
 * Fills `out` with the run so far. A slot still waiting to be rendered after a
 * busy task counts as dropped.
 *
 * @return 0, FL_EINVAL (NULL), FL_ENOENT (recording was never enabled).
 */
int fl_metrics_get_summary(fl_loop *loop, fl_metrics_summary *out);

/** How many long animation frames were recorded; 0 for NULL or when not enabled. */
size_t fl_metrics_loaf_count(const fl_loop *loop);

/**
 * The `i`th long animation frame, in order. Its strings and task list belong
 * to the loop and stay valid until fl_loop_free().
 *
 * @return 0, FL_EINVAL (NULL), FL_ENOENT (no such frame).
 */
int fl_metrics_loaf_at(const fl_loop *loop, size_t i, fl_metrics_loaf *out);

/**
 * Writes the summary as JSON to `out`: every fl_metrics_summary field (the
 * window as {"max","p95","median"}), `long_animation_frames` with their tasks,
 * `policy`, `seed` and `vsync_us`. Times have 3 decimals.
 *
 * @param policy the policy's name as given (NULL writes null); not kept.
 * @return 0, FL_EINVAL, FL_ENOENT (not enabled), FL_EIO (a write failed).
 */
int fl_metrics_write_summary_json(fl_loop *loop, FILE *out, const char *policy, uint64_t seed);

/**
 * As fl_metrics_write_summary_json(), to the file at `path`, atomically: a
 * temporary file beside it, flushed and renamed over it.
 *
 * @return 0, FL_EINVAL, FL_ENOENT (not enabled), FL_EIO (the file is not written).
 */
int fl_metrics_save_summary_json(fl_loop *loop, const char *path, const char *policy,
                                 uint64_t seed);

/**
 * Writes the record as a Chrome Trace Event Format JSON object to `out`, for
 * ui.perfetto.dev and chrome://tracing: `{"traceEvents": [...],
 * "displayTimeUnit": "ms"}`, times in loop microseconds. Process 1 is named
 * "Renderer"; its thread 1, "CrRendererMain", has each task as a complete
 * event ("ph":"X", "cat":"task", named by its label, args `source` and `name`)
 * and each rendering step as one ("name":"Frame", "cat":"render", args
 * `vsync`), with their parts nested inside ("cat":"phase": "RunMicrotasks"
 * for a checkpoint that ran microtasks, "FireAnimationFrame" for each rAF
 * callback, "Layout", "Paint"); spans are kept after fl_metrics_record_trace();
 * its thread 2, "Frames", has each dropped or
 * late slot as an instant event ("ph":"i", "s":"t", "DroppedFrame" or
 * "LateFrame") at its tick. Counter events ("ph":"C") sample the queues: at
 * each task and step whose queues differ from the last sample's, "Queues"
 * {tasks: runnable tasks waiting, timers: timers pending}; around each
 * "RunMicrotasks", "Microtasks" {queued}. Spans are in
 * the order they began (a span's parts follow it), each followed by its
 * counters; instants come last.
 *
 * @return 0, FL_EINVAL (NULL), FL_ENOENT (not enabled), FL_EIO (a write failed).
 */
int fl_metrics_write_trace_json(fl_loop *loop, FILE *out);

/**
 * As fl_metrics_write_trace_json(), to the file at `path`, atomically (as
 * fl_metrics_save_summary_json()).
 *
 * @return 0, FL_EINVAL, FL_ENOENT (not enabled), FL_ENOMEM, FL_EIO (the file is not written).
 */
int fl_metrics_save_trace_json(fl_loop *loop, const char *path);

/* ---- The HTML report ------------------------------------------------------ */

/** A frame for the report's filmstrip. */
typedef struct fl_metrics_report_frame {
    int64_t vsync;      /**< the slot it presented */
    const uint8_t *png; /**< PNG bytes, the caller's (e.g. from fl_png_encode) */
    size_t png_len;
} fl_metrics_report_frame;

/** What the report shows beyond the record. Zeroed, it shows the record alone. */
typedef struct fl_metrics_report_options {
    const char *title;  /**< the heading, e.g. the scenario's name; NULL for "frameloop" */
    const char *policy; /**< as in the summary; NULL for none */
    uint64_t seed;
    /** The filmstrip, in vsync order; a frame whose `png` is the same pointer
     * as the frame before's shares its copy of the image in the file. NULL
     * for none. */
    const fl_metrics_report_frame *frames;
    size_t nframes;
} fl_metrics_report_options;

/**
 * Writes a self-contained HTML report (no script, no external resource; the
 * frames inlined as base64 PNG): the summary; the frame timeline, an SVG with
 * a bar per vsync slot colored presented (green), late (amber), dropped (red)
 * or idle (grey), runs of one color merged when the run has more slots than
 * fit, the long tasks and the long animation frames on their own rows under
 * it, each with a tooltip; tables of the long tasks and of the long animation
 * frames with their script attribution; and the filmstrip, each frame with its
 * vsync index and time, a red marker where frames were dropped.
 *
 * @param opt may be NULL.
 * @return 0, FL_EINVAL (NULL), FL_ENOENT (not enabled), FL_ENOMEM, FL_EIO.
 */
int fl_metrics_write_report_html(fl_loop *loop, FILE *out, const fl_metrics_report_options *opt);

/**
 * As fl_metrics_write_report_html(), to the file at `path`, atomically (as
 * fl_metrics_save_summary_json()).
 * @return 0, FL_EINVAL, FL_ENOENT (not enabled), FL_ENOMEM, FL_EIO.
 */
int fl_metrics_save_report_html(fl_loop *loop, const char *path,
                                const fl_metrics_report_options *opt);

/* ---- The frame-stats HUD ------------------------------------------------ */

/** The HUD shows this many slots, the last one the frame being made. */
#define FL_METRICS_HUD_SLOTS 60

/**
 * Draws the frame-stats HUD into an opaque RGBA8 image (a frame on its way to
 * the sinks: see fl_render_set_overlay, and fl_hud_enable in harness.h, which
 * wires the two): in the top right corner, on a dark panel, a bar for each of
 * the last FL_METRICS_HUD_SLOTS vsync slots up to `vsync`, colored like the
 * report's timeline: presented on time green, late amber, dropped red, and a
 * short grey bar for an idle slot. A narrow image shows fewer slots; one too
 * small for the panel is left as it is.
 *
 * @return 0, FL_EINVAL (NULL, a size below 1 or a stride below width * 4),
 *         FL_ENOENT (recording was never enabled).
 */
int fl_metrics_draw_hud(const fl_loop *loop, int64_t vsync, uint8_t *pixels, int width, int height,
                        size_t stride);

#ifdef __cplusplus
}
#endif

#endif /* FRAMELOOP_METRICS_H */
