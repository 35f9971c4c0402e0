/*
 * The frame-stats HUD (fl_metrics_draw_hud): the last second of vsync slots as
 * a strip of bars in the frame's corner, like Chrome's frame rendering stats,
 * so a golden image shows jank at a glance. Integer maths only: the same
 * pixels on every machine.
 */
#include "metrics/metrics_internal.h"

const fl__slot_color fl__slot_colors[4] = {
    [FL__SLOT_ON_TIME] = {67, 160, 71, "presented"},
    [FL__SLOT_LATE] = {251, 192, 45, "late"},
    [FL__SLOT_DROPPED] = {229, 57, 53, "dropped"},
    [FL__SLOT_IDLE] = {117, 117, 117, "idle"},
};

#define MARGIN    8  /* from the frame's edges */
#define PAD       4  /* inside the panel */
#define BAR_W     3  /* each slot's bar, then a 1 px gap */
#define BAR_H     20 /* a presented, late or dropped slot */
#define IDLE_H    4  /* an idle slot: just a mark */
#define PANEL_RGB 24
#define PANEL_A   216
#define MIN_SLOTS 4

typedef struct canvas {
    uint8_t *pixels;
    size_t stride;
} canvas;

/* Blends a grey of `v` at alpha `a` over an opaque pixel; rounds to nearest. */
static void blend(uint8_t *p, int v, int a)
{
    for (int c = 0; c < 3; c++)
        p[c] = (uint8_t)((v * a + p[c] * (255 - a) + 127) / 255);
}

static void darken(canvas *cv, int x0, int y0, int w, int h)
{
    for (int y = y0; y < y0 + h; y++) {
        uint8_t *row = cv->pixels + (size_t)y * cv->stride;
        for (int x = x0; x < x0 + w; x++)
            blend(row + (size_t)x * 4, PANEL_RGB, PANEL_A);
    }
}

static void fill(canvas *cv, int x0, int y0, int w, int h, fl__slot_color c)
{
    for (int y = y0; y < y0 + h; y++) {
        uint8_t *p = cv->pixels + (size_t)y * cv->stride + (size_t)x0 * 4;
        for (int x = 0; x < w; x++, p += 4) {
            p[0] = c.r;
            p[1] = c.g;
            p[2] = c.b;
            p[3] = 255;
        }
    }
}

/* The state of each of the `n` slots ending at `last_tick`: slots are kept
 * only when expected, in tick order, so the others are idle. */
static void recent_kinds(const fl__metrics *m, int64_t last_tick, int64_t period, int n,
                         uint8_t *kinds)
{
    int64_t first_tick = last_tick - (int64_t)(n - 1) * period;
    for (int i = 0; i < n; i++)
        kinds[i] = FL__SLOT_IDLE;
    for (size_t i = m->nslots; i-- > 0 && m->slots[i].tick_us >= first_tick;) {
        int64_t k = (m->slots[i].tick_us - first_tick) / period;
        if (k < n)
            kinds[k] = m->slots[i].kind;
    }
}

int fl_metrics_draw_hud(const fl_loop *loop, int64_t vsync, uint8_t *pixels, int width, int height,
                        size_t stride)
{
    if (!loop || !pixels || width < 1 || height < 1 || stride < (size_t)width * 4)
        return FL_EINVAL;
    const fl__metrics *m = fl__loop_ext((fl_loop *)loop, FL__EXT_METRICS);
    if (!m)
        return FL_ENOENT;
    int n = (width - 2 * MARGIN - 2 * PAD) / (BAR_W + 1);
    if (n > FL_METRICS_HUD_SLOTS)
        n = FL_METRICS_HUD_SLOTS;
    if (n < MIN_SLOTS || height < 2 * MARGIN + 2 * PAD + BAR_H)
        return 0;
    uint8_t kinds[FL_METRICS_HUD_SLOTS];
    int64_t period = fl_loop_options_of(loop)->vsync_us;
    recent_kinds(m, vsync * period, period, n, kinds);

    canvas cv = {pixels, stride};
    int panel_w = 2 * PAD + n * (BAR_W + 1) - 1;
    int x0 = width - MARGIN - panel_w;
    darken(&cv, x0, MARGIN, panel_w, 2 * PAD + BAR_H);
    int bottom = MARGIN + PAD + BAR_H;
    for (int i = 0; i < n; i++) {
        int h = kinds[i] == FL__SLOT_IDLE ? IDLE_H : BAR_H;
        fill(&cv, x0 + PAD + i * (BAR_W + 1), bottom - h, BAR_W, h, fl__slot_colors[kinds[i]]);
    }
    return 0;
}
