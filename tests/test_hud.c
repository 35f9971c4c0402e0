/*
 * The frame-stats HUD (fl_metrics_draw_hud) drawn through the frame overlay
 * (fl_render_set_overlay): exact pixels of the strip in the frame that
 * follows the jank, the overlay's copy leaving the rendering clean, and the
 * errors.
 */
#include <stdlib.h>

#include "test_jank.h"

/* Geometry at 640 px wide: 60 bars of 3 px, 1 px apart, in a panel 8 px from
 * the top right corner with 4 px of padding: x0 = 640 - 8 - (4 + 60 * 4 - 1 + 4). */
#define PANEL_X  385
#define BAR_X(i) (PANEL_X + 4 + (i)*4)
#define BAR_TOP  12 /* a full bar: rows 12..31 */
#define IDLE_TOP 28 /* an idle mark: rows 28..31 */
/* White under the panel's grey 24 at alpha 216: (24 * 216 + 255 * 39 + 127) / 255. */
#define PANEL_ON_WHITE 59

static void draw_hud(fl_loop *loop, const fl_frame *frame, uint8_t *pixels, void *arg)
{
    (void)arg;
    assert_int_equal(
        fl_metrics_draw_hud(loop, frame->vsync, pixels, frame->width, frame->height, frame->stride),
        0);
}

static const uint8_t *px(const fl_frame *f, int x, int y)
{
    return f->pixels + (size_t)y * f->stride + (size_t)x * 4;
}

static void assert_rgb(const uint8_t *p, int r, int g, int b)
{
    assert_int_equal(p[0], r);
    assert_int_equal(p[1], g);
    assert_int_equal(p[2], b);
    assert_int_equal(p[3], 255);
}

/* The frame the memory sink kept for `vsync`. */
static fl_frame frame_of(fl_loop *loop, int64_t vsync)
{
    fl_frame f;
    for (size_t i = 0; fl_render_frame_at(loop, i, &f) == 0; i++) {
        if (f.vsync == vsync)
            return f;
    }
    fail_msg("no frame for vsync %lld", (long long)vsync);
    return f;
}

static void test_hud_shows_the_jank(void **state)
{
    (void)state;
    fl_loop *loop = jank_loop(1000);
    assert_int_equal(fl_render_set_overlay(loop, draw_hud, NULL), 0);
    assert_int_equal(fl_render_add_memory_sink(loop), 0);
    run_idle(loop);

    /* Frame 37 (presented late): its bar is the rightmost; 32..36 dropped;
     * 31 and before on time, back to vsync -22, which never was: idle. */
    fl_frame f = frame_of(loop, 37);
    assert_rgb(px(&f, BAR_X(59), BAR_TOP), 251, 192, 45);
    for (int i = 54; i <= 58; i++)
        assert_rgb(px(&f, BAR_X(i) + 2, 31), 229, 57, 53);
    assert_rgb(px(&f, BAR_X(53), BAR_TOP), 67, 160, 71);
    assert_rgb(px(&f, BAR_X(22), BAR_TOP), 67, 160, 71); /* vsync 0 */
    assert_rgb(px(&f, BAR_X(21), IDLE_TOP), 117, 117, 117);
    assert_rgb(px(&f, BAR_X(21), IDLE_TOP - 1), PANEL_ON_WHITE, PANEL_ON_WHITE, PANEL_ON_WHITE);
    /* The gap column after a bar, the padding, and just outside the panel. */
    assert_rgb(px(&f, BAR_X(53) + 3, 20), PANEL_ON_WHITE, PANEL_ON_WHITE, PANEL_ON_WHITE);
    assert_rgb(px(&f, PANEL_X, 8), PANEL_ON_WHITE, PANEL_ON_WHITE, PANEL_ON_WHITE);
    assert_rgb(px(&f, PANEL_X - 1, 8), 255, 255, 255);
    assert_rgb(px(&f, PANEL_X, 7), 255, 255, 255);
    assert_rgb(px(&f, 639 - 8, 35), PANEL_ON_WHITE, PANEL_ON_WHITE, PANEL_ON_WHITE);
    assert_rgb(px(&f, 639 - 7, 35), 255, 255, 255);
    assert_rgb(px(&f, 639 - 8, 36), 255, 255, 255);

    /* Frame 38 is on time again: the strip moved left by one bar. */
    f = frame_of(loop, 38);
    assert_rgb(px(&f, BAR_X(59), BAR_TOP), 67, 160, 71);
    assert_rgb(px(&f, BAR_X(58), BAR_TOP), 251, 192, 45);
    assert_rgb(px(&f, BAR_X(53), BAR_TOP), 229, 57, 53);
    assert_rgb(px(&f, BAR_X(52), BAR_TOP), 67, 160, 71);
    test_loop_free(loop);
}

/* The HUD is drawn on a copy: every frame shows a fresh strip, never one
 * painted over the last (frames would otherwise smear, the raster being
 * reused where nothing was damaged). */
static void test_hud_on_a_copy(void **state)
{
    (void)state;
    fl_loop *loop = jank_loop(100);
    assert_int_equal(fl_render_set_overlay(loop, draw_hud, NULL), 0);
    assert_int_equal(fl_render_add_memory_sink(loop), 0);
    run_idle(loop);
    fl_frame a = frame_of(loop, 1), b = frame_of(loop, 2);
    assert_int_equal(a.changed, 1);
    assert_int_equal(b.changed, 1);
    assert_ptr_not_equal(a.pixels, b.pixels);
    assert_rgb(px(&a, BAR_X(59), BAR_TOP), 67, 160, 71);
    assert_rgb(px(&a, BAR_X(58), BAR_TOP), 67, 160, 71);
    assert_rgb(px(&a, BAR_X(57), IDLE_TOP), 117, 117, 117);
    assert_rgb(px(&a, BAR_X(57), BAR_TOP), PANEL_ON_WHITE, PANEL_ON_WHITE, PANEL_ON_WHITE);
    /* Removing the overlay: the frames after are the rendering alone. */
    assert_int_equal(fl_render_set_overlay(loop, NULL, NULL), 0);
    test_loop_free(loop);
}

static void test_hud_errors(void **state)
{
    (void)state;
    uint8_t img[48 * 4 * 48];
    memset(img, 200, sizeof(img));
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_metrics_draw_hud(loop, 0, img, 48, 48, 48 * 4), FL_ENOENT);
    assert_int_equal(fl_metrics_enable(loop), 0);
    assert_int_equal(fl_metrics_draw_hud(NULL, 0, img, 48, 48, 48 * 4), FL_EINVAL);
    assert_int_equal(fl_metrics_draw_hud(loop, 0, NULL, 48, 48, 48 * 4), FL_EINVAL);
    assert_int_equal(fl_metrics_draw_hud(loop, 0, img, 0, 48, 48 * 4), FL_EINVAL);
    assert_int_equal(fl_metrics_draw_hud(loop, 0, img, 48, 48, 47 * 4), FL_EINVAL);
    /* Too narrow for 4 bars (16 + 8 + 16 > 36): left as it is. */
    assert_int_equal(fl_metrics_draw_hud(loop, 0, img, 36, 48, 48 * 4), 0);
    for (size_t i = 0; i < sizeof(img); i++)
        assert_int_equal(img[i], 200);
    /* 48 px wide: (48 - 24) / 4 = 6 bars in a panel from x = 9, all idle at
     * vsync 0; the panel over 200 is (24 * 216 + 200 * 39 + 127) / 255 = 51. */
    assert_int_equal(fl_metrics_draw_hud(loop, 0, img, 48, 48, 48 * 4), 0);
    assert_int_equal(img[(28 * 48 + 13) * 4], 117);
    assert_int_equal(img[(28 * 48 + 12) * 4], 51);
    assert_int_equal(img[(28 * 48 + 8) * 4], 200);
    assert_int_equal(fl_render_set_overlay(NULL, draw_hud, NULL), FL_EINVAL);
    test_loop_free(loop);

    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.profile = FL_PROFILE_NODE;
    loop = test_loop_new_opts(&opt);
    assert_int_equal(fl_render_set_overlay(loop, draw_hud, NULL), FL_ENOTSUP);
    test_loop_free(loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_hud_shows_the_jank),
        TEST(test_hud_on_a_copy),
        TEST(test_hud_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
