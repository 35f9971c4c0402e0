/*
 * requestAnimationFrame and the rendering step it drives (HTML "update the
 * rendering", steps for animation frame callbacks).
 *
 * The callback list is a vector. A rendering step swaps it for an empty one
 * first (the spec's snapshot: callbacks added during the step wait for the
 * next frame), then runs the snapshot in order, skipping entries cancelled
 * meanwhile. The step registers itself with core as the loop's frame hook.
 */
#include <stdlib.h>

#include "core/loop_internal.h"
#include "frameloop/render.h"

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

static int has_work(fl_loop *loop, void *arg)
{
    (void)loop;
    return ((fl__render *)arg)->live > 0;
}

/* Invokes one callback through fl_invoke_callback, which performs the
 * microtask checkpoint that follows it. */
static void invoke_entry(fl_loop *loop, void *arg)
{
    raf_entry *e = arg;
    fl__render *r = fl__loop_ext(loop, FL__EXT_RENDER);
    e->fn(loop, r->timestamp, e->arg);
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
        fl_invoke_callback(loop, invoke_entry, &e);
    }
    r->running.len = 0;
}

static void render_free(fl_loop *loop, void *data)
{
    (void)loop;
    fl__render *r = data;
    free(r->pending.v);
    free(r->running.v);
    free(r);
}

static fl__render *render_of(fl_loop *loop)
{
    fl__render *r = fl__loop_ext(loop, FL__EXT_RENDER);
    if (r)
        return r;
    r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    r->next_id = 1;
    r->stats.last_frame_us = -1;
    fl__frame_hook hook = {has_work, run_frame, r};
    if (fl__loop_set_ext(loop, FL__EXT_RENDER, r, render_free) != 0 ||
        fl__loop_set_frame_hook(loop, &hook) != 0) {
        free(r);
        return NULL;
    }
    return r;
}

fl_raf_id fl_request_animation_frame(fl_loop *loop, fl_raf_fn fn, void *arg)
{
    if (!loop || !fn)
        return FL_EINVAL;
    if (loop->opt.profile != FL_PROFILE_BROWSER)
        return FL_ENOTSUP;
    fl__render *r = render_of(loop);
    if (!r)
        return FL_ENOMEM;
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
    if (loop->opt.profile != FL_PROFILE_BROWSER)
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
