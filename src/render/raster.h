/**
 * @file raster.h
 * The raster step: draws rectangles, borders and opacity groups into a
 * framebuffer, every operation clipped to the current clip rectangle.
 *
 * One fl__raster is reused frame after frame (it keeps its clip stack and its
 * group layers' scratch memory). Each frame:
 *
 *     fl__raster_begin(r, fb);                  clip = the whole framebuffer
 *     fl__raster_push_clip(r, damage);          optional: re-raster only `damage`
 *     fl__raster_clear_rect(r, damage, page);   overwrite (not blend) the background
 *     ... paint in tree order: fill_rect, border, push_clip / pop_clip for
 *         overflow:hidden, begin_group / end_group for opacity < 1 ...
 *     fl__raster_pop_clip(r);
 *     fl__raster_end(r);
 *
 * All coordinates are device pixels of the target framebuffer, also inside a
 * group (the group's layer is translated internally). Colors are straight
 * fl_color; blending is src-over with the formulas of framebuffer.h.
 *
 * Damage: every operation is pixel-local (a pixel's result depends only on its
 * own previous value and the operations covering it), so re-rastering a whole
 * scene under a clip C gives, inside C, exactly the pixels of a full raster;
 * outside C nothing is touched. Redraw damage by clearing C and painting
 * everything that intersects it. The clip must cover every changed pixel (the
 * union of old and new bounds of what moved): fl__rect_union.
 *
 * Not thread-safe: one raster, one thread at a time (the main thread).
 */
#ifndef FL_RENDER_RASTER_H
#define FL_RENDER_RASTER_H

#include "render/framebuffer.h"

/** A reusable raster context (clip stack, layer stack, pooled layer memory). */
typedef struct fl__raster fl__raster;

/** @return a raster context (free with fl__raster_free), or NULL when out of memory. */
fl__raster *fl__raster_new(void);

/** Frees the context and its pooled layer memory (not the target); NULL is a no-op. */
void fl__raster_free(fl__raster *r);

/**
 * Starts a frame on `target`: empties the clip and group stacks, sets the clip
 * to the target's bounds. The target is borrowed until the next begin.
 * @return 0, or FL_EINVAL for a NULL argument.
 */
int fl__raster_begin(fl__raster *r, fl__fb *target);

/**
 * Ends a frame. Groups left open are ended (composited) so the frame is still
 * complete, but that is a caller bug and is reported.
 * @return 0, or FL_EINVAL when groups or clips were left open (or r is NULL).
 */
int fl__raster_end(fl__raster *r);

/**
 * Intersects the clip with `rect` (overflow:hidden, damage) until the matching pop.
 * @return 0, FL_EINVAL (NULL r, or no frame begun), or FL_ENOMEM (the stack is unchanged).
 */
int fl__raster_push_clip(fl__raster *r, fl__rect rect);

/**
 * Restores the clip before the last push_clip.
 * @return 0, or FL_EINVAL when there is no clip of the current group to pop.
 */
int fl__raster_pop_clip(fl__raster *r);

/** The current clip (target coordinates): callers may skip what does not intersect it. */
fl__rect fl__raster_clip(const fl__raster *r);

/**
 * Src-over fill of `rect` with `color`: alpha 255 overwrites (row stores and
 * memcpy), alpha 0 does nothing, anything else blends. Clipped; never fails.
 */
void fl__raster_fill_rect(fl__raster *r, fl__rect rect, fl_color color);

/**
 * Overwrites `rect` with `color` (no blending, even for a translucent color):
 * the frame background, or a damaged area before it is repainted. Clipped.
 */
void fl__raster_clear_rect(fl__raster *r, fl__rect rect, fl_color color);

/**
 * A solid border `width` px wide inside `box`'s edges (CSS border-box), as four
 * non-overlapping rectangles: top and bottom span the full width, left and right
 * fill in between, so a translucent border blends each pixel once, corners too.
 * A width of at least half the box fills the box once. width <= 0 draws nothing.
 */
void fl__raster_border(fl__raster *r, fl__rect box, int width, fl_color color);

/**
 * Starts an opacity group (CSS opacity < 1): what is drawn until the matching
 * fl__raster_end_group goes into a transparent layer covering `bounds` (clipped
 * to the current clip), which end_group composites onto what is below with
 * `opacity` (0..255; see fl__raster_opacity). `bounds` must hold everything the
 * group paints: the group also clips to it.
 * opacity 255 makes no layer (as CSS, opacity 1 is not a group: content draws
 * straight onto the parent, clipped to bounds); opacity 0 or empty bounds draw
 * nothing at all. Groups nest.
 * @return 0, FL_EINVAL (NULL r, no frame), or FL_ENOMEM (no group was begun:
 *         do not call end_group for it).
 */
int fl__raster_begin_group(fl__raster *r, fl__rect bounds, unsigned opacity);

/**
 * Ends the innermost group: composites its layer, s' = div255(s * opacity) then
 * src-over, and restores the clip it started with (clips pushed inside the
 * group and not popped are dropped, and reported).
 * @return 0, or FL_EINVAL with no open group or unbalanced clips inside it.
 */
int fl__raster_end_group(fl__raster *r);

/** CSS opacity (0..1, clamped; NaN is 0) as the 0..255 group opacity: round(opacity * 255). */
unsigned fl__raster_opacity(double opacity);

#endif /* FL_RENDER_RASTER_H */
