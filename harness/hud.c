/* The frame-stats HUD wired up: metrics draw it, the frame overlay carries it. */
#include "frameloop/harness.h"
#include "frameloop/metrics.h"
#include "frameloop/render.h"

static void draw_hud(fl_loop *loop, const fl_frame *frame, uint8_t *pixels, void *arg)
{
    (void)arg;
    fl_metrics_draw_hud(loop, frame->vsync, pixels, frame->width, frame->height, frame->stride);
}

int fl_hud_enable(fl_loop *loop)
{
    if (!loop)
        return FL_EINVAL;
    if (fl_loop_options_of(loop)->profile != FL_PROFILE_BROWSER)
        return FL_ENOTSUP;
    int rc = fl_metrics_enable(loop);
    return rc != 0 ? rc : fl_render_set_overlay(loop, draw_hud, NULL);
}
