/*
 * Raster tests: exact pixel values after fills, blends, clips, borders and
 * nested opacity groups (expected numbers worked out from the formulas in
 * src/render/framebuffer.h), damaged re-raster == full raster, and the fast
 * blend kernels == the scalar references on random inputs. The framebuffer's
 * own format and conversions are tested with PNG, in test_png.c.
 */
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "frameloop/error.h"
#include "render/framebuffer.h"
#include "render/raster.h"

static const fl_color WHITE = {255, 255, 255, 255};

/* splitmix64 with a fixed seed: every run checks the same inputs. */
static uint64_t rng_state = 0x5eedf00dcafe1234u;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static int rng_below(int n)
{
    return (int)(rng_next() % (uint64_t)n);
}

/* A random valid premultiplied pixel (each color channel <= alpha). */
static uint32_t rng_premul(void)
{
    uint32_t a = (uint32_t)rng_below(256);
    return fl__px_pack((uint8_t)rng_below((int)a + 1), (uint8_t)rng_below((int)a + 1),
                       (uint8_t)rng_below((int)a + 1), (uint8_t)a);
}

static fl__fb *frame(int w, int h, fl_color bg)
{
    fl__fb *fb = fl__fb_new(w, h);
    assert_non_null(fb);
    fl__fb_clear(fb, bg);
    return fb;
}

static fl__raster *begin(fl__fb *fb)
{
    fl__raster *r = fl__raster_new();
    assert_non_null(r);
    assert_int_equal(fl__raster_begin(r, fb), 0);
    return r;
}

static void finish(fl__raster *r)
{
    assert_int_equal(fl__raster_end(r), 0);
    fl__raster_free(r);
}

/* The straight color at (x, y) as a word, to compare with fl__px_pack(r, g, b, a). */
static uint32_t straight_at(const fl__fb *fb, int x, int y)
{
    fl_color c = fl__fb_get(fb, x, y);
    return fl__px_pack(c.r, c.g, c.b, c.a);
}

/* The straight color at (x, y) must be exactly (r, g, b, a). */
#define assert_px(fb, x, y, r, g, b, a)                                                            \
    assert_int_equal(straight_at((fb), (x), (y)), fl__px_pack((r), (g), (b), (a)))

static bool in_rect(fl__rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

/* Every pixel must be `in` inside `rect` but outside `hole`, and `out` elsewhere. */
static void expect_frame(const fl__fb *fb, fl__rect rect, fl__rect hole, fl_color in, fl_color out)
{
    for (int y = 0; y < fb->height; y++)
        for (int x = 0; x < fb->width; x++) {
            fl_color c = in_rect(rect, x, y) && !in_rect(hole, x, y) ? in : out;
            assert_px(fb, x, y, c.r, c.g, c.b, c.a);
        }
}

static const fl__rect NONE = {0, 0, 0, 0};

static void test_raster_opacity_conversion(void **state)
{
    (void)state;
    static const struct {
        double css;
        unsigned want;
    } cases[] = {{0.5, 128 /* 127.5 rounds up */}, {0.2, 51}, {1, 255}, {3, 255}, {0, 0}, {-1, 0}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_int_equal(fl__raster_opacity(cases[i].css), cases[i].want);
    assert_int_equal(fl__raster_opacity(NAN), 0);
}

/* ---- Fills and blends ----------------------------------------------------------------------- */

static void test_raster_opaque_fill(void **state)
{
    (void)state;
    fl__fb *fb = frame(8, 6, WHITE);
    fl__raster *r = begin(fb);
    fl__raster_fill_rect(r, (fl__rect){2, 1, 3, 2}, (fl_color){10, 20, 30, 255});
    finish(r);
    expect_frame(fb, (fl__rect){2, 1, 3, 2}, NONE, (fl_color){10, 20, 30, 255}, WHITE);
    /* Opaque pixels are stored as they are: R, G, B, A bytes. */
    assert_memory_equal(fb->pixels + 1 * fb->stride + 2 * 4, ((uint8_t[]){10, 20, 30, 255}), 4);
    fl__fb_free(fb);
}

/* Fills a whole 4x4 frame of `bg` with `color`: every pixel must become `want`. */
static void check_blend(fl_color bg, fl_color color, fl_color want)
{
    fl__fb *fb = frame(4, 4, bg);
    fl__raster *r = begin(fb);
    fl__raster_fill_rect(r, fl__fb_bounds(fb), color);
    finish(r);
    expect_frame(fb, fl__fb_bounds(fb), NONE, want, want);
    fl__fb_free(fb);
}

static void test_raster_blend_half(void **state)
{
    (void)state;
    /* Red at alpha 128 is (128, 0, 0, 128) premultiplied, k = 255 - 128 = 127.
     * Over white: r 128 + div255(255 * 127) = 128 + 127 = 255; g, b 0 + 127. */
    check_blend(WHITE, (fl_color){255, 0, 0, 128}, (fl_color){255, 127, 127, 255});
    /* Over blue: r 128 + 0, b 0 + 127. */
    check_blend((fl_color){0, 0, 255, 255}, (fl_color){255, 0, 0, 128},
                (fl_color){128, 0, 127, 255});
    /* Over (0, 128, 0): g div255(128 * 127) = round(63.75) = 64. */
    check_blend((fl_color){0, 128, 0, 255}, (fl_color){255, 0, 0, 128},
                (fl_color){128, 64, 0, 255});
    /* Blue at 128 over (200, 100, 50): 200*127/255 = 99.6 -> 100, 49.8 -> 50, 128 + 24.9 -> 153. */
    check_blend((fl_color){200, 100, 50, 255}, (fl_color){0, 0, 255, 128},
                (fl_color){100, 50, 153, 255});
    /* Alpha 0 changes nothing. */
    check_blend((fl_color){200, 100, 50, 255}, (fl_color){1, 2, 3, 0},
                (fl_color){200, 100, 50, 255});
    /* Over transparent black the result is the color itself, stored (128, 0, 0, 128). */
    check_blend((fl_color){0, 0, 0, 0}, (fl_color){255, 0, 0, 128}, (fl_color){255, 0, 0, 128});
    /* Red at 128 over itself: 128 + div255(128 * 127) = 128 + 64 = 192 in r and a. */
    check_blend((fl_color){255, 0, 0, 128}, (fl_color){255, 0, 0, 128}, (fl_color){255, 0, 0, 192});
}

/* ---- Clipping ------------------------------------------------------------------------------- */

/* Fills `rect` black on a white 10x8 frame under `clip` and checks every pixel. */
static void check_clipped_fill(fl__rect clip, fl__rect rect)
{
    fl__fb *fb = frame(10, 8, WHITE);
    fl__raster *r = begin(fb);
    assert_int_equal(fl__raster_push_clip(r, clip), 0);
    fl__raster_fill_rect(r, rect, (fl_color){0, 0, 0, 255});
    assert_int_equal(fl__raster_pop_clip(r), 0);
    finish(r);
    /* in_rect on both, not fl__rect_intersect: an independent model of the clip. */
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 10; x++) {
            int v = in_rect(rect, x, y) && in_rect(clip, x, y) ? 0 : 255;
            assert_px(fb, x, y, v, v, v, 255);
        }
    fl__fb_free(fb);
}

static void test_raster_clip_edges_and_offscreen(void **state)
{
    (void)state;
    fl__rect all = {INT_MIN / 2, INT_MIN / 2, INT_MAX, INT_MAX};
    check_clipped_fill(all, (fl__rect){-3, -2, 5, 4});   /* top-left corner */
    check_clipped_fill(all, (fl__rect){7, 6, 10, 10});   /* bottom-right corner */
    check_clipped_fill(all, (fl__rect){-5, 3, 30, 2});   /* through both sides */
    check_clipped_fill(all, (fl__rect){-20, -20, 5, 5}); /* off-screen */
    check_clipped_fill(all, (fl__rect){10, 0, 5, 5});    /* just past the right edge */
    check_clipped_fill(all, (fl__rect){0, 8, 5, 5});     /* just past the bottom */
    check_clipped_fill(all, (fl__rect){2, 2, 0, 5});     /* empty */
    check_clipped_fill(all, (fl__rect){2, 2, -4, 5});    /* negative size */
    check_clipped_fill(all, (fl__rect){INT_MIN, INT_MIN, INT_MAX, INT_MAX});
    check_clipped_fill(all, (fl__rect){INT_MAX - 1, 0, INT_MAX, 4});
    check_clipped_fill(all, (fl__rect){-1, -1, INT_MAX, INT_MAX});
    check_clipped_fill((fl__rect){2, 1, 4, 5}, (fl__rect){0, 0, 10, 8});
    check_clipped_fill((fl__rect){2, 1, 4, 5}, (fl__rect){4, 4, 10, 10});
    check_clipped_fill((fl__rect){20, 1, 4, 5}, (fl__rect){0, 0, 10, 8}); /* clip off-screen */
}

static void test_raster_clip_stack(void **state)
{
    (void)state;
    fl__fb *fb = frame(10, 8, WHITE);
    fl__raster *r = begin(fb);
    assert_int_equal(fl__raster_pop_clip(r), FL_EINVAL); /* the frame's own clip stays */
    assert_int_equal(fl__raster_push_clip(r, (fl__rect){1, 1, 6, 6}), 0);
    assert_int_equal(fl__raster_push_clip(r, (fl__rect){4, 3, 10, 10}), 0);
    fl__rect c = fl__raster_clip(r);
    assert_true(c.x == 4 && c.y == 3 && c.w == 3 && c.h == 4);
    fl__raster_fill_rect(r, fl__fb_bounds(fb), (fl_color){0, 0, 0, 255});
    assert_int_equal(fl__raster_pop_clip(r), 0);
    c = fl__raster_clip(r);
    assert_true(c.x == 1 && c.y == 1 && c.w == 6 && c.h == 6);
    assert_int_equal(fl__raster_pop_clip(r), 0);
    finish(r);
    expect_frame(fb, (fl__rect){4, 3, 3, 4}, NONE, (fl_color){0, 0, 0, 255}, WHITE);
    fl__fb_free(fb);
}

/* ---- Borders -------------------------------------------------------------------------------- */

static void test_raster_border_inside_box_blends_once(void **state)
{
    (void)state;
    /* A 2 px border inside the box edge. Black at 128 over white is 127 where blended
     * once (63 if twice): the corners too. */
    fl_color grey = {127, 127, 127, 255};
    fl__fb *fb = frame(10, 8, WHITE);
    fl__raster *r = begin(fb);
    fl__raster_border(r, (fl__rect){1, 1, 8, 6}, 2, (fl_color){0, 0, 0, 128});
    fl__raster_border(r, (fl__rect){0, 0, 3, 3}, 5, (fl_color){0, 0, 0, 0});
    finish(r);
    expect_frame(fb, (fl__rect){1, 1, 8, 6}, (fl__rect){3, 3, 4, 2}, grey, WHITE);
    /* Wider than half the box: the box is filled exactly once; width 0 draws nothing. */
    fl__fb_clear(fb, WHITE);
    r = begin(fb);
    fl__raster_border(r, (fl__rect){1, 1, 3, 4}, 9, (fl_color){0, 0, 0, 128});
    fl__raster_border(r, (fl__rect){0, 0, 6, 6}, 0, (fl_color){0, 0, 0, 255});
    finish(r);
    expect_frame(fb, (fl__rect){1, 1, 3, 4}, NONE, grey, WHITE);
    fl__fb_free(fb);
}

/* ---- Opacity groups ------------------------------------------------------------------------- */

static void test_raster_nested_opacity_groups(void **state)
{
    (void)state;
    /* Outer group (opacity 128) holds an opaque red box R and an inner group
     * (opacity 128) with an opaque blue box B overlapping R. Worked out:
     * inner onto outer layer: s' = (0, 0, 128, 128), k = 127:
     *   R&B: (255,0,0,255) -> (127, 0, 128, 255); B only: 0 -> (0, 0, 128, 128).
     * outer onto white with 128:
     *   R only: s' = (128,0,0,128) -> (255, 127, 127)
     *   R&B:    s' = (64, 0, 64, 128) -> (191, 127, 191)   [127*128/255 = 63.75 -> 64]
     *   B only: s' = (0, 0, 64, 64), k = 191 -> (191, 191, 255). */
    fl__fb *fb = frame(20, 10, WHITE);
    fl__raster *r = begin(fb);
    assert_int_equal(fl__raster_begin_group(r, fl__fb_bounds(fb), 128), 0);
    fl__raster_fill_rect(r, (fl__rect){2, 2, 8, 6}, (fl_color){255, 0, 0, 255});
    assert_int_equal(fl__raster_begin_group(r, (fl__rect){6, 4, 10, 4}, 128), 0);
    fl__raster_fill_rect(r, (fl__rect){6, 4, 10, 4}, (fl_color){0, 0, 255, 255});
    assert_int_equal(fl__raster_end_group(r), 0);
    assert_int_equal(fl__raster_end_group(r), 0);
    finish(r);
    assert_px(fb, 3, 3, 255, 127, 127, 255);
    assert_px(fb, 7, 5, 191, 127, 191, 255);
    assert_px(fb, 12, 5, 191, 191, 255, 255);
    assert_px(fb, 0, 0, 255, 255, 255, 255);
    assert_px(fb, 17, 9, 255, 255, 255, 255);
    fl__fb_free(fb);
}

static void test_raster_group_into_transparent_frame(void **state)
{
    (void)state;
    /* Opaque green in a 50% group on a transparent frame: premultiplied (0,128,0,128). */
    fl__fb *fb = frame(4, 4, (fl_color){0, 0, 0, 0});
    fl__raster *r = begin(fb);
    assert_int_equal(fl__raster_begin_group(r, (fl__rect){0, 0, 2, 4}, 128), 0);
    fl__raster_fill_rect(r, fl__fb_bounds(fb), (fl_color){0, 255, 0, 255}); /* clipped to group */
    assert_int_equal(fl__raster_end_group(r), 0);
    finish(r);
    assert_px(fb, 1, 3, 0, 255, 0, 128);
    assert_px(fb, 2, 0, 0, 0, 0, 0);
    fl__fb_free(fb);
}

static void test_raster_group_special_cases(void **state)
{
    (void)state;
    fl__fb *fb = frame(8, 8, WHITE), *direct = frame(8, 8, WHITE);
    fl__raster *r = begin(fb);
    assert_int_equal(fl__raster_end_group(r), FL_EINVAL); /* none open */
    /* Opacity 0 and empty bounds draw nothing; nested groups inside them neither. */
    assert_int_equal(fl__raster_begin_group(r, fl__fb_bounds(fb), 0), 0);
    fl__raster_fill_rect(r, fl__fb_bounds(fb), (fl_color){0, 0, 0, 255});
    assert_int_equal(fl__raster_begin_group(r, fl__fb_bounds(fb), 100), 0);
    fl__raster_fill_rect(r, fl__fb_bounds(fb), (fl_color){0, 0, 0, 255});
    assert_int_equal(fl__raster_end_group(r), 0);
    assert_int_equal(fl__raster_end_group(r), 0);
    assert_int_equal(fl__raster_begin_group(r, (fl__rect){20, 20, 4, 4}, 100), 0);
    fl__raster_fill_rect(r, fl__fb_bounds(fb), (fl_color){0, 0, 0, 255});
    assert_int_equal(fl__raster_end_group(r), 0);
    assert_true(fl__fb_equal(fb, direct));
    /* Opacity 255 is no group: identical to drawing directly (clipped to bounds). */
    assert_int_equal(fl__raster_begin_group(r, (fl__rect){0, 0, 6, 6}, 255), 0);
    fl__raster_fill_rect(r, (fl__rect){1, 1, 7, 7}, (fl_color){255, 0, 0, 128});
    fl__raster_fill_rect(r, (fl__rect){3, 3, 5, 5}, (fl_color){0, 0, 255, 77});
    assert_int_equal(fl__raster_end_group(r), 0);
    finish(r);
    r = begin(direct);
    fl__raster_fill_rect(r, (fl__rect){1, 1, 5, 5}, (fl_color){255, 0, 0, 128});
    fl__raster_fill_rect(r, (fl__rect){3, 3, 3, 3}, (fl_color){0, 0, 255, 77});
    finish(r);
    assert_true(fl__fb_equal(fb, direct));
    fl__fb_free(fb);
    fl__fb_free(direct);
}

static void test_raster_unbalanced_calls_are_reported(void **state)
{
    (void)state;
    fl__fb *fb = frame(4, 4, WHITE);
    fl__raster *r = begin(fb);
    assert_int_equal(fl__raster_begin_group(r, fl__fb_bounds(fb), 128), 0);
    assert_int_equal(fl__raster_pop_clip(r), FL_EINVAL); /* the group's clip is not a pop */
    assert_int_equal(fl__raster_push_clip(r, (fl__rect){0, 0, 2, 2}), 0);
    assert_int_equal(fl__raster_end_group(r), FL_EINVAL); /* a clip left open inside */
    fl__rect c = fl__raster_clip(r);
    assert_true(c.w == 4 && c.h == 4); /* restored anyway */
    assert_int_equal(fl__raster_begin_group(r, fl__fb_bounds(fb), 128), 0);
    fl__raster_fill_rect(r, fl__fb_bounds(fb), (fl_color){0, 0, 0, 255});
    assert_int_equal(fl__raster_end(r), FL_EINVAL); /* left open: composited, reported */
    assert_px(fb, 0, 0, 127, 127, 127, 255);
    assert_int_equal(fl__raster_end(r), FL_EINVAL); /* no frame */
    assert_int_equal(fl__raster_push_clip(r, c), FL_EINVAL);
    assert_int_equal(fl__raster_begin(NULL, fb), FL_EINVAL);
    assert_int_equal(fl__raster_begin(r, NULL), FL_EINVAL);
    fl__raster_fill_rect(r, c, WHITE); /* outside a frame: ignored */
    fl__raster_free(r);
    fl__fb_free(fb);
}

/* ---- Damage: re-rastering a rectangle == a full raster -------------------------------------- */

#define MAX_BOXES 12

/* A box tree as layout would hand it over: tree order, parents before children. */
typedef struct box {
    fl__rect r;
    fl_color bg, border_color;
    int border;
    unsigned opacity; /* 255: no group */
    bool clip;        /* overflow: hidden */
    int parent;       /* index of the parent, -1 for the root's children */
} box;

typedef struct scene {
    box b[MAX_BOXES];
    int n;
    fl_color page;
} scene;

static fl__rect subtree_bounds(const scene *s, int i)
{
    fl__rect u = s->b[i].r;
    for (int j = i + 1; j < s->n; j++)
        if (s->b[j].parent == i)
            u = fl__rect_union(u, subtree_bounds(s, j));
    return u;
}

static void paint_box(const scene *s, fl__raster *r, int i)
{
    const box *b = &s->b[i];
    if (b->opacity < 255)
        assert_int_equal(fl__raster_begin_group(r, subtree_bounds(s, i), b->opacity), 0);
    fl__raster_fill_rect(r, b->r, b->bg);
    fl__raster_border(r, b->r, b->border, b->border_color);
    if (b->clip)
        assert_int_equal(fl__raster_push_clip(r, b->r), 0);
    for (int j = i + 1; j < s->n; j++)
        if (s->b[j].parent == i)
            paint_box(s, r, j);
    if (b->clip)
        assert_int_equal(fl__raster_pop_clip(r), 0);
    if (b->opacity < 255)
        assert_int_equal(fl__raster_end_group(r), 0);
}

/* Paints the scene under `clip` (the whole frame for a full raster). */
static void paint_scene(const scene *s, fl__raster *r, fl__fb *fb, fl__rect clip)
{
    assert_int_equal(fl__raster_begin(r, fb), 0);
    assert_int_equal(fl__raster_push_clip(r, clip), 0);
    fl__raster_clear_rect(r, clip, s->page);
    for (int i = 0; i < s->n; i++)
        if (s->b[i].parent < 0)
            paint_box(s, r, i);
    assert_int_equal(fl__raster_pop_clip(r), 0);
    assert_int_equal(fl__raster_end(r), 0);
}

/* Moves box `i` (and so its subtree) by (dx, dy) from `a` into `b`; returns the damage. */
static fl__rect move_box(const scene *a, scene *b, int i, int dx, int dy)
{
    *b = *a;
    fl__rect damage = subtree_bounds(a, i);
    for (int j = i; j < b->n; j++) {
        bool inside = j == i;
        for (int p = b->b[j].parent; p >= 0 && !inside; p = b->b[p].parent)
            inside = p == i;
        if (inside) {
            b->b[j].r.x += dx;
            b->b[j].r.y += dy;
        }
    }
    return fl__rect_union(damage, subtree_bounds(b, i));
}

/* Re-rasters `damage` of a frame showing `a` as scene `b`: it must equal a full
 * raster of b (memcmp), and differ from a's frame when the scenes differ. */
static void check_damage(const scene *a, const scene *b, fl__rect damage, bool differ)
{
    fl__fb *full = frame(64, 48, WHITE), *damaged = frame(64, 48, WHITE);
    fl__raster *r = fl__raster_new();
    assert_non_null(r);
    paint_scene(a, r, damaged, fl__fb_bounds(damaged));
    paint_scene(a, r, full, fl__fb_bounds(full));
    paint_scene(b, r, damaged, damage);
    if (differ)
        assert_false(fl__fb_equal(full, damaged));
    paint_scene(b, r, full, fl__fb_bounds(full));
    assert_memory_equal(full->pixels, damaged->pixels, (size_t)full->height * full->stride);
    fl__raster_free(r);
    fl__fb_free(full);
    fl__fb_free(damaged);
}

static void test_raster_damage_moved_box(void **state)
{
    (void)state;
    scene a = {.n = 6, .page = {240, 240, 240, 255}};
    a.b[0] = (box){{4, 4, 40, 30}, {255, 255, 255, 255}, {0, 0, 0, 255}, 1, 255, true, -1};
    a.b[1] = (box){{8, 8, 20, 12}, {200, 30, 30, 255}, {0, 0, 0, 0}, 0, 128, false, 0};
    a.b[2] = (box){{12, 10, 20, 14}, {30, 30, 200, 160}, {0, 90, 0, 200}, 2, 200, false, 1};
    a.b[3] = (box){{30, 20, 16, 16}, {20, 160, 20, 100}, {0, 0, 0, 255}, 3, 255, false, 0};
    a.b[4] = (box){{40, 30, 20, 14}, {250, 200, 0, 128}, {9, 9, 9, 128}, 1, 77, false, -1};
    a.b[5] = (box){{44, 32, 8, 8}, {0, 0, 0, 255}, {0, 0, 0, 0}, 0, 255, false, 4};
    scene b;
    /* The box inside two nested groups moves down-right: old and new places are damage. */
    fl__rect damage = move_box(&a, &b, 2, 5, 3);
    check_damage(&a, &b, damage, true);
}

static fl_color random_color(void)
{
    static const uint8_t alphas[] = {0, 64, 128, 200, 255, 255};
    return (fl_color){(uint8_t)rng_below(256), (uint8_t)rng_below(256), (uint8_t)rng_below(256),
                      alphas[rng_below(6)]};
}

static void random_scene(scene *s)
{
    static const unsigned opacities[] = {255, 255, 255, 128, 77, 230, 0};
    s->n = 4 + rng_below(MAX_BOXES - 3);
    s->page = (fl_color){(uint8_t)rng_below(256), 250, 250, 255};
    for (int i = 0; i < s->n; i++) {
        box *b = &s->b[i];
        b->r = (fl__rect){rng_below(80) - 10, rng_below(60) - 10, rng_below(40), rng_below(30)};
        b->bg = random_color();
        b->border_color = random_color();
        b->border = rng_below(4);
        b->opacity = opacities[rng_below(7)];
        b->clip = rng_below(3) == 0;
        b->parent = i == 0 ? -1 : rng_below(i + 1) - 1;
    }
}

static void test_raster_damage_random_scenes(void **state)
{
    (void)state;
    for (int trial = 0; trial < 300; trial++) {
        scene a, b;
        random_scene(&a);
        int moved = rng_below(a.n);
        fl__rect damage = move_box(&a, &b, moved, rng_below(21) - 10, rng_below(21) - 10);
        check_damage(&a, &b, damage, false);
        /* Any clip re-rasters a frame to itself. */
        fl__rect any = {rng_below(64) - 8, rng_below(48) - 8, rng_below(50), rng_below(40)};
        check_damage(&b, &b, any, false);
    }
}

/* ---- SWAR kernels == scalar references ------------------------------------------------------ */

/* src-over of `src` on a copy of `dst`: the fill kernel (SSE2 + SWAR) and the SWAR
 * kernel alone must both give the scalar reference's bytes. */
static void check_over(const uint32_t *dst, size_t n, uint32_t src)
{
    uint32_t ref[40], fast[40], swar[40];
    memcpy(ref, dst, n * sizeof(*dst));
    memcpy(fast, dst, n * sizeof(*dst));
    memcpy(swar, dst, n * sizeof(*dst));
    fl__span_over_ref(ref, n, src);
    fl__span_over(fast, n, src);
    fl__span_over_swar(swar, n, src);
    assert_memory_equal(ref, fast, n * sizeof(*dst));
    assert_memory_equal(ref, swar, n * sizeof(*dst));
}

static void test_raster_swar_over_matches_scalar(void **state)
{
    (void)state;
    uint32_t dst[40];
    /* Exhaustive on one channel: every destination value under every source alpha,
     * 5 pixels so that the 4-pixel steps and the tails all run. */
    for (uint32_t sa = 0; sa <= 255; sa++)
        for (uint32_t d = 0; d <= 255; d++) {
            for (int i = 0; i < 5; i++)
                dst[i] = fl__px_pack((uint8_t)d, (uint8_t)(255 - d), 0, 255);
            check_over(dst, 5, fl__px_pack((uint8_t)(sa / 2), (uint8_t)sa, 0, (uint8_t)sa));
        }
    /* Random spans: lengths 0..39 (every remainder), random premultiplied pixels. */
    for (int trial = 0; trial < 20000; trial++) {
        size_t n = (size_t)rng_below(40);
        for (size_t i = 0; i < n; i++)
            dst[i] = rng_premul();
        check_over(dst, n, rng_premul());
    }
}

static void test_raster_swar_composite_matches_scalar(void **state)
{
    (void)state;
    uint32_t ref[40], fast[40], src[40];
    for (int trial = 0; trial < 20000; trial++) {
        size_t n = (size_t)rng_below(40);
        uint32_t o = trial < 256 ? (uint32_t)trial : (uint32_t)rng_below(256);
        for (size_t i = 0; i < n; i++) {
            ref[i] = fast[i] = rng_premul();
            src[i] = rng_below(4) == 0 ? 0 : rng_premul(); /* untouched layer pixels too */
        }
        fl__span_composite_ref(ref, src, n, o);
        fl__span_composite(fast, src, n, o);
        assert_memory_equal(ref, fast, n * sizeof(uint32_t));
    }
}

static void test_raster_rect_union_intersect(void **state)
{
    (void)state;
    fl__rect a = {0, 0, 4, 4}, b = {2, 3, 4, 4};
    fl__rect i = fl__rect_intersect(a, b), u = fl__rect_union(a, b);
    assert_true(i.x == 2 && i.y == 3 && i.w == 2 && i.h == 1);
    assert_true(u.x == 0 && u.y == 0 && u.w == 6 && u.h == 7);
    assert_true(fl__rect_empty(fl__rect_intersect(a, (fl__rect){4, 0, 2, 2}))); /* touching */
    u = fl__rect_union((fl__rect){5, 5, 0, 9}, b); /* an empty rectangle adds nothing */
    assert_true(u.x == 2 && u.y == 3 && u.w == 4 && u.h == 4);
    u = fl__rect_union((fl__rect){INT_MIN, 0, INT_MAX, 1}, (fl__rect){0, 0, INT_MAX, 1});
    assert_int_equal(u.w, INT_MAX); /* clamped, not overflowed */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_raster_opacity_conversion),
        cmocka_unit_test(test_raster_opaque_fill),
        cmocka_unit_test(test_raster_blend_half),
        cmocka_unit_test(test_raster_clip_edges_and_offscreen),
        cmocka_unit_test(test_raster_clip_stack),
        cmocka_unit_test(test_raster_border_inside_box_blends_once),
        cmocka_unit_test(test_raster_nested_opacity_groups),
        cmocka_unit_test(test_raster_group_into_transparent_frame),
        cmocka_unit_test(test_raster_group_special_cases),
        cmocka_unit_test(test_raster_unbalanced_calls_are_reported),
        cmocka_unit_test(test_raster_damage_moved_box),
        cmocka_unit_test(test_raster_damage_random_scenes),
        cmocka_unit_test(test_raster_swar_over_matches_scalar),
        cmocka_unit_test(test_raster_swar_composite_matches_scalar),
        cmocka_unit_test(test_raster_rect_union_intersect),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
