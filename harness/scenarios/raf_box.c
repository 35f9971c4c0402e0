/*
 * The rendering step end to end: a 40x40 box moves right 4 px per frame for
 * 60 frames, driven by requestAnimationFrame. Nothing else runs, so no frame
 * is dropped: the frame sink sees vsync indexes 0..59, each with the box 4 px
 * further right. The sink reads the box's left edge back from the frame's
 * pixels, so the transcript checks layout and raster, not just the script.
 * With --frames DIR the same frames land in DIR/frame-00000.png ... 00059.
 */
#include "frameloop/harness.h"
#include "scenario_box.h"

#define FRAMES    60
#define STEP_PX   4
#define BOX_COLOR "#08f"

typedef struct raf_box_state {
    fl_node *box;
    int frame;
} raf_box_state;

static raf_box_state state;

static void step(fl_loop *loop, double timestamp_ms, void *arg)
{
    (void)timestamp_ms;
    raf_box_state *s = arg;
    fl_box_place(s->box, s->frame * STEP_PX, BOX_COLOR);
    if (++s->frame < FRAMES)
        fl_request_animation_frame(loop, step, s);
}

static void on_frame(fl_loop *loop, const fl_frame *frame, void *arg)
{
    (void)arg;
    fl_log(loop, "frame %lld box x=%d", (long long)frame->vsync, fl_box_left(frame));
}

FL_SCENARIO(raf_box, "rAF moves a 40x40 box 4 px per frame: frames 0..59, none dropped")
{
    state = (raf_box_state){fl_box_new(loop, 0, BOX_COLOR), 0};
    fl_render_add_sink(loop, on_frame, NULL);
    fl_request_animation_frame(loop, step, &state);
}
/* Golden frames: every 10th and the last, which keeps the repository small. */
FL_SCENARIO_GOLDEN(raf_box, "frames=0-59/10,59");
