/**
 * @file sinks.h
 * Frame sinks: where a rendered frame goes (render.h's fl_render_add_*).
 *
 * The loop's rendering state (raf.c) owns one fl__sinks and hands it every
 * frame with fl__sinks_present. Three kinds: user callbacks, PNG directories
 * (frame-NNNNN.png by vsync index, written atomically; one encode per changed
 * frame shared by every directory, the previous bytes reused otherwise) and
 * the in-memory list (copies of changed frames; unchanged ones share them).
 */
#ifndef FL_RENDER_SINKS_H
#define FL_RENDER_SINKS_H

#include <stddef.h>
#include <stdint.h>

#include "frameloop/render.h"
#include "render/framebuffer.h"

typedef struct fl__sink fl__sink;

typedef struct fl__kept_frame {
    fl_frame meta; /* pixels unset: they live in bufs[buf] */
    size_t buf;
} fl__kept_frame;

typedef struct fl__sinks {
    fl__sink *v; /* in the order they were added */
    size_t len, cap;

    uint8_t *png; /* the last encoded frame, reused while frames do not change */
    size_t png_len;

    int memory; /* the in-memory sink is on */
    fl__kept_frame *frames;
    size_t nframes, frames_cap;
    fl__fb **bufs; /* distinct pixel copies, owned */
    size_t nbufs, bufs_cap;

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

/** Frees what the sinks own (not the struct). */
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

#endif /* FL_RENDER_SINKS_H */
