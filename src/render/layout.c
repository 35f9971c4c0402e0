/*
 * Layout (layout.h): a recursive walk of the element tree that appends one box
 * per displayed element in pre-order, then computes each subtree's paint
 * bounds on the way back up, which is what opacity groups size their layers by
 * and what damage is made of.
 */
#include "render/layout.h"
#include "render/raster.h"

#include <math.h>
#include <stdlib.h>

/* Positions far outside any viewport are clamped so the int conversion is defined. */
#define COORD_LIMIT 1e9

/* A CSS px position to a device pixel edge: round half up, clamped. */
static int px_edge(double v)
{
    if (!(v > -COORD_LIMIT)) /* also catches NaN */
        return (int)-COORD_LIMIT;
    if (v > COORD_LIMIT)
        return (int)COORD_LIMIT;
    return (int)floor(v + 0.5);
}

static int push_box(fl__layout *out, size_t *index)
{
    if (out->len == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 64;
        fl__box *v = realloc(out->v, cap * sizeof(*v));
        if (!v)
            return FL_ENOMEM;
        out->v = v;
        out->cap = cap;
    }
    *index = out->len++;
    return 0;
}

/* The box of an element with style `s` whose top left corner is at (x, y) CSS px. */
static fl__box make_box(const fl_style *s, double x, double y)
{
    fl__box b = {0};
    int x0 = px_edge(x), y0 = px_edge(y);
    b.rect = (fl__rect){x0, y0, px_edge(x + s->width) - x0, px_edge(y + s->height) - y0};
    b.background = s->background;
    b.border_color = s->border_color;
    b.border = s->border_width > 0 ? px_edge(s->border_width) : 0;
    b.opacity = fl__raster_opacity(s->opacity);
    b.clip = s->overflow_hidden;
    return b;
}

static int layout_children(fl__layout *out, fl_node *parent, double ox, double oy);

static int layout_element(fl__layout *out, fl_node *el, double ox, double oy)
{
    const fl_style *s = &el->style;
    if (s->display_none)
        return 0;
    double x = ox + s->left + s->translate_x;
    double y = oy + s->top + s->translate_y;
    size_t i;
    if (push_box(out, &i) != 0)
        return FL_ENOMEM;
    out->v[i] = make_box(s, x, y);
    out->v[i].node = el;
    if (layout_children(out, el, x, y) != 0)
        return FL_ENOMEM;
    /* `out->v` may have moved while the children were added. */
    fl__box *b = &out->v[i];
    b->end = out->len;
    fl__rect inner = {0, 0, 0, 0};
    for (size_t c = i + 1; c < b->end; c = out->v[c].end)
        inner = fl__rect_union(inner, out->v[c].bounds);
    if (b->clip)
        inner = fl__rect_intersect(inner, b->rect);
    b->bounds = fl__rect_union(b->rect, inner);
    return 0;
}

static int layout_children(fl__layout *out, fl_node *parent, double ox, double oy)
{
    for (fl_node *c = parent->first; c; c = c->next) {
        if (c->type == FL_NODE_ELEMENT && layout_element(out, c, ox, oy) != 0)
            return FL_ENOMEM;
    }
    return 0;
}

int fl__layout_build(fl__layout *out, fl_document *doc)
{
    out->len = 0;
    if (!doc || !doc->root)
        return 0;
    if (layout_children(out, doc->root, 0.0, 0.0) != 0) {
        out->len = 0;
        return FL_ENOMEM;
    }
    return 0;
}

/* The union of the bounds of the damaged boxes of `layout`. A damaged box's
 * bounds hold its subtree's, so the subtree is skipped. */
static fl__rect damaged_bounds(const fl__layout *layout)
{
    fl__rect area = {0, 0, 0, 0};
    size_t i = 0;
    while (i < layout->len) {
        const fl__box *b = &layout->v[i];
        if (fl_node_is_damaged(b->node)) {
            area = fl__rect_union(area, b->bounds);
            i = b->end;
        } else {
            i++;
        }
    }
    return area;
}

static void take_damage(const fl__layout *layout)
{
    for (size_t i = 0; i < layout->len; i++)
        fl_node_take_damage(layout->v[i].node);
}

fl__rect fl__layout_damage(const fl__layout *prev, const fl__layout *next)
{
    /* Both layouts are read before any flag is taken: a node in both must
     * count in each. */
    fl__rect area = fl__rect_union(damaged_bounds(prev), damaged_bounds(next));
    take_damage(prev);
    take_damage(next);
    return area;
}

void fl__layout_free(fl__layout *layout)
{
    free(layout->v);
    *layout = (fl__layout){0};
}
