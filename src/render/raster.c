/*
 * The raster context: a clip stack, a stack of opacity-group layers and the
 * primitives that draw through them. Pixels themselves are computed by the span
 * kernels of framebuffer.c; this file only decides which spans to touch.
 */
#include "render/raster.h"

#include <limits.h>
#include <stdlib.h>

#include "frameloop/error.h"

typedef enum layer_mode {
    LAYER_DRAW, /* content goes into the layer's scratch pixels, composited at the end */
    LAYER_PASS, /* opacity 255: content draws onto the parent (CSS makes no group) */
    LAYER_SKIP  /* opacity 0 or nothing visible: nothing is drawn */
} layer_mode;

typedef struct layer {
    uint32_t *buf; /* scratch pixels, rect.w * rect.h; pooled across frames */
    size_t cap;    /* pixels buf can hold */
    fl__rect rect; /* where the layer lies, target coordinates */
    unsigned opacity;
    int clip_depth; /* clip stack depth when the group began */
    layer_mode mode;
} layer;

/* Where drawing lands: the innermost LAYER_DRAW layer, or the target. */
typedef struct surface {
    uint32_t *px;  /* the pixel at target coordinates (ox, oy) */
    size_t stride; /* pixels from one row to the next */
    int ox, oy;
} surface;

struct fl__raster {
    fl__fb *target; /* NULL outside begin/end */
    fl__rect *clips;
    int nclips, clip_cap;
    layer *layers; /* [0, layer_cap) keep their buffers; [0, nlayers) are open */
    int nlayers, layer_cap;
    surface surf;
};

fl__raster *fl__raster_new(void)
{
    return calloc(1, sizeof(fl__raster));
}

void fl__raster_free(fl__raster *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->layer_cap; i++)
        free(r->layers[i].buf);
    free(r->layers);
    free(r->clips);
    free(r);
}

/* Makes room for `need` clips. @return 0 or FL_ENOMEM (nothing changed). */
static int reserve_clips(fl__raster *r, int need)
{
    if (need <= r->clip_cap)
        return 0;
    int cap = r->clip_cap ? r->clip_cap * 2 : 16;
    fl__rect *clips = realloc(r->clips, (size_t)cap * sizeof(*clips));
    if (!clips)
        return FL_ENOMEM;
    r->clips = clips;
    r->clip_cap = cap;
    return 0;
}

/* Makes room for `need` layers; new slots start with no buffer. @return 0 or FL_ENOMEM. */
static int reserve_layers(fl__raster *r, int need)
{
    if (need <= r->layer_cap)
        return 0;
    int cap = r->layer_cap ? r->layer_cap * 2 : 8;
    layer *layers = realloc(r->layers, (size_t)cap * sizeof(*layers));
    if (!layers)
        return FL_ENOMEM;
    memset(layers + r->layer_cap, 0, (size_t)(cap - r->layer_cap) * sizeof(*layers));
    r->layers = layers;
    r->layer_cap = cap;
    return 0;
}

static surface target_surface(fl__fb *fb)
{
    return (surface){fl__fb_row(fb, 0), fb->stride / 4, 0, 0};
}

/* The innermost drawing layer, or the target: after a group ends. */
static void update_surface(fl__raster *r)
{
    for (int i = r->nlayers - 1; i >= 0; i--) {
        layer *l = &r->layers[i];
        if (l->mode == LAYER_DRAW) {
            r->surf = (surface){l->buf, (size_t)l->rect.w, l->rect.x, l->rect.y};
            return;
        }
    }
    r->surf = target_surface(r->target);
}

/* The surface pixel at target coordinates (x, y), which the current clip holds. */
static uint32_t *surface_at(const fl__raster *r, int x, int y)
{
    const surface *s = &r->surf;
    return s->px + (size_t)(y - s->oy) * s->stride + (size_t)(x - s->ox);
}

int fl__raster_begin(fl__raster *r, fl__fb *target)
{
    if (!r || !target)
        return FL_EINVAL;
    if (reserve_clips(r, 1) != 0)
        return FL_ENOMEM;
    r->target = target;
    r->clips[0] = fl__fb_bounds(target);
    r->nclips = 1;
    r->nlayers = 0;
    r->surf = target_surface(target);
    return 0;
}

int fl__raster_end(fl__raster *r)
{
    if (!r || !r->target)
        return FL_EINVAL;
    int rc = 0;
    while (r->nlayers > 0) {
        fl__raster_end_group(r);
        rc = FL_EINVAL;
    }
    if (r->nclips != 1)
        rc = FL_EINVAL;
    r->target = NULL;
    return rc;
}

/* ---- Clips ---------------------------------------------------------------------------------- */

fl__rect fl__raster_clip(const fl__raster *r)
{
    if (!r || !r->target)
        return (fl__rect){0, 0, 0, 0};
    return r->clips[r->nclips - 1];
}

int fl__raster_push_clip(fl__raster *r, fl__rect rect)
{
    if (!r || !r->target)
        return FL_EINVAL;
    if (reserve_clips(r, r->nclips + 1) != 0)
        return FL_ENOMEM;
    r->clips[r->nclips] = fl__rect_intersect(r->clips[r->nclips - 1], rect);
    r->nclips++;
    return 0;
}

int fl__raster_pop_clip(fl__raster *r)
{
    if (!r || !r->target)
        return FL_EINVAL;
    /* A group's own clip (its bounds) is popped by end_group, never here. */
    int floor = r->nlayers ? r->layers[r->nlayers - 1].clip_depth + 1 : 1;
    if (r->nclips <= floor)
        return FL_EINVAL;
    r->nclips--;
    return 0;
}

/* ---- Primitives ----------------------------------------------------------------------------- */

/* Writes `px` over the clipped `rect`: copied when `copy`, else src-over. */
static void paint(fl__raster *r, fl__rect rect, uint32_t px, bool copy)
{
    if (!r || !r->target)
        return;
    fl__rect c = fl__rect_intersect(rect, r->clips[r->nclips - 1]);
    if (fl__rect_empty(c))
        return;
    uint32_t *row = surface_at(r, c.x, c.y);
    size_t w = (size_t)c.w, stride = r->surf.stride;
    if (copy) {
        /* Opaque fast path: one row of stores, then every other row is a memcpy of it. */
        fl__span_fill(row, w, px);
        for (int y = 1; y < c.h; y++)
            memcpy(row + (size_t)y * stride, row, w * sizeof(*row));
        return;
    }
    for (int y = 0; y < c.h; y++)
        fl__span_over(row + (size_t)y * stride, w, px);
}

void fl__raster_fill_rect(fl__raster *r, fl__rect rect, fl_color color)
{
    if (color.a == 0)
        return;
    paint(r, rect, fl__px_premultiply(color), color.a == 255);
}

void fl__raster_clear_rect(fl__raster *r, fl__rect rect, fl_color color)
{
    paint(r, rect, fl__px_premultiply(color), true);
}

static int min_int(int a, int b)
{
    return a < b ? a : b;
}

void fl__raster_border(fl__raster *r, fl__rect box, int width, fl_color color)
{
    /* Far edges must fit in an int; a box reaching past 2^30 is nonsense anyway. */
    box = fl__rect_intersect(box, (fl__rect){-(1 << 30), -(1 << 30), INT_MAX, INT_MAX});
    if (width <= 0 || fl__rect_empty(box))
        return;
    int top = min_int(width, box.h), bottom = min_int(width, box.h - top);
    int left = min_int(width, box.w), right = min_int(width, box.w - left);
    int mid = box.h - top - bottom;
    fl__raster_fill_rect(r, (fl__rect){box.x, box.y, box.w, top}, color);
    fl__raster_fill_rect(r, (fl__rect){box.x, box.y + box.h - bottom, box.w, bottom}, color);
    fl__raster_fill_rect(r, (fl__rect){box.x, box.y + top, left, mid}, color);
    fl__raster_fill_rect(r, (fl__rect){box.x + box.w - right, box.y + top, right, mid}, color);
}

/* ---- Opacity groups ------------------------------------------------------------------------- */

/* Gives layer `l` a zeroed (transparent) buffer of `area`. @return 0 or FL_ENOMEM. */
static int layer_prepare(layer *l, fl__rect area)
{
    size_t need = (size_t)area.w * (size_t)area.h;
    if (need > l->cap) {
        /* No realloc: the old contents are not needed, and on failure the old buffer stays. */
        uint32_t *buf = malloc(need * sizeof(*buf));
        if (!buf)
            return FL_ENOMEM;
        free(l->buf);
        l->buf = buf;
        l->cap = need;
    }
    memset(l->buf, 0, need * sizeof(*l->buf));
    return 0;
}

int fl__raster_begin_group(fl__raster *r, fl__rect bounds, unsigned opacity)
{
    if (!r || !r->target)
        return FL_EINVAL;
    if (reserve_layers(r, r->nlayers + 1) != 0 || reserve_clips(r, r->nclips + 1) != 0)
        return FL_ENOMEM;
    layer *l = &r->layers[r->nlayers];
    fl__rect area = fl__rect_intersect(bounds, r->clips[r->nclips - 1]);
    opacity = opacity > 255 ? 255 : opacity;
    l->mode = opacity == 255                         ? LAYER_PASS
              : opacity == 0 || fl__rect_empty(area) ? LAYER_SKIP
                                                     : LAYER_DRAW;
    if (l->mode == LAYER_SKIP)
        area = (fl__rect){0, 0, 0, 0};
    if (l->mode == LAYER_DRAW && layer_prepare(l, area) != 0)
        return FL_ENOMEM;
    l->rect = area;
    l->opacity = opacity;
    l->clip_depth = r->nclips;
    r->nlayers++;
    r->clips[r->nclips++] = area;
    if (l->mode == LAYER_DRAW)
        r->surf = (surface){l->buf, (size_t)area.w, area.x, area.y};
    return 0;
}

int fl__raster_end_group(fl__raster *r)
{
    if (!r || !r->target || r->nlayers == 0)
        return FL_EINVAL;
    layer *l = &r->layers[--r->nlayers];
    int rc = r->nclips == l->clip_depth + 1 ? 0 : FL_EINVAL;
    r->nclips = l->clip_depth;
    if (l->mode != LAYER_DRAW)
        return rc;
    update_surface(r);
    /* The layer was clipped by the parent's clip when it began, and that clip is
     * back in force: every layer pixel lands inside the parent surface. */
    size_t w = (size_t)l->rect.w;
    for (int y = 0; y < l->rect.h; y++)
        fl__span_composite(surface_at(r, l->rect.x, l->rect.y + y), l->buf + (size_t)y * w, w,
                           l->opacity);
    return rc;
}

unsigned fl__raster_opacity(double opacity)
{
    if (!(opacity > 0))
        return 0;
    if (opacity >= 1)
        return 255;
    return (unsigned)(opacity * 255.0 + 0.5);
}
