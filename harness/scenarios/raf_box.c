/*
 * The rendering step end to end: a 40x40 box moves right 4 px per frame for
 * 60 frames, driven by requestAnimationFrame. Nothing else runs, so no frame
 * is dropped: the frame sink sees vsync indexes 0..59, each with the box 4 px
 * further right. The sink reads the box's left edge back from the frame's
 * pixels, so the transcript checks layout and raster, not just the script.
 * With --frames DIR the same frames land in DIR/frame-00000.png ... 00059.
 */
#include <stdio.h>

#include "frameloop/dom.h"
#include "frameloop/harness.h"
#include "frameloop/render.h"

#define FRAMES   60
#define STEP_PX  4
#define BOX_TOP  20
#define BOX_SIZE 40

typedef struct raf_box_state {
    fl_node *box;
    int frame;
} raf_box_state;

static raf_box_state state;

static void place_box(fl_node *box, int left)
{
    char style[128];
    snprintf(style, sizeof(style),
             "left: %dpx; top: %dpx; width: %dpx; height: %dpx; "
             "background: #08f",
             left, BOX_TOP, BOX_SIZE, BOX_SIZE);
    fl_element_set_attribute(box, "style", style);
}

static void step(fl_loop *loop, double timestamp_ms, void *arg)
{
    (void)timestamp_ms;
    raf_box_state *s = arg;
    place_box(s->box, s->frame * STEP_PX);
    if (++s->frame < FRAMES)
        fl_request_animation_frame(loop, step, s);
}

/* The first non-white pixel of the box's middle row, or -1 (off-screen). */
static int box_left(const fl_frame *frame)
{
    int y = BOX_TOP + BOX_SIZE / 2;
    if (y >= frame->height)
        return -1;
    const uint8_t *row = frame->pixels + (size_t)y * frame->stride;
    for (int x = 0; x < frame->width; x++) {
        const uint8_t *px = row + 4 * (size_t)x;
        if (px[0] != 255 || px[1] != 255 || px[2] != 255)
            return x;
    }
    return -1;
}

static void on_frame(fl_loop *loop, const fl_frame *frame, void *arg)
{
    (void)arg;
    fl_log(loop, "frame %lld box x=%d", (long long)frame->vsync, box_left(frame));
}

FL_SCENARIO(raf_box, "rAF moves a 40x40 box 4 px per frame: frames 0..59, none dropped")
{
    fl_document *doc = fl_document_of(loop);
    state = (raf_box_state){fl_document_create_element(doc, "div"), 0};
    place_box(state.box, 0);
    fl_node_append_child(fl_document_body(doc), state.box);
    fl_render_add_sink(loop, on_frame, NULL);
    fl_request_animation_frame(loop, step, &state);
}
/* Golden frames: every 10th and the last, which keeps the repository small. */
FL_SCENARIO_GOLDEN(raf_box, "frames=0-59/10,59");
