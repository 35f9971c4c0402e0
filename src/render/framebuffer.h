/**
 * @file framebuffer.h
 * RGBA8 framebuffers, rectangles, and the exact integer pixel math that every
 * raster operation shares (raster.c draws with it, png.c converts with it).
 *
 * Storage: 4 bytes per pixel in memory order R, G, B, A; rows top to bottom,
 * `stride` bytes apart. Colors are stored PREMULTIPLIED by alpha (r, g, b <= a).
 * Why premultiplied: src-over is then one formula, the same on all four
 * channels, which makes a SWAR kernel straightforward and lets opacity-group
 * layers (transparent scratch surfaces) composite without a division per pixel.
 * A pixel with a == 255 is the same premultiplied or straight, so a frame
 * cleared to an opaque background holds exactly the straight RGBA a PNG stores;
 * colors come in and go out straight (fl_color) and are converted here.
 *
 * Formulas (integer only, so every machine gives byte-identical pixels; every
 * division by 255 rounds to nearest, and there is never a tie because 255 is
 * odd):
 *
 *     div255(x)     = (x + 128 + ((x + 128) >> 8)) >> 8   == round(x / 255), 0 <= x <= 65025
 *     premultiply   p = div255(c * a)                       for c in r, g, b; alpha kept
 *     unpremultiply c = a ? (p * 255 + a / 2) / a : 0       round half up; exact inverse:
 *                                                           premultiply(unpremultiply(p)) == p
 *     src-over      out = s + div255(d * (255 - s.a))      each channel, s and d premultiplied
 *     group         s' = div255(s * o) each channel (o = group opacity 0..255), then src-over
 *
 * Results never exceed 255 and stay premultiplied (out.c <= out.a), because
 * s.c <= s.a and div255(255 * (255 - s.a)) == 255 - s.a.
 */
#ifndef FL_RENDER_FRAMEBUFFER_H
#define FL_RENDER_FRAMEBUFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "frameloop/dom.h" /* fl_color: a straight RGBA8 color */

/** Largest width or height: keeps every byte count and stb's int arithmetic in range. */
#define FL__FB_MAX_DIM 16384

/** A framebuffer: owned pixels, premultiplied RGBA8 (see the file comment). */
typedef struct fl__fb {
    int width;       /**< 1..FL__FB_MAX_DIM */
    int height;      /**< 1..FL__FB_MAX_DIM */
    size_t stride;   /**< bytes from one row to the next: a multiple of 4 */
    uint8_t *pixels; /**< height * stride bytes, owned by the framebuffer */
} fl__fb;

/** A rectangle in device pixels: [x, x + w) x [y, y + h). Empty when w <= 0 or h <= 0. */
typedef struct fl__rect {
    int x, y, w, h;
} fl__rect;

/* ---- Framebuffers --------------------------------------------------------------------------- */

/**
 * Allocates a framebuffer, every pixel transparent black (0, 0, 0, 0): zeroed
 * memory, never uninitialised bytes.
 * @return the framebuffer (free with fl__fb_free), or NULL for a size outside
 *         1..FL__FB_MAX_DIM or when out of memory.
 */
fl__fb *fl__fb_new(int width, int height);

/** Frees a framebuffer and its pixels; NULL is a no-op. */
void fl__fb_free(fl__fb *fb);

/**
 * A copy of `fb` (same size and pixels), e.g. to hand a frame to an encoder thread.
 * @return the copy (the caller frees it), or NULL for a NULL `fb` or out of memory.
 */
fl__fb *fl__fb_clone(const fl__fb *fb);

/** Sets every pixel to `color` (straight; stored premultiplied). NULL is a no-op. */
void fl__fb_clear(fl__fb *fb, fl_color color);

/** The pixel at (x, y) as a straight color; (0, 0, 0, 0) outside the framebuffer. */
fl_color fl__fb_get(const fl__fb *fb, int x, int y);

/** The pixel at (x, y) as stored (premultiplied); (0, 0, 0, 0) outside the framebuffer. */
fl_color fl__fb_get_raw(const fl__fb *fb, int x, int y);

/** Whether `a` and `b` have the same size and the same pixels (rows compared, not padding). */
bool fl__fb_equal(const fl__fb *a, const fl__fb *b);

/** Whether every pixel has alpha 255 (then stored bytes are the straight colors). */
bool fl__fb_is_opaque(const fl__fb *fb);

/** The framebuffer's own rectangle (0, 0, width, height). */
fl__rect fl__fb_bounds(const fl__fb *fb);

/** Row `y` as pixel words (4-byte aligned: the stride is a multiple of 4). */
static inline uint32_t *fl__fb_row(const fl__fb *fb, int y)
{
    return (uint32_t *)(void *)(fb->pixels + (size_t)y * fb->stride);
}

/* ---- Rectangles ----------------------------------------------------------------------------- */

/** Whether `r` covers no pixel. */
static inline bool fl__rect_empty(fl__rect r)
{
    return r.w <= 0 || r.h <= 0;
}

/**
 * The overlap of `a` and `b`; (0, 0, 0, 0) when they do not overlap. Computed in
 * 64 bits, so rectangles reaching past INT_MAX clip instead of overflowing.
 */
fl__rect fl__rect_intersect(fl__rect a, fl__rect b);

/** The smallest rectangle holding `a` and `b` (an empty one is ignored): damage union. */
fl__rect fl__rect_union(fl__rect a, fl__rect b);

/* ---- Pixel math (the formulas of the file comment) ------------------------------------------ */

/** round(x / 255) for 0 <= x <= 65025, exactly. */
static inline uint32_t fl__div255(uint32_t x)
{
    x += 128;
    return (x + (x >> 8)) >> 8;
}

/** Packs four bytes in memory order R, G, B, A into a pixel word (endian-independent). */
static inline uint32_t fl__px_pack(uint8_t r, uint8_t g, uint8_t b, uint8_t a)
{
    uint8_t bytes[4] = {r, g, b, a};
    uint32_t px;
    memcpy(&px, bytes, sizeof(px));
    return px;
}

/** The alpha byte of a pixel word (the fourth byte in memory on every machine). */
static inline uint32_t fl__px_alpha(uint32_t px)
{
    uint8_t bytes[4];
    memcpy(bytes, &px, sizeof(px));
    return bytes[3];
}

/** A straight color as a premultiplied pixel word. */
static inline uint32_t fl__px_premultiply(fl_color c)
{
    return fl__px_pack((uint8_t)fl__div255((uint32_t)c.r * c.a),
                       (uint8_t)fl__div255((uint32_t)c.g * c.a),
                       (uint8_t)fl__div255((uint32_t)c.b * c.a), c.a);
}

/** One premultiplied channel back to straight: round(p * 255 / a), 0 when a == 0. */
static inline uint8_t fl__unpremultiply_channel(uint32_t p, uint32_t a)
{
    return a ? (uint8_t)((p * 255 + a / 2) / a) : 0;
}

/** A premultiplied pixel word as a straight color. */
fl_color fl__px_unpremultiply(uint32_t px);

/* ---- Span kernels (one row of a rectangle) -------------------------------------------------- */

/** dst[i] = px for n pixels: stores, then doubling memcpy (the opaque fast path). */
void fl__span_fill(uint32_t *dst, size_t n, uint32_t px);

/**
 * Src-over of one premultiplied color onto n pixels: the scalar reference, one
 * channel at a time, straight from the formula. Tests hold the SWAR kernel to it.
 */
void fl__span_over_ref(uint32_t *dst, size_t n, uint32_t src);

/**
 * Src-over of one premultiplied color onto n pixels, two pixels per 64-bit word
 * (each byte in its own 16-bit lane): bit-identical to fl__span_over_ref for
 * premultiplied inputs. The portable fast kernel.
 */
void fl__span_over_swar(uint32_t *dst, size_t n, uint32_t src);

/**
 * Src-over of one premultiplied color onto n pixels, the kernel blended fills
 * use: SSE2 (eight 16-bit lanes) where the compiler targets it, as every x86-64
 * compiler does by default, then fl__span_over_swar for the rest. Bit-identical
 * to fl__span_over_ref for premultiplied inputs.
 */
void fl__span_over(uint32_t *dst, size_t n, uint32_t src);

/**
 * Composites n premultiplied pixels of a group layer onto dst with the group
 * opacity `o` (0..255): s' = div255(s * o), then src-over. Scalar reference.
 */
void fl__span_composite_ref(uint32_t *dst, const uint32_t *src, size_t n, uint32_t o);

/** fl__span_composite_ref in 64-bit lanes: bit-identical for premultiplied inputs. */
void fl__span_composite(uint32_t *dst, const uint32_t *src, size_t n, uint32_t o);

#endif /* FL_RENDER_FRAMEBUFFER_H */
