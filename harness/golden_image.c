/*
 * Image comparison with a tolerance, after pixelmatch (github.com/mapbox/
 * pixelmatch), which Playwright's toHaveScreenshot uses: the distance between
 * two colors is measured in YIQ, a color space close to how eyes weigh
 * brightness and hue, and a threshold of 0..1 maps onto the largest possible
 * distance (35215) squared. Anti-aliased pixels are told apart by pixelmatch's
 * detector: a pixel between a darkest and a brightest neighbour, each of which
 * sits in a flat region of both images, is an edge's blend, not a change.
 *
 * frameloop's raster is exact, so threshold 0 (the default) compares bytes and
 * the YIQ maths only runs when a user asks for tolerance.
 */
#include <math.h>
#include <string.h>

#include "golden.h"

#define MAX_YIQ_DELTA 35215.0
#define FADE_ALPHA    0.1

static const uint8_t *px(const fl_golden_image *im, int x, int y)
{
    return im->pixels + (size_t)y * im->stride + (size_t)x * 4;
}

/* A channel blended with white by alpha a (0..1), as pixelmatch does. */
static double blend(double c, double a)
{
    return 255 + (c - 255) * a;
}

static double rgb2y(double r, double g, double b)
{
    return r * 0.29889531 + g * 0.58662247 + b * 0.11448223;
}

static double rgb2i(double r, double g, double b)
{
    return r * 0.59597799 - g * 0.27417610 - b * 0.32180189;
}

static double rgb2q(double r, double g, double b)
{
    return r * 0.21147017 - g * 0.52261711 + b * 0.31114694;
}

/* Squared YIQ distance of two pixels (just the brightness difference when
 * y_only), signed: negative when the first is brighter. */
static double color_delta(const uint8_t *p1, const uint8_t *p2, int y_only)
{
    double a1 = p1[3] / 255.0, a2 = p2[3] / 255.0;
    double r1 = blend(p1[0], a1), g1 = blend(p1[1], a1), b1 = blend(p1[2], a1);
    double r2 = blend(p2[0], a2), g2 = blend(p2[1], a2), b2 = blend(p2[2], a2);
    double y1 = rgb2y(r1, g1, b1), y2 = rgb2y(r2, g2, b2);
    double y = y1 - y2;
    if (y_only)
        return y;
    double i = rgb2i(r1, g1, b1) - rgb2i(r2, g2, b2);
    double q = rgb2q(r1, g1, b1) - rgb2q(r2, g2, b2);
    double delta = 0.5053 * y * y + 0.299 * i * i + 0.1957 * q * q;
    return y1 > y2 ? -delta : delta;
}

/* The 3x3 neighbourhood of (x, y), clipped to the image. */
typedef struct hood {
    int x0, y0, x1, y1;
    int edge; /* (x, y) is on the image's border */
} hood;

static hood neighbourhood(const fl_golden_image *im, int x, int y)
{
    hood h = {x > 0 ? x - 1 : 0, y > 0 ? y - 1 : 0, x + 1 < im->width ? x + 1 : x,
              y + 1 < im->height ? y + 1 : y, 0};
    h.edge = x == h.x0 || x == h.x1 || y == h.y0 || y == h.y1;
    return h;
}

/* Whether more than two neighbours of (x, y) have exactly its color. */
static int many_siblings(const fl_golden_image *im, int x, int y)
{
    hood h = neighbourhood(im, x, y);
    int same = h.edge;
    for (int ny = h.y0; ny <= h.y1; ny++) {
        for (int nx = h.x0; nx <= h.x1; nx++) {
            if ((nx != x || ny != y) && memcmp(px(im, x, y), px(im, nx, ny), 4) == 0 && ++same > 2)
                return 1;
        }
    }
    return 0;
}

/* pixelmatch's antialiased(): (x, y) of `im` lies on an edge between a darkest
 * and a brightest neighbour that are flat in both images. */
static int antialiased(const fl_golden_image *im, const fl_golden_image *other, int x, int y)
{
    hood h = neighbourhood(im, x, y);
    int zeroes = h.edge;
    double min = 0, max = 0;
    int min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    for (int ny = h.y0; ny <= h.y1; ny++) {
        for (int nx = h.x0; nx <= h.x1; nx++) {
            if (nx == x && ny == y)
                continue;
            double d = color_delta(px(im, x, y), px(im, nx, ny), 1);
            if (d == 0 && ++zeroes > 2)
                return 0;
            if (d < min) {
                min = d;
                min_x = nx;
                min_y = ny;
            } else if (d > max) {
                max = d;
                max_x = nx;
                max_y = ny;
            }
        }
    }
    if (min == 0 || max == 0)
        return 0;
    return (many_siblings(im, min_x, min_y) && many_siblings(other, min_x, min_y)) ||
           (many_siblings(im, max_x, max_y) && many_siblings(other, max_x, max_y));
}

static int masked(const fl_golden_tolerance *tol, int x, int y)
{
    for (size_t i = 0; i < tol->nmasks; i++) {
        const fl_golden_rect *m = &tol->masks[i];
        if (x >= m->x && x - m->x < m->w && y >= m->y && y - m->y < m->h)
            return 1;
    }
    return 0;
}

static void put(uint8_t *diff, int r, int g, int b)
{
    diff[0] = (uint8_t)r;
    diff[1] = (uint8_t)g;
    diff[2] = (uint8_t)b;
    diff[3] = 255;
}

/* The expected pixel as a faded grey: the background of the diff image. */
static void put_faded(uint8_t *diff, const uint8_t *p)
{
    double grey = blend(rgb2y(p[0], p[1], p[2]), FADE_ALPHA * p[3] / 255.0);
    int v = (int)lround(grey);
    put(diff, v, v, v);
}

/* 0: same within tolerance, 1: differs, 2: differs only by anti-aliasing. */
static int classify(const fl_golden_image *e, const fl_golden_image *a, int x, int y,
                    const fl_golden_tolerance *tol, double max_delta)
{
    const uint8_t *pe = px(e, x, y), *pa = px(a, x, y);
    if (memcmp(pe, pa, 4) == 0)
        return 0;
    if (tol->threshold > 0 && fabs(color_delta(pe, pa, 0)) <= max_delta)
        return 0;
    if (tol->ignore_aa && (antialiased(e, a, x, y) || antialiased(a, e, x, y)))
        return 2;
    return 1;
}

size_t fl_golden_image_compare(const fl_golden_image *expected, const fl_golden_image *actual,
                               const fl_golden_tolerance *tol, uint8_t *diff)
{
    double max_delta = MAX_YIQ_DELTA * tol->threshold * tol->threshold;
    size_t count = 0;
    for (int y = 0; y < expected->height; y++) {
        for (int x = 0; x < expected->width; x++) {
            uint8_t *d = diff ? diff + ((size_t)y * expected->width + x) * 4 : NULL;
            int kind = masked(tol, x, y) ? 3 : classify(expected, actual, x, y, tol, max_delta);
            count += kind == 1;
            if (!d)
                continue;
            if (kind == 0)
                put_faded(d, px(expected, x, y));
            else if (kind == 1)
                put(d, FL_GOLDEN_DIFF_RGB);
            else if (kind == 2)
                put(d, FL_GOLDEN_AA_RGB);
            else
                put(d, FL_GOLDEN_MASK_RGB);
        }
    }
    return count;
}
