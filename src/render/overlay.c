/*
 * The frame overlay (fl_render_set_overlay): something drawn over each frame
 * on its way to the sinks, such as a frame-stats HUD, and never into the
 * rendering itself. The overlay draws into a copy, so the document's raster,
 * which the next frame re-rasters only where damaged, stays clean.
 */
#include <string.h>

#include "core/loop_internal.h"
#include "frameloop/render.h"
#include "render/sinks.h"

const fl_frame *fl__overlay_apply(fl__sinks *s, fl_loop *loop, const fl_frame *frame,
                                  fl_frame *copy)
{
    if (!s->overlay_fn)
        return frame;
    fl__fb *buf = s->overlay_buf;
    if (!buf || buf->width != frame->width || buf->height != frame->height) {
        fl__fb_free(buf);
        buf = s->overlay_buf = fl__fb_new(frame->width, frame->height);
        if (!buf) {
            fl__sinks_fail(s, loop, FL_ENOMEM, "frame overlay: out of memory");
            return frame;
        }
    }
    for (int y = 0; y < frame->height; y++)
        memcpy(buf->pixels + (size_t)y * buf->stride, frame->pixels + (size_t)y * frame->stride,
               (size_t)frame->width * 4);
    *copy = *frame;
    copy->stride = buf->stride;
    copy->pixels = buf->pixels;
    /* What the overlay shows may change whether the document did or not. */
    copy->changed = 1;
    s->overlay_fn(loop, copy, buf->pixels, s->overlay_arg);
    return copy;
}

int fl_render_set_overlay(fl_loop *loop, fl_overlay_fn fn, void *arg)
{
    int err = FL_EINVAL;
    fl__sinks *s = fl__render_sinks(loop, &err);
    if (!s)
        return err;
    s->overlay_fn = fn;
    s->overlay_arg = fn ? arg : NULL;
    return 0;
}
