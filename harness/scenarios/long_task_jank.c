/*
 * A long task drops frames. A box is animated from the rAF timestamp
 * (x = t * 0.2 px/ms) until t = 1000 ms; at t = 500 ms a timer task works for
 * 100 ms (fl_work). Vsync ticks every 16 ms: the frame at 496 ms is on time,
 * the task holds the thread through the ticks at 512..592 ms, so the next
 * frame is made when it ends, for the latest tick (592 ms, vsync 37), and
 * vsyncs 32..36 get no frame: the box jumps 24 px instead of 3.2. The sink
 * logs each frame and the gap; with --frames DIR the file numbering shows it.
 */
#include "frameloop/harness.h"
#include "scenario_box.h"

#define BOX_COLOR "#e33"
#define END_MS    1000.0

typedef struct jank_state {
    fl_node *box;
    int64_t last_vsync; /* of the previous frame, -1 before the first */
} jank_state;

static jank_state state;

static void animate(fl_loop *loop, double timestamp_ms, void *arg)
{
    jank_state *s = arg;
    fl_box_place(s->box, timestamp_ms * 0.2, BOX_COLOR);
    if (timestamp_ms < END_MS)
        fl_request_animation_frame(loop, animate, s);
}

static void long_task(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "long task starts (100 ms of work)");
    fl_work(loop, FL_MS(100));
    fl_log(loop, "long task ends");
}

static void on_frame(fl_loop *loop, const fl_frame *frame, void *arg)
{
    jank_state *s = arg;
    if (s->last_vsync >= 0 && frame->vsync > s->last_vsync + 1)
        fl_log(loop, "no frame for vsync %lld..%lld (%lld dropped)", (long long)s->last_vsync + 1,
               (long long)frame->vsync - 1, (long long)(frame->vsync - s->last_vsync - 1));
    fl_log(loop, "frame %lld t=%.0f box x=%d", (long long)frame->vsync,
           (double)frame->time_us / 1000.0, fl_box_left(frame));
    s->last_vsync = frame->vsync;
}

FL_SCENARIO(long_task_jank, "a 100 ms task at 500 ms drops vsyncs 32..36 of a rAF animation")
{
    state = (jank_state){fl_box_new(loop, 0, BOX_COLOR), -1};
    fl_render_add_sink(loop, on_frame, &state);
    fl_request_animation_frame(loop, animate, &state);
    fl_set_timeout_named(loop, long_task, NULL, FL_MS(500), "long task");
}
/* Golden frames: every 10th, and the ones around the jank (32..36 are dropped,
 * 37 shows the jump). */
FL_SCENARIO_GOLDEN(long_task_jank, "frames=0-63/10,30-39,63");
