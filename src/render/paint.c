/*
 * Paint (paint.h): walks the boxes in tree order and issues raster calls.
 * Subtrees that cannot touch the current clip are skipped whole, which is what
 * keeps a frame of many off-screen or clipped-away boxes cheap, and a damaged
 * area of a few boxes cheap: everything outside it is skipped the same way.
 */
#include "render/paint.h"

static int paint_box(fl__raster *r, const fl__layout *layout, size_t i);

static int paint_children(fl__raster *r, const fl__layout *layout, size_t i)
{
    const fl__box *b = &layout->v[i];
    int rc = 0;
    if (b->clip && fl__raster_push_clip(r, b->rect) != 0)
        return FL_ENOMEM;
    for (size_t c = i + 1; c < b->end; c = layout->v[c].end) {
        int crc = paint_box(r, layout, c);
        if (crc != 0)
            rc = crc;
    }
    if (b->clip)
        fl__raster_pop_clip(r);
    return rc;
}

static int paint_box(fl__raster *r, const fl__layout *layout, size_t i)
{
    const fl__box *b = &layout->v[i];
    if (b->opacity == 0 || fl__rect_empty(fl__rect_intersect(b->bounds, fl__raster_clip(r))))
        return 0;
    /* Opacity 1 is no group at all (CSS): paint straight onto the parent. */
    int group = b->opacity < 255;
    if (group && fl__raster_begin_group(r, b->bounds, b->opacity) != 0)
        return FL_ENOMEM;
    fl__raster_fill_rect(r, b->rect, b->background);
    fl__raster_border(r, b->rect, b->border, b->border_color);
    int rc = paint_children(r, layout, i);
    if (group)
        fl__raster_end_group(r);
    return rc;
}

int fl__paint_area(fl__raster *r, fl__fb *fb, const fl__layout *layout, fl__rect area)
{
    if (!r || !fb || !layout)
        return FL_EINVAL;
    area = fl__rect_intersect(area, fl__fb_bounds(fb));
    if (fl__rect_empty(area))
        return 0;
    /* raster.h's damage recipe: clip, overwrite the background, then paint
     * everything that intersects the clip. */
    int rc = fl__raster_begin(r, fb);
    if (rc == 0 && (rc = fl__raster_push_clip(r, area)) != 0)
        fl__raster_end(r);
    if (rc != 0)
        return rc;
    fl__raster_clear_rect(r, area, FL__PAGE_BACKGROUND);
    /* Top-level boxes are siblings under the viewport, painted in tree order. */
    for (size_t i = 0; i < layout->len; i = layout->v[i].end) {
        int brc = paint_box(r, layout, i);
        if (brc != 0)
            rc = brc;
    }
    fl__raster_pop_clip(r);
    fl__raster_end(r);
    return rc;
}

int fl__paint(fl__raster *r, fl__fb *fb, const fl__layout *layout)
{
    if (!fb)
        return FL_EINVAL;
    return fl__paint_area(r, fb, layout, fl__fb_bounds(fb));
}
