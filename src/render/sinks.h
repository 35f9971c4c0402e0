/**
 * @file sinks.h
 * Frame sinks: where a rendered frame goes (render.h's fl_render_add_*).
 *
 * The loop's rendering state (raf.c) owns one fl__sinks and hands it every
 * frame with fl__sinks_present. Three kinds: user callbacks, PNG directories
 * (frame-NNNNN.png by vsync index, written atomically; one encode per changed
 * frame, the previous bytes written again otherwise) and the in-memory list
 * (copies of changed frames; unchanged ones share them).
 *
 * Each PNG directory has its own encoder. An asynchronous one owns a thread
 * and a bounded queue: the loop thread copies the frame's pixels into the
 * queue and goes on, waiting only while the queue is full; the thread encodes
 * and writes in vsync order. A synchronous one encodes on the loop thread. The
 * render layer flushes the encoders when each fl_loop_run ends (a run-end
 * hook), so a run returns with its files on disk either way.
 */
#ifndef FL_RENDER_SINKS_H
#define FL_RENDER_SINKS_H

#include <stddef.h>
#include <stdint.h>

#include "frameloop/render.h"
#include "render/framebuffer.h"

typedef struct fl__sink fl__sink;

/** Frames an asynchronous PNG sink may hold before the loop thread waits. */
#define FL__PNG_QUEUE_DEFAULT 8

/** Where a PNG sink encodes (a knob for tests; read when the sink is added). */
typedef enum fl__png_mode {
    FL__PNG_AUTO,  /* the default: asynchronous */
    FL__PNG_SYNC,  /* on the loop thread */
    FL__PNG_ASYNC, /* on the sink's encoder thread */
} fl__png_mode;

/** What the PNG sinks did, summed over all of them (for tests and benchmarks). */
typedef struct fl__png_stats {
    uint64_t encodes;    /* frames encoded (unchanged frames are not) */
    uint64_t writes;     /* files written */
    uint64_t full_waits; /* times the loop thread waited for room in a queue */
} fl__png_stats;

typedef struct fl__kept_frame {
    fl_frame meta; /* pixels unset: they live in bufs[buf] */
    size_t buf;
} fl__kept_frame;

typedef struct fl__sinks {
    fl__sink *v; /* in the order they were added */
    size_t len, cap;

    fl__png_mode png_mode; /* for PNG sinks added later; FL__PNG_AUTO by default */
    size_t png_queue_cap;  /* for PNG sinks added later; 0 means FL__PNG_QUEUE_DEFAULT */

    int memory; /* the in-memory sink is on */
    fl__kept_frame *frames;
    size_t nframes, frames_cap;
    fl__fb **bufs; /* distinct pixel copies, owned */
    size_t nbufs, bufs_cap;

    fl_overlay_fn overlay_fn; /* fl_render_set_overlay, or NULL */
    void *overlay_arg;
    fl__fb *overlay_buf; /* the copy the overlay draws into */

    int status; /* first failure (FL_E*), 0 when none */
    char msg[256];
} fl__sinks;

/**
 * The loop's sinks, made (with the rest of the rendering state) on first use.
 * Defined in raf.c.
 * @return the sinks, or NULL with *err set (FL_EINVAL, FL_ENOTSUP, FL_ENOMEM).
 */
fl__sinks *fl__render_sinks(fl_loop *loop, int *err);

/** The loop's sinks without making them: NULL when it has no rendering state (raf.c). */
const fl__sinks *fl__render_sinks_peek(const fl_loop *loop);

/** The frame the sinks get: `frame`, or `copy` filled with it and the
 * overlay drawn over it (overlay.c). */
const fl_frame *fl__overlay_apply(fl__sinks *s, fl_loop *loop, const fl_frame *frame,
                                  fl_frame *copy);

/** Writes every queued frame, stops the encoder threads, and frees what the sinks own (not
 * the struct). A write failing now is not reported: nobody is left to read it. */
void fl__sinks_clear(fl__sinks *s);

/** Whether any sink is installed (frames are then worth handing out). */
int fl__sinks_any(const fl__sinks *s);

/**
 * Hands `frame` (pixels borrowed for the call) to every sink in order.
 * Failures are recorded in s->status and stop the run (fl_loop_stop).
 */
void fl__sinks_present(fl__sinks *s, fl_loop *loop, const fl_frame *frame);

/** Records the first failure; later ones are dropped. */
void fl__sinks_fail(fl__sinks *s, fl_loop *loop, int code, const char *msg);

/**
 * Waits until every frame handed to the PNG sinks is written (loop thread only).
 * @param msg receives the first encoder failure's explanation (may be NULL).
 * @return 0, or the first failure of a PNG sink's encoder (FL_EIO, FL_ENOMEM).
 */
int fl__sinks_flush(const fl__sinks *s, const char **msg);

/** Sums the PNG sinks' counters into `out` (frames still queued are not counted yet). */
void fl__sinks_png_stats(const fl__sinks *s, fl__png_stats *out);

#endif /* FL_RENDER_SINKS_H */
