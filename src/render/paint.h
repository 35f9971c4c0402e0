/**
 * @file paint.h
 * Paint and raster: draws a laid-out document into a framebuffer.
 *
 * A paint re-rasters an area of the viewport (the whole of it, or the frame's
 * damage): cleared to the page background (opaque white), then every box in
 * tree order that can touch the area: its background, its border (inside
 * the box's edges), then its children, clipped to the box when it has
 * overflow:hidden; a box with opacity < 1 paints itself and its subtree into a
 * group layer composited with that opacity (CSS group opacity, not per box).
 * Because the background is opaque, every pixel of the result has alpha 255,
 * so the stored (premultiplied) bytes are also the straight colors.
 *
 * Inside the area, the pixels are byte-identical to a full re-raster's (the
 * raster's operations are pixel-local); outside it, `fb` keeps the previous
 * frame's pixels, which is exact when the area covers every changed pixel.
 */
#ifndef FL_RENDER_PAINT_H
#define FL_RENDER_PAINT_H

#include "render/layout.h"
#include "render/raster.h"

/** The viewport's background: white, as a browser's initial canvas. */
#define FL__PAGE_BACKGROUND ((fl_color){255, 255, 255, 255})

/**
 * Paints `layout` into `fb` with the raster context `r` (reused across frames).
 * @return 0, FL_EINVAL (a NULL argument), or FL_ENOMEM (a group layer could not
 *         be allocated: that group and its subtree are left out of the frame).
 */
int fl__paint(fl__raster *r, fl__fb *fb, const fl__layout *layout);

/**
 * Re-rasters only `area` (clipped to `fb`) of `fb`, which must hold the frame
 * painted before the change that `area` covers. An empty area paints nothing.
 * @return as fl__paint.
 */
int fl__paint_area(fl__raster *r, fl__fb *fb, const fl__layout *layout, fl__rect area);

#endif /* FL_RENDER_PAINT_H */
