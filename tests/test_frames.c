/*
 * Frames from the document: layout and paint into the viewport (background,
 * boxes, translate, display:none, overflow:hidden, group opacity, borders),
 * which vsync indexes get a frame around a long task, the sinks (memory,
 * callback, PNG round trip, a failing write), determinism, and damage: frames
 * re-rastered only where boxes changed equal full re-rasters byte for byte.
 * Every pixel is asserted exactly: the raster's integer maths is the same on
 * every machine.
 */
#include <stdlib.h>
#include <unistd.h>

#include "frameloop/render.h"
#include "render/paint.h"
#include "render/png.h"
#include "test_util.h"

#define W 32
#define H 24

/* A virtual-clock loop with a W x H viewport and the in-memory sink. */
static fl_loop *frames_loop(void)
{
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_render_set_viewport(loop, W, H), 0);
    assert_int_equal(fl_render_add_memory_sink(loop), 0);
    return loop;
}

/* A new element with `style` appended to `parent` (NULL: the body). */
static fl_node *add_box(fl_loop *loop, fl_node *parent, const char *style)
{
    fl_document *doc = fl_document_of(loop);
    fl_node *el = fl_document_create_element(doc, "div");
    assert_non_null(el);
    assert_int_equal(fl_element_set_attribute(el, "style", style), 0);
    assert_int_equal(fl_node_append_child(parent ? parent : fl_document_body(doc), el), 0);
    return el;
}

/* Runs to idle and returns the last frame (there must be one). */
static fl_frame last_frame(fl_loop *loop)
{
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    size_t n = fl_render_frame_count(loop);
    assert_true(n > 0);
    fl_frame f;
    assert_int_equal(fl_render_frame_at(loop, n - 1, &f), 0);
    assert_int_equal(f.width, W);
    assert_int_equal(f.height, H);
    return f;
}

/* The pixel (x, y) of a frame as 0xRRGGBBAA. */
static uint32_t px(const fl_frame *f, int x, int y)
{
    const uint8_t *p = f->pixels + (size_t)y * f->stride + 4 * (size_t)x;
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#define WHITE 0xffffffffu
#define RED   0xff0000ffu
#define GREEN 0x00ff00ffu
#define BLUE  0x0000ffffu
#define BLACK 0x000000ffu

static void test_frames_background_and_box(void **state)
{
    (void)state;
    fl_loop *loop = frames_loop();
    add_box(loop, NULL, "left: 4px; top: 2px; width: 10px; height: 6px; background: #f00");
    fl_frame f = last_frame(loop);
    assert_int_equal(fl_render_frame_count(loop), 1);
    assert_int_equal(f.vsync, 0);
    assert_int_equal(f.changed, 1);
    assert_int_equal(px(&f, 0, 0), WHITE);
    assert_int_equal(px(&f, W - 1, H - 1), WHITE);
    assert_int_equal(px(&f, 4, 2), RED);
    assert_int_equal(px(&f, 13, 7), RED);
    assert_int_equal(px(&f, 14, 7), WHITE);
    assert_int_equal(px(&f, 3, 2), WHITE);
    assert_int_equal(px(&f, 4, 8), WHITE);
    test_loop_free(loop);
}

static void test_frames_translate_is_relative_to_the_parent(void **state)
{
    (void)state;
    fl_loop *loop = frames_loop();
    fl_node *parent = add_box(loop, NULL, "left: 2px; top: 2px");
    add_box(loop, parent,
            "left: 3px; top: 1px; width: 4px; height: 4px; background: #00f; "
            "transform: translate(5px, 4px)");
    fl_frame f = last_frame(loop);
    /* x = 2 + 3 + 5 = 10, y = 2 + 1 + 4 = 7, 4 x 4. */
    assert_int_equal(px(&f, 10, 7), BLUE);
    assert_int_equal(px(&f, 13, 10), BLUE);
    assert_int_equal(px(&f, 9, 7), WHITE);
    assert_int_equal(px(&f, 14, 10), WHITE);
    assert_int_equal(px(&f, 10, 11), WHITE);
    test_loop_free(loop);
}

static void test_frames_display_none_removes_the_subtree(void **state)
{
    (void)state;
    fl_loop *loop = frames_loop();
    fl_node *hidden =
        add_box(loop, NULL, "width: 8px; height: 8px; background: #f00; display: none");
    add_box(loop, hidden, "width: 4px; height: 4px; background: #00f");
    add_box(loop, NULL, "left: 20px; width: 2px; height: 2px; background: #0f0");
    fl_frame f = last_frame(loop);
    assert_int_equal(px(&f, 0, 0), WHITE);
    assert_int_equal(px(&f, 7, 7), WHITE);
    assert_int_equal(px(&f, 20, 0), GREEN);
    test_loop_free(loop);
}

static void test_frames_overflow_hidden_clips_children(void **state)
{
    (void)state;
    fl_loop *loop = frames_loop();
    fl_node *clip =
        add_box(loop, NULL, "left: 4px; top: 4px; width: 8px; height: 8px; overflow: hidden");
    add_box(loop, clip, "left: -2px; top: -2px; width: 20px; height: 20px; background: #0f0");
    fl_frame f = last_frame(loop);
    assert_int_equal(px(&f, 4, 4), GREEN);
    assert_int_equal(px(&f, 11, 11), GREEN);
    assert_int_equal(px(&f, 12, 11), WHITE);
    assert_int_equal(px(&f, 11, 12), WHITE);
    assert_int_equal(px(&f, 3, 3), WHITE);
    test_loop_free(loop);
}

static void test_frames_opacity_is_a_group(void **state)
{
    (void)state;
    fl_loop *loop = frames_loop();
    fl_node *group =
        add_box(loop, NULL, "width: 10px; height: 10px; background: #f00; opacity: 0.5");
    add_box(loop, group, "left: 5px; width: 10px; height: 10px; background: #00f");
    fl_frame f = last_frame(loop);
    /* o = round(0.5 * 255) = 128. The layer holds red, then opaque blue over
     * it, so the overlap is plain blue before compositing: s' = div255(255 * 128)
     * = 128, then + div255(255 * 127) = 127 of the white below. Per-box opacity
     * would instead show red through the blue. */
    assert_int_equal(px(&f, 2, 5), 0xff7f7fffu);
    assert_int_equal(px(&f, 7, 5), 0x7f7fffffu);
    assert_int_equal(px(&f, 12, 5), 0x7f7fffffu);
    assert_int_equal(px(&f, 15, 5), WHITE);
    test_loop_free(loop);
}

static void test_frames_border_inside_the_box(void **state)
{
    (void)state;
    fl_loop *loop = frames_loop();
    add_box(loop, NULL,
            "left: 2px; top: 2px; width: 10px; height: 8px; background: #0f0; "
            "border: 2px solid #000");
    fl_frame f = last_frame(loop);
    /* The box covers x 2..11, y 2..9; the border its outer two pixels. */
    assert_int_equal(px(&f, 2, 2), BLACK);
    assert_int_equal(px(&f, 3, 3), BLACK);
    assert_int_equal(px(&f, 4, 4), GREEN);
    assert_int_equal(px(&f, 9, 7), GREEN);
    assert_int_equal(px(&f, 10, 7), BLACK);
    assert_int_equal(px(&f, 11, 9), BLACK);
    assert_int_equal(px(&f, 12, 5), WHITE);
    assert_int_equal(px(&f, 5, 10), WHITE);
    test_loop_free(loop);
}

static void chase(fl_loop *loop, double ts, void *arg)
{
    char style[96];
    snprintf(style, sizeof(style), "left: %dpx; width: 2px; height: 2px; background: #000",
             (int)(ts / 16) % W);
    fl_element_set_attribute(arg, "style", style);
    if (ts < 200)
        fl_request_animation_frame(loop, chase, arg);
}

static void long_task(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_work(loop, FL_MS(40));
}

static void test_frames_a_long_task_leaves_a_gap(void **state)
{
    (void)state;
    fl_loop *loop = frames_loop();
    fl_node *box = add_box(loop, NULL, "width: 2px; height: 2px");
    fl_request_animation_frame(loop, chase, box);
    fl_set_timeout(loop, long_task, NULL, FL_MS(50));
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    /* Ticks every 16 ms: the task runs 50..90 ms, across the tick at 64 ms
     * (vsync 4); the frame made when it ends is for the latest tick, 80 ms. */
    static const int64_t want[] = {0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13};
    size_t n = sizeof(want) / sizeof(want[0]);
    assert_int_equal(fl_render_frame_count(loop), n);
    for (size_t i = 0; i < n; i++) {
        fl_frame f;
        assert_int_equal(fl_render_frame_at(loop, i, &f), 0);
        assert_int_equal(f.vsync, want[i]);
        assert_int_equal(f.time_us, want[i] * 16000);
        assert_int_equal(px(&f, (int)want[i] % W, 0), BLACK);
    }
    test_loop_free(loop);
}

static void noop_raf(fl_loop *loop, double ts, void *arg)
{
    (void)ts;
    if (arg)
        fl_request_animation_frame(loop, noop_raf, NULL);
}

static void test_frames_only_when_something_renders(void **state)
{
    (void)state;
    fl_loop *loop = frames_loop();
    assert_int_equal(fl_loop_run(loop, FL_RUN_FOR, FL_MS(100)), 0);
    assert_int_equal(fl_render_frame_count(loop), 0);
    /* Two frames of callbacks that change nothing: the second shares the
     * first's pixels and is marked unchanged. */
    fl_request_animation_frame(loop, noop_raf, TOK("again"));
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    assert_int_equal(fl_render_frame_count(loop), 2);
    fl_frame a, b;
    assert_int_equal(fl_render_frame_at(loop, 0, &a), 0);
    assert_int_equal(fl_render_frame_at(loop, 1, &b), 0);
    assert_int_equal(b.vsync, a.vsync + 1);
    assert_int_equal(b.changed, 0);
    assert_ptr_equal(a.pixels, b.pixels);
    assert_int_equal(fl_render_frame_at(loop, 2, &a), FL_ENOENT);
    test_loop_free(loop);
}

static void test_frames_viewport_resize_re_rasters(void **state)
{
    (void)state;
    fl_loop *loop = frames_loop();
    add_box(loop, NULL, "left: 1px; top: 1px; width: 2px; height: 2px; background: #00f");
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    assert_int_equal(fl_render_set_viewport(loop, 8, 4), 0);
    fl_request_animation_frame(loop, noop_raf, NULL); /* no damage, but a new size */
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    fl_frame f;
    assert_int_equal(fl_render_frame_count(loop), 2);
    assert_int_equal(fl_render_frame_at(loop, 1, &f), 0);
    assert_int_equal(f.width, 8);
    assert_int_equal(f.height, 4);
    assert_int_equal(f.changed, 1);
    assert_int_equal(px(&f, 2, 2), BLUE);
    assert_int_equal(px(&f, 7, 3), WHITE);
    test_loop_free(loop);
}

static void count_frame(fl_loop *loop, const fl_frame *frame, void *arg)
{
    (void)loop;
    *(int64_t *)arg += frame->vsync + 1;
}

static void test_frames_png_sink_round_trip(void **state)
{
    (void)state;
    char dir[] = "/tmp/fl_frames_XXXXXX";
    assert_non_null(mkdtemp(dir));
    fl_loop *loop = frames_loop();
    int64_t seen = 0;
    assert_int_equal(fl_render_add_png_sink(loop, dir), 0);
    assert_int_equal(fl_render_add_sink(loop, count_frame, &seen), 0);
    add_box(loop, NULL, "left: 1px; top: 1px; width: 5px; height: 5px; background: #12345678");
    fl_request_animation_frame(loop, noop_raf, TOK("again")); /* frames 0 and 1 */
    fl_frame f = last_frame(loop);
    assert_int_equal(seen, 1 + 2);
    char path[256];
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s/frame-%05d.png", dir, i);
        fl__fb *fb = NULL;
        char msg[256];
        assert_int_equal(fl__png_load(path, W, H, &fb, msg, sizeof(msg)), 0);
        for (int y = 0; y < H; y++)
            assert_memory_equal(fb->pixels + (size_t)y * fb->stride,
                                f.pixels + (size_t)y * f.stride, 4 * W);
        fl__fb_free(fb);
        unlink(path);
    }
    assert_int_equal(fl_render_sink_status(loop, NULL), 0);
    rmdir(dir);
    test_loop_free(loop);
}

static void test_frames_png_write_failure_stops_the_run(void **state)
{
    (void)state;
    char dir[] = "/tmp/fl_frames_XXXXXX";
    assert_non_null(mkdtemp(dir));
    fl_loop *loop = frames_loop();
    assert_int_equal(fl_render_add_png_sink(loop, dir), 0);
    assert_int_equal(rmdir(dir), 0); /* the directory goes away under the sink */
    add_box(loop, NULL, "width: 5px; height: 5px; background: #000");
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    const char *msg = NULL;
    assert_int_equal(fl_render_sink_status(loop, &msg), FL_EIO);
    assert_non_null(strstr(msg, "frame-00000.png"));
    test_loop_free(loop);
}

static void test_frames_api_errors(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_render_set_viewport(loop, 0, 10), FL_EINVAL);
    assert_int_equal(fl_render_set_viewport(loop, 10, FL_VIEWPORT_MAX + 1), FL_EINVAL);
    assert_int_equal(fl_render_set_viewport(NULL, 10, 10), FL_EINVAL);
    assert_int_equal(fl_render_add_sink(loop, NULL, NULL), FL_EINVAL);
    assert_int_equal(fl_render_add_png_sink(loop, "/dev/null/frames"), FL_EIO);
    assert_int_equal(fl_render_frame_count(loop), 0);
    assert_int_equal(fl_render_sink_status(loop, NULL), 0);
    /* The default viewport is 640 x 360. */
    assert_int_equal(fl_render_add_memory_sink(loop), 0);
    add_box(loop, NULL, "width: 1px; height: 1px");
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    fl_frame f;
    assert_int_equal(fl_render_frame_at(loop, 0, &f), 0);
    assert_int_equal(f.width, 640);
    assert_int_equal(f.height, 360);
    test_loop_free(loop);

    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.profile = FL_PROFILE_NODE;
    loop = test_loop_new_opts(&opt);
    assert_int_equal(fl_render_set_viewport(loop, 10, 10), FL_ENOTSUP);
    assert_int_equal(fl_render_add_memory_sink(loop), FL_ENOTSUP);
    test_loop_free(loop);
}

/* One scene with every feature, rendered in a fresh loop. */
static fl_loop *scene(void)
{
    fl_loop *loop = frames_loop();
    fl_node *g = add_box(loop, NULL,
                         "left: 1.5px; top: 2px; width: 20px; height: 15px; "
                         "background: #3a7; opacity: 0.3; overflow: hidden");
    add_box(loop, g,
            "left: 4px; top: 3px; width: 30px; height: 6px; background: rgba(200, 10, "
            "90, 0.6); border: 1px solid #00f8; transform: translate(0.5px, 1px)");
    add_box(loop, NULL, "left: 10px; top: 10px; width: 12px; height: 12px; background: #f80a");
    return loop;
}

static void test_frames_are_deterministic(void **state)
{
    (void)state;
    fl_loop *a = scene();
    fl_frame fa = last_frame(a);
    fl_loop *b = scene();
    fl_frame fb = last_frame(b);
    assert_int_equal(fa.stride, fb.stride);
    assert_memory_equal(fa.pixels, fb.pixels, fa.stride * H);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            assert_int_equal(px(&fa, x, y) & 0xff, 0xff); /* always opaque */
    test_loop_free(a);
    test_loop_free(b);
}

/* ---- Damage: partial re-rasters against full ones --------------------------------------- */

#define DW     96 /* big enough that moving one small box is a partial re-raster */
#define DH     64
#define NBOXES 8

typedef struct anim {
    fl_document *doc;
    fl_node *html;
    fl_node *box[NBOXES];
    uint64_t rng;
    int frames, left;   /* frames compared, frames still to animate */
    fl__raster *raster; /* the full re-raster each frame is checked against */
    fl__fb *fb;
    fl__layout layout;
} anim;

static unsigned below(anim *a, unsigned n)
{
    a->rng = a->rng * 6364136223846793005u + 1442695040888963407u;
    return (unsigned)(a->rng >> 33) % n;
}

/* A random style: place, size, color, opacity, and display, border,
 * overflow or translate. */
static void restyle(anim *a, fl_node *el)
{
    static const char *const opacity[] = {"1", "0.5", "0.2", "0"};
    static const char *const extra[] = {"", "display: none", "border: 2px solid #0a0",
                                        "overflow: hidden", "transform: translate(-5px, 3px)"};
    char style[256];
    int x = (int)below(a, DW) - 8, y = (int)below(a, DH) - 8;
    snprintf(style, sizeof(style),
             "left: %dpx; top: %dpx; width: %upx; height: %upx; background: #%06x; "
             "opacity: %s; %s",
             x, y, 2 + below(a, 24), 2 + below(a, 16), below(a, 0x1000000), opacity[below(a, 4)],
             extra[below(a, 5)]);
    assert_int_equal(fl_element_set_attribute(el, "style", style), 0);
}

/* One random change: a new style, a removal / re-insertion under another box
 * or the body (which moves a whole subtree), or the root element's. */
static void mutate(anim *a)
{
    fl_node *el = a->box[below(a, NBOXES)];
    fl_node *doc_node = fl_document_node(a->doc);
    /* The root element goes now and then and comes back at the next change. */
    if (!fl_node_parent(a->html)) {
        assert_int_equal(fl_node_append_child(doc_node, a->html), 0);
    } else if (below(a, 60) == 0) {
        assert_int_equal(fl_node_remove_child(doc_node, a->html), 0);
    } else if (!fl_node_parent(el)) {
        fl_node *to = below(a, 2) ? a->box[below(a, NBOXES)] : fl_document_body(a->doc);
        /* Inserting under its own subtree fails and changes nothing. */
        fl_node_append_child(to, el);
    } else if (below(a, 6) == 0) {
        assert_int_equal(fl_node_remove_child(fl_node_parent(el), el), 0);
    } else {
        restyle(a, el);
    }
}

static void anim_raf(fl_loop *loop, double ts, void *arg)
{
    (void)ts;
    anim *a = arg;
    for (unsigned n = below(a, 4); n > 0; n--) /* 0..3 changes: some frames have none */
        mutate(a);
    if (--a->left > 0)
        fl_request_animation_frame(loop, anim_raf, a);
}

/* The test hook: paints the document whole, as the first frame would, and
 * compares every byte with the frame the loop made. */
static void compare_full(fl_loop *loop, const fl_frame *frame, void *arg)
{
    anim *a = arg;
    assert_int_equal(fl__layout_build(&a->layout, fl_document_of(loop)), 0);
    assert_int_equal(fl__paint(a->raster, a->fb, &a->layout), 0);
    for (int y = 0; y < DH; y++)
        assert_memory_equal(frame->pixels + (size_t)y * frame->stride,
                            a->fb->pixels + (size_t)y * a->fb->stride, 4 * (size_t)DW);
    a->frames++;
}

static void test_frames_damage_equals_a_full_re_raster(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 8; seed++) {
        fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
        anim a = {.rng = seed, .left = 150, .raster = fl__raster_new(), .fb = fl__fb_new(DW, DH)};
        assert_non_null(a.raster);
        assert_non_null(a.fb);
        assert_int_equal(fl_render_set_viewport(loop, DW, DH), 0);
        assert_int_equal(fl_render_add_sink(loop, compare_full, &a), 0);
        /* Nested from the start: box i under box i / 2, so moves carry subtrees. */
        a.doc = fl_document_of(loop);
        a.html = fl_document_element(a.doc);
        for (int i = 0; i < NBOXES; i++) {
            a.box[i] = add_box(loop, i ? a.box[(i - 1) / 2] : NULL, "");
            restyle(&a, a.box[i]);
        }
        fl_request_animation_frame(loop, anim_raf, &a);
        assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
        assert_int_equal(a.frames, 150);
        fl__layout_free(&a.layout);
        fl__fb_free(a.fb);
        fl__raster_free(a.raster);
        test_loop_free(loop);
    }
}

/* A pixel far from the damage is not rewritten: the frame was re-rastered in
 * part. (The test writes into the loop's frame, which a sink must never do.) */
static void mark_corner(fl_loop *loop, const fl_frame *frame, void *arg)
{
    (void)loop;
    uint8_t *p = (uint8_t *)frame->pixels + (size_t)(DH - 1) * frame->stride + 4 * (DW - 1);
    *(uint32_t *)arg = (uint32_t)p[0] << 16 | p[1] << 8 | p[2];
    p[0] = 1;
}

static void test_frames_damage_re_rasters_only_what_changed(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    uint32_t corner = 0;
    assert_int_equal(fl_render_set_viewport(loop, DW, DH), 0);
    assert_int_equal(fl_render_add_sink(loop, mark_corner, &corner), 0);
    fl_node *box = add_box(loop, NULL, "width: 4px; height: 4px; background: #f00");
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    assert_int_equal(corner, 0xffffff); /* the first frame is whole */
    fl_element_set_attribute(box, "style", "left: 6px; width: 4px; height: 4px");
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    assert_int_equal(corner, 0x01ffff); /* kept: outside the damage */
    assert_int_equal(fl_render_set_viewport(loop, DW, DH + 1), 0);
    fl_element_set_attribute(box, "style", "left: 7px; width: 4px; height: 4px");
    assert_int_equal(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), 0);
    assert_int_equal(corner, 0xffffff); /* a new size is re-rastered whole */
    test_loop_free(loop);
}

static int teardown(void **state)
{
    (void)state;
    if (g_loop)
        test_loop_free(g_loop);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_frames_background_and_box, teardown),
        cmocka_unit_test_teardown(test_frames_translate_is_relative_to_the_parent, teardown),
        cmocka_unit_test_teardown(test_frames_display_none_removes_the_subtree, teardown),
        cmocka_unit_test_teardown(test_frames_overflow_hidden_clips_children, teardown),
        cmocka_unit_test_teardown(test_frames_opacity_is_a_group, teardown),
        cmocka_unit_test_teardown(test_frames_border_inside_the_box, teardown),
        cmocka_unit_test_teardown(test_frames_a_long_task_leaves_a_gap, teardown),
        cmocka_unit_test_teardown(test_frames_only_when_something_renders, teardown),
        cmocka_unit_test_teardown(test_frames_viewport_resize_re_rasters, teardown),
        cmocka_unit_test_teardown(test_frames_png_sink_round_trip, teardown),
        cmocka_unit_test_teardown(test_frames_png_write_failure_stops_the_run, teardown),
        cmocka_unit_test_teardown(test_frames_api_errors, teardown),
        cmocka_unit_test_teardown(test_frames_are_deterministic, teardown),
        cmocka_unit_test_teardown(test_frames_damage_equals_a_full_re_raster, teardown),
        cmocka_unit_test_teardown(test_frames_damage_re_rasters_only_what_changed, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
