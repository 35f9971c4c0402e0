/**
 * @file layout.h
 * Layout: the document's element tree as a flat list of positioned boxes in
 * device pixels, ready for paint.
 *
 * Each element is a box placed at left/top relative to its parent's box, plus
 * its translate(), sized by width/height (auto is 0). The document is the
 * viewport: its origin is (0, 0). display:none removes the whole subtree;
 * text nodes draw nothing. Edges are rounded to whole pixels one by one
 * (round half up of the absolute position), so two boxes that share an edge in
 * CSS px share it in device pixels too (a fractional box's width may then
 * differ by a pixel with where it sits, as in browsers that snap edges).
 *
 * Boxes are stored in tree order (pre-order); `end` is the index one past the
 * box's last descendant, so the children of box i are i + 1, then box[i+1].end,
 * and so on while below box[i].end.
 *
 * Damage: the rendering step keeps the previous frame's layout and, after
 * building the new one, asks fl__layout_damage for the area that may differ.
 * A box's `bounds` holds everything its subtree paints, so the union of the
 * old and new bounds of every damaged node covers every changed pixel: a moved
 * parent carries its children inside its bounds, a removed node is in the old
 * layout only, an inserted one in the new only, and a style change (opacity,
 * overflow, border, display) damages the node it applies to.
 */
#ifndef FL_RENDER_LAYOUT_H
#define FL_RENDER_LAYOUT_H

#include <stddef.h>

#include "dom/dom_internal.h"
#include "render/framebuffer.h"

/** One element's box and the paint properties taken from its computed style. */
typedef struct fl__box {
    fl__rect rect;         /**< border box, device pixels */
    fl__rect bounds;       /**< what the subtree can paint (rect, children, clipped) */
    size_t end;            /**< one past the subtree's last box */
    fl_color background;   /**< straight */
    fl_color border_color; /**< straight */
    int border;            /**< border width, whole pixels (0: none) */
    unsigned opacity;      /**< group opacity 0..255 (255: no group) */
    int clip;              /**< overflow:hidden: children clip to rect */
    fl_node *node;         /**< the element (nodes live as long as their document) */
} fl__box;

/** A reusable list of boxes (kept between frames to reuse its memory). */
typedef struct fl__layout {
    fl__box *v;
    size_t len;
    size_t cap;
} fl__layout;

/**
 * Lays out `doc` (the viewport's content) into `out`, replacing what it held.
 * @return 0, or FL_ENOMEM (out is then empty).
 */
int fl__layout_build(fl__layout *out, fl_document *doc);

/**
 * The area (device pixels, not clipped to the viewport) whose pixels may differ
 * between a paint of `prev`, the last frame's layout of a document, and one of
 * `next`, its layout now: the union of the old and new bounds of every node
 * whose damage flag is set. It then takes (clears) the flags of the nodes of
 * both layouts, so call it once per frame. The root element's insertion or
 * removal needs nothing more: the element is damaged and in one layout.
 * Nodes in neither layout (hidden or detached) keep their flags: they paint
 * nothing, and a later frame that shows them again finds the node or an
 * ancestor damaged anyway.
 */
fl__rect fl__layout_damage(const fl__layout *prev, const fl__layout *next);

/** Frees the list's memory (not the struct); the list is then empty. */
void fl__layout_free(fl__layout *layout);

#endif /* FL_RENDER_LAYOUT_H */
