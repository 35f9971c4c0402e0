/*
 * long-task-jank with the frame-stats HUD drawn into every frame: its golden
 * frames show the jank at a glance, frame 37 ending in five red bars (vsyncs
 * 32..36 dropped) and an amber one (37 itself, presented late).
 */
#include "frameloop/harness.h"

void fl_scenario_long_task_jank(fl_loop *loop);

FL_SCENARIO(long_task_jank_hud, "long-task-jank with the frame-stats HUD in every frame")
{
    fl_hud_enable(loop);
    fl_scenario_long_task_jank(loop);
}
/* The frames around the jank, and the last: the strip scrolls the red away. */
FL_SCENARIO_GOLDEN(long_task_jank_hud, "frames=30-39,63");
