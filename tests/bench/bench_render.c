/*
 * bench_render: the pixel half of a frame, each figure beside a baseline
 * measured in the same run:
 *
 *   raster   a 1280x720 frame: clear + N boxes (8..127 x 8..95 px, random places,
 *            some partly off-screen, seeded), all opaque or all at alpha 128;
 *            ms per frame and GB/s of pixels written, vs memset of the frame
 *            (the memory-bandwidth floor)
 *   png      encoding a typical UI frame (60 flat boxes and borders) with
 *            frameloop's settings (zlib level 1, filter none) vs stb_image_write's
 *            own defaults (a filter chosen per row, its built-in deflate at level
 *            8), which this file compiles as a second static copy of stb
 *   damage   the same N boxes as elements of a document, one of them moving a
 *            few px each frame: layout plus a re-raster of only the damaged area
 *            (old and new bounds) vs layout plus a full re-raster; ms per frame
 *   anim     a 60 fps rAF animation (vsync_us 16667, one box moving each frame
 *            over a few static ones) run for one simulated hour on the virtual
 *            clock, frames rendered to memory and only counted (no encoding):
 *            wall seconds per simulated hour
 *
 * Usage: bench_render [--smoke] [--n N] [--reps R]   (N: boxes per frame).
 * Exits 0 unless a call fails or a self-check (decoded pixels) does not hold.
 */
#include "bench_util.h"
#include "frameloop/error.h"
#include "frameloop/frameloop.h"
#include "render/framebuffer.h"
#include "render/layout.h"
#include "render/paint.h"
#include "render/png.h"
#include "render/raster.h"

/* stb's defaults, as a user of stb_image_write gets them: no zlib hook. */
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wunused-function" /* reported at the end of the file */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
#include <stb/stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#define DEFAULT_N    1000
#define DEFAULT_REPS 11
#define FRAMES       10 /* frames per repetition: a frame is ~1 ms, a rep is ~10 */
#define SEED         0x5eedf00dcafe1234u

typedef struct bench {
    int width, height;
    size_t nboxes;
    fl__rect *boxes;
    fl_color *colors;
    uint8_t alpha; /* of every box in the next raster rep */
    double bytes;  /* pixel bytes one frame writes: clear + clipped boxes */
    fl__fb *fb;
    fl__raster *raster;
    fl__fb *ui; /* the UI frame the PNG rows encode */
    size_t png_len, stb_len;
    void *scene; /* the damage rows' doc_scene */
} bench;

static void check(int rc, const char *what)
{
    if (rc < 0) {
        fprintf(stderr, "bench_render: %s failed: %s\n", what, fl_err_name(rc));
        exit(1);
    }
}

static void *xcheck(void *p, const char *what)
{
    if (!p) {
        fprintf(stderr, "bench_render: %s failed (out of memory)\n", what);
        exit(1);
    }
    return p;
}

/* ---- Scenes --------------------------------------------------------------------------------- */

static void make_boxes(bench *b, const bu_opts *o)
{
    bu_rng rng = {SEED};
    int scale = o->smoke ? 8 : 1; /* the smoke frame is 8x smaller each way */
    b->width = 1280 / scale;
    b->height = 720 / scale;
    b->nboxes = o->n;
    b->boxes = bu_xmalloc(b->nboxes * sizeof(*b->boxes));
    b->colors = bu_xmalloc(b->nboxes * sizeof(*b->colors));
    b->bytes = (double)b->width * b->height * 4;
    fl__rect frame = {0, 0, b->width, b->height};
    for (size_t i = 0; i < b->nboxes; i++) {
        int w = (8 + (int)bu_rng_below(&rng, 120)) / scale + 1;
        int h = (8 + (int)bu_rng_below(&rng, 88)) / scale + 1;
        int x = (int)bu_rng_below(&rng, (uint64_t)b->width) - w / 2;
        int y = (int)bu_rng_below(&rng, (uint64_t)b->height) - h / 2;
        uint64_t c = bu_rng_next(&rng);
        b->boxes[i] = (fl__rect){x, y, w, h};
        b->colors[i] = (fl_color){(uint8_t)c, (uint8_t)(c >> 8), (uint8_t)(c >> 16), 255};
        fl__rect visible = fl__rect_intersect(b->boxes[i], frame);
        b->bytes += (double)visible.w * visible.h * 4;
    }
}

/* A typical app screen: top bar, sidebar with 8 items, 12 cards with a header,
 * two text-line bars and a bordered button, a translucent toast. 60 draws. */
static void paint_ui(fl__raster *r, fl__fb *fb)
{
    check(fl__raster_begin(r, fb), "fl__raster_begin");
    int w = fb->width, h = fb->height;
    fl__raster_clear_rect(r, fl__fb_bounds(fb), (fl_color){245, 246, 248, 255});
    fl__raster_fill_rect(r, (fl__rect){0, 0, w, 56}, (fl_color){30, 58, 95, 255});
    fl__raster_fill_rect(r, (fl__rect){0, 56, 240, h - 56}, (fl_color){232, 236, 240, 255});
    for (int i = 0; i < 8; i++) {
        fl__rect item = {16, 72 + i * 44, 208, 36};
        fl__raster_fill_rect(r, item, (fl_color){255, 255, (uint8_t)(i == 2 ? 230 : 255), 255});
        fl__raster_border(r, item, 1, (fl_color){200, 206, 214, 255});
    }
    for (int i = 0; i < 12; i++) {
        fl__rect card = {264 + (i % 4) * 250, 80 + (i / 4) * 210, 234, 194};
        fl__raster_fill_rect(r, card, (fl_color){255, 255, 255, 255});
        fl__raster_border(r, card, 1, (fl_color){208, 215, 222, 255});
        fl__raster_fill_rect(r, (fl__rect){card.x + 1, card.y + 1, card.w - 2, 40},
                             (fl_color){(uint8_t)(60 + i * 15), 150, 200, 255});
        fl__raster_fill_rect(r, (fl__rect){card.x + 16, card.y + 60, 160, 10},
                             (fl_color){220, 224, 228, 255});
        fl__raster_fill_rect(r, (fl__rect){card.x + 16, card.y + 80, 120, 10},
                             (fl_color){220, 224, 228, 255});
        fl__rect button = {card.x + 16, card.y + 140, 96, 32};
        fl__raster_fill_rect(r, button, (fl_color){37, 99, 235, 255});
        fl__raster_border(r, button, 2, (fl_color){29, 78, 216, 255});
    }
    fl__raster_fill_rect(r, (fl__rect){w - 340, h - 90, 320, 70}, (fl_color){17, 24, 39, 200});
    check(fl__raster_end(r), "fl__raster_end");
}

/* ---- Raster --------------------------------------------------------------------------------- */

static void raster_frame(bench *b)
{
    fl__raster *r = b->raster;
    check(fl__raster_begin(r, b->fb), "fl__raster_begin");
    fl__raster_clear_rect(r, fl__fb_bounds(b->fb), (fl_color){255, 255, 255, 255});
    for (size_t i = 0; i < b->nboxes; i++) {
        fl_color c = b->colors[i];
        c.a = b->alpha;
        fl__raster_fill_rect(r, b->boxes[i], c);
    }
    check(fl__raster_end(r), "fl__raster_end");
}

/* ms per frame, FRAMES frames per repetition. */
static double raster_rep(void *p)
{
    bench *b = p;
    uint64_t t0 = bu_now_ns();
    for (int i = 0; i < FRAMES; i++)
        raster_frame(b);
    bu_sink += b->fb->pixels[b->fb->stride * (size_t)(b->height / 2)];
    return bu_ns_per(t0, FRAMES) / 1e6;
}

static double memset_rep(void *p)
{
    bench *b = p;
    size_t size = (size_t)b->height * b->fb->stride;
    uint64_t t0 = bu_now_ns();
    for (int i = 0; i < FRAMES; i++) {
        memset(b->fb->pixels, 0x40 + i, size);
        bu_sink += b->fb->pixels[size / 2]; /* keeps each memset */
    }
    return bu_ns_per(t0, FRAMES) / 1e6;
}

/* ---- PNG ------------------------------------------------------------------------------------ */

static double png_rep(void *p)
{
    bench *b = p;
    uint8_t *png;
    uint64_t t0 = bu_now_ns();
    check(fl__png_encode(b->ui, &png, &b->png_len), "fl__png_encode");
    double ms = bu_ns_per(t0, 1) / 1e6;
    fl__png_free(png);
    return ms;
}

static double stb_default_rep(void *p)
{
    bench *b = p;
    int len = 0;
    uint64_t t0 = bu_now_ns();
    unsigned char *png = stbi_write_png_to_mem(b->ui->pixels, (int)b->ui->stride, b->ui->width,
                                               b->ui->height, 4, &len);
    double ms = bu_ns_per(t0, 1) / 1e6;
    xcheck(png, "stbi_write_png_to_mem");
    b->stb_len = (size_t)len;
    free(png);
    return ms;
}

/* Both encoders must give PNGs that decode to the frame itself. */
static void self_check_png(bench *b)
{
    uint8_t *png;
    size_t len;
    int stb_len = 0;
    fl__fb *back = NULL;
    check(fl__png_encode(b->ui, &png, &len), "fl__png_encode");
    check(fl__png_decode(png, len, b->width, b->height, &back, NULL, 0), "fl__png_decode");
    bool same = fl__fb_equal(back, b->ui);
    fl__fb_free(back);
    fl__png_free(png);
    unsigned char *stb = xcheck(
        stbi_write_png_to_mem(b->ui->pixels, (int)b->ui->stride, b->width, b->height, 4, &stb_len),
        "stbi_write_png_to_mem");
    check(fl__png_decode(stb, (size_t)stb_len, b->width, b->height, &back, NULL, 0),
          "fl__png_decode (stb default)");
    same = same && fl__fb_equal(back, b->ui);
    fl__fb_free(back);
    free(stb);
    if (!same) {
        fprintf(stderr, "bench_render: a PNG did not decode to the frame\n");
        exit(1);
    }
}

/* ---- Damage --------------------------------------------------------------------------------- */

/* The document of the raster scene: box i as an absolutely placed element. */
typedef struct doc_scene {
    fl_loop *loop;
    fl_document *doc;
    fl_node **els;
    fl__layout prev, cur;
    fl__fb *fb;
    size_t mover; /* the box that moves */
    int step;     /* frames so far: the mover's offset */
    int damage;   /* 1: re-raster the damage only; 0: the whole frame */
} doc_scene;

static void set_box_style(fl_node *el, fl__rect r, fl_color c)
{
    char style[160];
    snprintf(style, sizeof(style),
             "left: %dpx; top: %dpx; width: %dpx; height: %dpx; background: #%02x%02x%02x", r.x,
             r.y, r.w, r.h, c.r, c.g, c.b);
    check(fl_element_set_attribute(el, "style", style), "fl_element_set_attribute");
}

static void make_doc_scene(doc_scene *d, const bench *b)
{
    d->loop = xcheck(fl_loop_new(NULL), "fl_loop_new");
    d->doc = xcheck(fl_document_of(d->loop), "fl_document_of");
    d->els = bu_xmalloc(b->nboxes * sizeof(*d->els));
    for (size_t i = 0; i < b->nboxes; i++) {
        d->els[i] = xcheck(fl_document_create_element(d->doc, "div"), "create_element");
        set_box_style(d->els[i], b->boxes[i], b->colors[i]);
        check(fl_node_append_child(fl_document_body(d->doc), d->els[i]), "fl_node_append_child");
    }
    d->fb = xcheck(fl__fb_new(b->width, b->height), "fl__fb_new");
    d->mover = b->nboxes / 2;
}

/* One frame: the mover steps 3 px right (back and forth over 96 px), then
 * layout, damage, and a re-raster of the damage or of everything. */
static void doc_frame(doc_scene *d, const bench *b, fl__raster *r)
{
    fl__rect at = b->boxes[d->mover];
    int phase = d->step++ % 64;
    at.x += 3 * (phase < 32 ? phase : 64 - phase);
    set_box_style(d->els[d->mover], at, b->colors[d->mover]);
    fl__layout last = d->prev;
    d->prev = d->cur;
    d->cur = last;
    check(fl__layout_build(&d->cur, d->doc), "fl__layout_build");
    fl__rect damage = fl__layout_damage(&d->prev, &d->cur);
    if (!d->damage)
        damage = fl__fb_bounds(d->fb);
    check(fl__paint_area(r, d->fb, &d->cur, damage), "fl__paint_area");
}

static double doc_rep(void *p)
{
    bench *b = p;
    doc_scene *d = b->scene;
    uint64_t t0 = bu_now_ns();
    for (int i = 0; i < FRAMES; i++)
        doc_frame(d, b, b->raster);
    bu_sink += d->fb->pixels[d->fb->stride * (size_t)(b->height / 2)];
    return bu_ns_per(t0, FRAMES) / 1e6;
}

/* The damaged frames must be the full re-raster's, byte for byte. */
static void self_check_damage(bench *b, doc_scene *d)
{
    fl__fb *full = xcheck(fl__fb_new(b->width, b->height), "fl__fb_new");
    check(fl__paint(b->raster, full, &d->cur), "fl__paint");
    if (!fl__fb_equal(full, d->fb)) {
        fprintf(stderr, "bench_render: a damage re-raster differs from the full one\n");
        exit(1);
    }
    fl__fb_free(full);
}

static void damage_rows(bench *b, int reps)
{
    doc_scene d = {0};
    make_doc_scene(&d, b);
    b->scene = &d;
    double full_ms = bu_median_of(doc_rep, b, reps);
    d.damage = 1;
    double damage_ms = bu_median_of(doc_rep, b, reps);
    self_check_damage(b, &d);
    char name[64];
    snprintf(name, sizeof(name), "1 of %zu boxes moves: damage vs full", b->nboxes);
    bu_print_row(name, "ms/frame", damage_ms, full_ms, BU_RATIO_AT_MOST, 0.25);
    fl__layout_free(&d.prev);
    fl__layout_free(&d.cur);
    fl__fb_free(d.fb);
    free(d.els);
    fl_loop_free(d.loop);
}

/* ---- A simulated hour of animation ----------------------------------------------------------- */

#define VSYNC_US     16667
#define STATIC_BOXES 20

typedef struct anim {
    fl_node *mover;
    int64_t end_ms; /* simulated time to stop at */
    uint64_t frames, changed;
} anim;

static void anim_raf(fl_loop *loop, double ts, void *arg)
{
    anim *a = arg;
    fl__rect at = {(int)(a->frames * 4 % 1200), 300, 64, 64};
    set_box_style(a->mover, at, (fl_color){37, 99, 235, 255});
    if (ts < (double)a->end_ms)
        check(fl_request_animation_frame(loop, anim_raf, a), "fl_request_animation_frame");
}

static void count_frames(fl_loop *loop, const fl_frame *frame, void *arg)
{
    (void)loop;
    anim *a = arg;
    a->frames++;
    a->changed += (uint64_t)frame->changed;
}

static void anim_rows(const bench *b, const bu_opts *o)
{
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.clock = FL_CLOCK_VIRTUAL;
    opt.vsync_us = VSYNC_US;
    fl_loop *loop = xcheck(fl_loop_new(&opt), "fl_loop_new");
    fl_document *doc = xcheck(fl_document_of(loop), "fl_document_of");
    anim a = {.end_ms = o->smoke ? 10000 : 3600000};
    check(fl_render_set_viewport(loop, 1280, 720), "fl_render_set_viewport");
    check(fl_render_add_sink(loop, count_frames, &a), "fl_render_add_sink");
    for (size_t i = 0; i <= STATIC_BOXES && i < b->nboxes; i++) {
        fl_node *el = xcheck(fl_document_create_element(doc, "div"), "create_element");
        set_box_style(el, b->boxes[i], b->colors[i]);
        check(fl_node_append_child(fl_document_body(doc), el), "fl_node_append_child");
        a.mover = el; /* the last one moves, over the others */
    }
    check(fl_request_animation_frame(loop, anim_raf, &a), "fl_request_animation_frame");
    uint64_t t0 = bu_now_ns();
    check(fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0), "fl_loop_run");
    double wall_s = (double)(bu_now_ns() - t0) / 1e9;
    double sim_s = (double)fl_now(loop) / 1e6;
    fl_loop_free(loop);
    /* One frame per tick, all changed but the first's successor at most. */
    if (a.frames < (uint64_t)(sim_s * 1e6 / VSYNC_US) || a.changed + 1 < a.frames) {
        fprintf(stderr, "bench_render: the animation missed frames\n");
        exit(1);
    }
    bu_print_row("60 fps rAF, 1 h simulated: wall vs 1 h", "s", wall_s * 3600 / sim_s, 3600,
                 BU_VALUE_AT_MOST, 4.0);
    bu_print_row("simulated s per wall s", "ratio", sim_s / wall_s, 1, BU_NO_TARGET, 0);
    printf("(%.0f s simulated in %.3f s of wall time, %llu frames)\n", sim_s, wall_s,
           (unsigned long long)a.frames);
}

/* ---- Driver --------------------------------------------------------------------------------- */

static void raster_rows(bench *b, int reps)
{
    double floor_ms = bu_median_of(memset_rep, b, reps);
    b->alpha = 255;
    double opaque_ms = bu_median_of(raster_rep, b, reps);
    b->alpha = 128;
    double blend_ms = bu_median_of(raster_rep, b, reps);
    double frame_gb = (double)b->height * b->fb->stride / 1e9, gb = b->bytes / 1e9;
    char name[64];
    snprintf(name, sizeof(name), "%zu opaque boxes vs memset frame", b->nboxes);
    bu_print_row(name, "ms/frame", opaque_ms, floor_ms, BU_VALUE_AT_MOST, 1.5);
    snprintf(name, sizeof(name), "%zu alpha-128 boxes vs memset frame", b->nboxes);
    bu_print_row(name, "ms/frame", blend_ms, floor_ms, BU_VALUE_AT_MOST, 9.0);
    double floor_gbs = frame_gb / (floor_ms / 1e3);
    bu_print_row("opaque raster vs memset bandwidth", "GB/s", gb / (opaque_ms / 1e3), floor_gbs,
                 BU_NO_TARGET, 0);
    bu_print_row("blended raster vs memset bandwidth", "GB/s", gb / (blend_ms / 1e3), floor_gbs,
                 BU_NO_TARGET, 0);
}

static void png_rows(bench *b, int reps)
{
    self_check_png(b);
    double ours = bu_median_of(png_rep, b, reps);
    double stb = bu_median_of(stb_default_rep, b, reps);
    bu_print_row("PNG encode UI frame vs stb default", "ms/frame", ours, stb, BU_VALUE_AT_MOST,
                 8.0);
    bu_print_row("PNG encode UI frame vs stb default", "ratio", ours, stb, BU_RATIO_AT_MOST, 0.1);
    bu_print_row("PNG size vs stb default", "KB", (double)b->png_len / 1024,
                 (double)b->stb_len / 1024, BU_NO_TARGET, 0);
}

int main(int argc, char **argv)
{
    bu_opts o;
    if (bu_parse_opts(argc, argv, DEFAULT_N, DEFAULT_REPS, &o) != 0)
        return 2;
    bu_heap_keep();
    bench b = {0};
    make_boxes(&b, &o);
    b.fb = xcheck(fl__fb_new(b.width, b.height), "fl__fb_new");
    b.ui = xcheck(fl__fb_new(b.width, b.height), "fl__fb_new");
    b.raster = xcheck(fl__raster_new(), "fl__raster_new");
    paint_ui(b.raster, b.ui);
    char note[160];
    snprintf(note, sizeof(note),
             "%dx%d frame, boxes 8..127 x 8..95 px (seed %#llx), %.1f frames of pixels written "
             "per raster; %d frames per rep",
             b.width, b.height, (unsigned long long)SEED, b.bytes / (b.width * b.height * 4.0),
             FRAMES);
    bu_print_header("bench_render", note, &o);
    raster_rows(&b, o.reps);
    png_rows(&b, o.reps);
    damage_rows(&b, o.reps);
    anim_rows(&b, &o);
    fl__raster_free(b.raster);
    fl__fb_free(b.fb);
    fl__fb_free(b.ui);
    free(b.boxes);
    free(b.colors);
    return 0;
}
