/*
 * The animated box the rendering scenarios share: a square div placed by its
 * style, and its left edge read back from a frame's pixels, so a transcript
 * checks layout and raster, not just the script.
 */
#ifndef FL_HARNESS_SCENARIO_BOX_H
#define FL_HARNESS_SCENARIO_BOX_H

#include "frameloop/dom.h"
#include "frameloop/render.h"

#define FL_BOX_TOP  20
#define FL_BOX_SIZE 40

/* Makes the box, appends it to the body and places it at `left`, in `color`. */
fl_node *fl_box_new(fl_loop *loop, double left, const char *color);

/* Moves the box to `left` CSS px (one decimal kept). */
void fl_box_place(fl_node *box, double left, const char *color);

/* The first non-white pixel of the box's middle row, or -1 (off-screen). */
int fl_box_left(const fl_frame *frame);

#endif /* FL_HARNESS_SCENARIO_BOX_H */
