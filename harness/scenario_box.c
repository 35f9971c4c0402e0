/* The rendering scenarios' box (scenario_box.h). */
#include "scenario_box.h"

#include <stdio.h>

void fl_box_place(fl_node *box, double left, const char *color)
{
    char style[128];
    snprintf(style, sizeof(style),
             "left: %.1fpx; top: %dpx; width: %dpx; height: %dpx; "
             "background: %s",
             left, FL_BOX_TOP, FL_BOX_SIZE, FL_BOX_SIZE, color);
    fl_element_set_attribute(box, "style", style);
}

fl_node *fl_box_new(fl_loop *loop, double left, const char *color)
{
    fl_document *doc = fl_document_of(loop);
    fl_node *box = fl_document_create_element(doc, "div");
    fl_box_place(box, left, color);
    fl_node_append_child(fl_document_body(doc), box);
    return box;
}

int fl_box_left(const fl_frame *frame)
{
    int y = FL_BOX_TOP + FL_BOX_SIZE / 2;
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
