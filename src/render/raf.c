/*
 * requestAnimationFrame and the rendering step it drives (HTML "update the
 * rendering", steps for animation frame callbacks).
 *
 * The callback list is a vector. A rendering step swaps it for an empty one
 * first (the spec's snapshot: callbacks added during the step wait for the
 * next frame), then runs the snapshot in order, skipping entries cancelled
 * meanwhile. The step registers itself with core as the loop's frame hook.
 *
 * After the callbacks the step makes the frame: when the document has damage
 * it lays the document out again and re-rasters only the damaged area, the
 * union of the old and new bounds of the damaged boxes (layout.h), found by
 * comparing with the last frame's layout, kept for that. The first frame, a
 * new viewport size, a frame after a failed one and damage covering most of
 * the viewport re-raster it whole: simpler, and as exact. Then it hands the
 * frame to the sinks. An undamaged document paints the same pixels, so those
 * frames reuse the last ones (and are not re-encoded).
 */
#include <stdlib.h>

#include "core/loop_internal.h"
#include "dom/dom_internal.h"
#include "frameloop/render.h"
#include "render/layout.h"
#include "render/paint.h"
#include "render/sinks.h"

typedef struct raf_entry {
    fl_raf_id id;
    fl_raf_fn fn;
    void *arg;
} raf_entry; /* fn == NULL once cancelled */

typedef struct raf_list {
    raf_entry *v;
    size_t len;
    size_t cap;
} raf_list;

typedef struct fl__render {
    raf_list pending;  /* the map of animation frame callbacks */
    raf_list running;  /* the snapshot of the step now running */
    size_t live;       /* pending entries not cancelled */
    fl_raf_id next_id; /* the animation frame callback identifier */
    double timestamp;  /* of the step now running */
    fl_render_stats stats;

    int width, height;  /* the viewport */
    int stale;          /* r->fb does not show the document: re-raster */
    fl__fb *fb;         /* the last frame, NULL before the first */
    fl__raster *raster; /* reused frame after frame */
    fl__layout layout;  /* this frame's boxes */
    fl__layout prev;    /* the last frame's: where damaged boxes were */
    fl__sinks sinks;
} fl__render;

static int list_push(raf_list *l, raf_entry e)
{
    if (l->len == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        raf_entry *v = realloc(l->v, cap * sizeof(*v));
        if (!v)
            return FL_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->len++] = e;
    return 0;
}

/* Peeks at the document's damage flag without taking it (the step takes it). */
static int document_damaged(fl_loop *loop)
{
    const fl_document *doc = fl__loop_ext(loop, FL__EXT_DOM);
    return doc && doc->has_damage;
}

static int has_work(fl_loop *loop, void *arg)
{
    return ((fl__render *)arg)->live > 0 || document_damaged(loop);
}

/* Invokes one callback through fl_invoke_callback, which performs the
 * microtask checkpoint that follows it. */
static void invoke_entry(fl_loop *loop, void *arg)
{
    raf_entry *e = arg;
    fl__render *r = fl__loop_ext(loop, FL__EXT_RENDER);
    e->fn(loop, r->timestamp, e->arg);
}

/* Damage over this share of the viewport re-rasters it whole: painting
 * everything under a clip of most of the frame saves next to nothing. */
#define FULL_DAMAGE_NUM 3
#define FULL_DAMAGE_DEN 4

static int64_t area_of(fl__rect a)
{
    return fl__rect_empty(a) ? 0 : (int64_t)a.w * a.h;
}

/* Style is already computed (the DOM parses it on every change): layout, then
 * paint and raster the damaged area (all of it when `full`) into r->fb. */
static int raster_document(fl_loop *loop, fl__render *r, int full)
{
    if (!r->fb || r->fb->width != r->width || r->fb->height != r->height) {
        fl__fb *fb = fl__fb_new(r->width, r->height);
        if (!fb)
            return FL_ENOMEM;
        fl__fb_free(r->fb);
        r->fb = fb;
        full = 1;
    }
    if (!r->raster && !(r->raster = fl__raster_new()))
        return FL_ENOMEM;
    fl__layout last = r->prev;
    r->prev = r->layout;
    r->layout = last; /* reuses the older list's memory */
    fl__phase_begin(loop, "Layout");
    int rc = fl__layout_build(&r->layout, fl__loop_ext(loop, FL__EXT_DOM));
    fl__phase_end(loop);
    if (rc != 0)
        return rc;
    /* Taken for a full raster too: flags left set would damage the next frame
     * for nothing. */
    fl__rect bounds = fl__fb_bounds(r->fb);
    fl__rect damage = fl__rect_intersect(fl__layout_damage(&r->prev, &r->layout), bounds);
    if (full || area_of(damage) * FULL_DAMAGE_DEN > area_of(bounds) * FULL_DAMAGE_NUM)
        damage = bounds;
    /* Paint and raster are one pass here: boxes are drawn as they are walked. */
    fl__phase_begin(loop, "Paint");
    rc = fl__paint_area(r->raster, r->fb, &r->layout, damage);
    fl__phase_end(loop);
    return rc;
}

/* The steps after the callbacks: make the frame, hand it to the sinks. */
static void make_frame(fl_loop *loop, fl__render *r, int64_t tick_us)
{
    int changed = fl_document_take_damage(fl__loop_ext(loop, FL__EXT_DOM));
    changed |= r->stale || !r->fb;
    if (changed) {
        /* Until a raster succeeds, the frame does not show the document. */
        int full = r->stale || !r->fb;
        r->stale = 1;
        if (raster_document(loop, r, full) != 0) {
            fl__sinks_fail(&r->sinks, loop, FL_ENOMEM, "rendering step: out of memory");
            return;
        }
        r->stale = 0;
    }
    if (!fl__sinks_any(&r->sinks))
        return;
    fl_frame frame = {tick_us / loop->opt.vsync_us,
                      tick_us,
                      r->fb->width,
                      r->fb->height,
                      r->fb->stride,
                      r->fb->pixels,
                      changed};
    fl__sinks_present(&r->sinks, loop, &frame);
}

static void run_frame(fl_loop *loop, void *arg, int64_t tick_us)
{
    fl__render *r = arg;
    raf_list snapshot = r->pending;
    r->pending = r->running; /* reuse the last snapshot's array, emptied */
    r->pending.len = 0;
    r->running = snapshot;
    r->live = 0;
    r->timestamp = (double)tick_us / 1000.0;
    r->stats.frames++;
    r->stats.last_frame_us = tick_us;
    for (size_t i = 0; i < r->running.len; i++) {
        raf_entry e = r->running.v[i];
        if (!e.fn)
            continue;
        r->running.v[i].fn = NULL; /* ran: no longer cancellable */
        r->stats.raf_callbacks++;
        fl__phase_begin(loop, "FireAnimationFrame");
        fl_invoke_callback(loop, invoke_entry, &e);
        fl__phase_end(loop);
    }
    r->running.len = 0;
    make_frame(loop, r, tick_us);
}

static void render_free(fl_loop *loop, void *data)
{
    (void)loop;
    fl__render *r = data;
    free(r->pending.v);
    free(r->running.v);
    fl__fb_free(r->fb);
    fl__raster_free(r->raster);
    fl__layout_free(&r->layout);
    fl__layout_free(&r->prev);
    fl__sinks_clear(&r->sinks);
    free(r);
}

static void flush_sinks(fl_loop *loop, void *arg)
{
    (void)loop;
    fl__sinks_flush(&((fl__render *)arg)->sinks, NULL);
}

static fl__render *render_of(fl_loop *loop)
{
    fl__render *r = fl__loop_ext(loop, FL__EXT_RENDER);
    if (r)
        return r;
    /* Both registrations below can only fail if someone else holds the frame
     * hook: check that first, so neither is left pointing at a freed r. */
    if (loop->frame.render)
        return NULL;
    r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    r->next_id = 1;
    r->stats.last_frame_us = -1;
    r->width = FL_VIEWPORT_DEFAULT_WIDTH;
    r->height = FL_VIEWPORT_DEFAULT_HEIGHT;
    fl__frame_hook hook = {has_work, run_frame, r};
    fl__loop_set_ext(loop, FL__EXT_RENDER, r, render_free);
    fl__loop_set_frame_hook(loop, &hook);
    /* A run ends with every frame it made written out by the PNG encoders. */
    fl__loop_add_run_end_hook(loop, flush_sinks, r);
    return r;
}

/* The rendering state of a loop with a document, made on first use; NULL
 * with *err FL_ENOTSUP (a worker's loop) or FL_ENOMEM. */
static fl__render *document_render(fl_loop *loop, int *err)
{
    if (!fl__loop_has_document(loop)) {
        *err = FL_ENOTSUP;
        return NULL;
    }
    fl__render *r = render_of(loop);
    *err = FL_ENOMEM;
    return r;
}

fl_raf_id fl_request_animation_frame(fl_loop *loop, fl_raf_fn fn, void *arg)
{
    if (!loop || !fn)
        return FL_EINVAL;
    int err;
    fl__render *r = document_render(loop, &err);
    if (!r)
        return err;
    raf_entry e = {r->next_id, fn, arg};
    if (list_push(&r->pending, e) != 0)
        return FL_ENOMEM;
    r->next_id++;
    r->live++;
    return e.id;
}

/* Ids grow, so each list is sorted by id: a binary search finds one. */
static raf_entry *find(raf_list *l, fl_raf_id id)
{
    size_t lo = 0, hi = l->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->v[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->len && l->v[lo].id == id && l->v[lo].fn ? &l->v[lo] : NULL;
}

int fl_cancel_animation_frame(fl_loop *loop, fl_raf_id id)
{
    if (!loop)
        return FL_EINVAL;
    if (!fl__loop_has_document(loop))
        return FL_ENOTSUP;
    fl__render *r = fl__loop_ext(loop, FL__EXT_RENDER);
    if (!r)
        return FL_ENOENT;
    raf_entry *e = find(&r->pending, id);
    if (e) {
        r->live--;
    } else if (!(e = find(&r->running, id))) {
        return FL_ENOENT;
    }
    e->fn = NULL;
    return 0;
}

int fl_render_get_stats(fl_loop *loop, fl_render_stats *out)
{
    if (!loop || !out)
        return FL_EINVAL;
    fl__render *r = fl__loop_ext(loop, FL__EXT_RENDER);
    if (r) {
        *out = r->stats;
    } else {
        *out = (fl_render_stats){0, 0, -1};
    }
    return 0;
}

fl__sinks *fl__render_sinks(fl_loop *loop, int *err)
{
    if (!loop) {
        *err = FL_EINVAL;
        return NULL;
    }
    fl__render *r = document_render(loop, err);
    return r ? &r->sinks : NULL;
}

const fl__sinks *fl__render_sinks_peek(const fl_loop *loop)
{
    const fl__render *r = loop ? fl__loop_ext(loop, FL__EXT_RENDER) : NULL;
    return r ? &r->sinks : NULL;
}

int fl_render_set_viewport(fl_loop *loop, int width, int height)
{
    if (!loop || width < 1 || height < 1 || width > FL_VIEWPORT_MAX || height > FL_VIEWPORT_MAX)
        return FL_EINVAL;
    int err;
    fl__render *r = document_render(loop, &err);
    if (!r)
        return err;
    if (r->width != width || r->height != height) {
        r->width = width;
        r->height = height;
        r->stale = 1;
    }
    return 0;
}
