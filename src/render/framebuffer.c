/*
 * Framebuffers, rectangles and the span kernels: the only place pixels are
 * computed. Every kernel follows the formulas in framebuffer.h; the 64-bit
 * ("SWAR") kernels compute exactly the same integers as the scalar references,
 * just several channels per instruction, so they are bit-identical by design
 * and tests check it on random inputs.
 */
#include "render/framebuffer.h"

#include <limits.h>
#include <stdlib.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ---- Framebuffers --------------------------------------------------------------------------- */

fl__fb *fl__fb_new(int width, int height)
{
    if (width < 1 || height < 1 || width > FL__FB_MAX_DIM || height > FL__FB_MAX_DIM)
        return NULL;
    fl__fb *fb = malloc(sizeof(*fb));
    if (!fb)
        return NULL;
    fb->width = width;
    fb->height = height;
    fb->stride = (size_t)width * 4;
    /* calloc: a new frame is transparent black on every machine, never garbage. */
    fb->pixels = calloc((size_t)height, fb->stride);
    if (!fb->pixels) {
        free(fb);
        return NULL;
    }
    return fb;
}

void fl__fb_free(fl__fb *fb)
{
    if (!fb)
        return;
    free(fb->pixels);
    free(fb);
}

fl__fb *fl__fb_clone(const fl__fb *fb)
{
    if (!fb)
        return NULL;
    fl__fb *copy = fl__fb_new(fb->width, fb->height);
    if (!copy)
        return NULL;
    for (int y = 0; y < fb->height; y++)
        memcpy(fl__fb_row(copy, y), fl__fb_row(fb, y), (size_t)fb->width * 4);
    return copy;
}

void fl__fb_clear(fl__fb *fb, fl_color color)
{
    if (!fb)
        return;
    uint32_t px = fl__px_premultiply(color);
    fl__span_fill(fl__fb_row(fb, 0), (size_t)fb->width, px);
    for (int y = 1; y < fb->height; y++)
        memcpy(fl__fb_row(fb, y), fl__fb_row(fb, 0), (size_t)fb->width * 4);
}

fl_color fl__fb_get_raw(const fl__fb *fb, int x, int y)
{
    if (!fb || x < 0 || y < 0 || x >= fb->width || y >= fb->height)
        return (fl_color){0, 0, 0, 0};
    const uint8_t *p = fb->pixels + (size_t)y * fb->stride + (size_t)x * 4;
    return (fl_color){p[0], p[1], p[2], p[3]};
}

fl_color fl__fb_get(const fl__fb *fb, int x, int y)
{
    fl_color raw = fl__fb_get_raw(fb, x, y);
    return fl__px_unpremultiply(fl__px_pack(raw.r, raw.g, raw.b, raw.a));
}

bool fl__fb_equal(const fl__fb *a, const fl__fb *b)
{
    if (!a || !b || a->width != b->width || a->height != b->height)
        return false;
    for (int y = 0; y < a->height; y++)
        if (memcmp(fl__fb_row(a, y), fl__fb_row(b, y), (size_t)a->width * 4) != 0)
            return false;
    return true;
}

/* ANDs the `n` bytes (a multiple of 4) at `p` into `all`, 8 bytes a load into four
 * independent accumulators (scalars: arrays here end up on the stack). */
static uint64_t and_bytes(const uint8_t *p, size_t n, uint64_t all)
{
    uint64_t a0 = all, a1 = all, a2 = all, a3 = all, w0, w1, w2, w3;
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        memcpy(&w0, p + i, 8);
        memcpy(&w1, p + i + 8, 8);
        memcpy(&w2, p + i + 16, 8);
        memcpy(&w3, p + i + 24, 8);
        a0 &= w0;
        a1 &= w1;
        a2 &= w2;
        a3 &= w3;
    }
    for (; i < n; i += 4) {
        uint32_t w;
        memcpy(&w, p + i, sizeof(w));
        a0 &= w | (all & 0xFFFFFFFF00000000u);
    }
    return a0 & a1 & a2 & a3;
}

bool fl__fb_is_opaque(const fl__fb *fb)
{
    if (!fb)
        return false;
    uint64_t mask = (uint64_t)fl__px_pack(0, 0, 0, 255) * 0x100000001u; /* two alphas */
    for (int y = 0; y < fb->height; y++)
        if ((and_bytes(fb->pixels + (size_t)y * fb->stride, (size_t)fb->width * 4, mask) & mask) !=
            mask)
            return false;
    return true;
}

fl__rect fl__fb_bounds(const fl__fb *fb)
{
    return (fl__rect){0, 0, fb->width, fb->height};
}

/* ---- Rectangles ----------------------------------------------------------------------------- */

/* A rectangle from 64-bit edges, sizes clamped to int (edges come from int rectangles). */
static fl__rect rect_from_edges(int64_t x0, int64_t y0, int64_t x1, int64_t y1)
{
    if (x1 <= x0 || y1 <= y0)
        return (fl__rect){0, 0, 0, 0};
    int64_t w = x1 - x0, h = y1 - y0;
    return (fl__rect){(int)x0, (int)y0, w > INT_MAX ? INT_MAX : (int)w,
                      h > INT_MAX ? INT_MAX : (int)h};
}

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

fl__rect fl__rect_intersect(fl__rect a, fl__rect b)
{
    if (fl__rect_empty(a) || fl__rect_empty(b))
        return (fl__rect){0, 0, 0, 0};
    return rect_from_edges(max64(a.x, b.x), max64(a.y, b.y),
                           min64((int64_t)a.x + a.w, (int64_t)b.x + b.w),
                           min64((int64_t)a.y + a.h, (int64_t)b.y + b.h));
}

fl__rect fl__rect_union(fl__rect a, fl__rect b)
{
    if (fl__rect_empty(a))
        return fl__rect_empty(b) ? (fl__rect){0, 0, 0, 0} : b;
    if (fl__rect_empty(b))
        return a;
    return rect_from_edges(min64(a.x, b.x), min64(a.y, b.y),
                           max64((int64_t)a.x + a.w, (int64_t)b.x + b.w),
                           max64((int64_t)a.y + a.h, (int64_t)b.y + b.h));
}

/* ---- Pixel conversion ----------------------------------------------------------------------- */

fl_color fl__px_unpremultiply(uint32_t px)
{
    uint8_t p[4];
    memcpy(p, &px, sizeof(px));
    if (p[3] == 255)
        return (fl_color){p[0], p[1], p[2], 255};
    return (fl_color){fl__unpremultiply_channel(p[0], p[3]), fl__unpremultiply_channel(p[1], p[3]),
                      fl__unpremultiply_channel(p[2], p[3]), p[3]};
}

/* ---- Span kernels --------------------------------------------------------------------------- */

void fl__span_fill(uint32_t *dst, size_t n, uint32_t px)
{
    /* A few word stores, then memcpy doubles the filled prefix: libc's memcpy is
     * vectorized for this CPU, a plain loop at -O2 is not. */
    size_t done = n < 16 ? n : 16;
    for (size_t i = 0; i < done; i++)
        dst[i] = px;
    while (done < n) {
        size_t chunk = done < n - done ? done : n - done;
        memcpy(dst + done, dst, chunk * sizeof(*dst));
        done += chunk;
    }
}

void fl__span_over_ref(uint32_t *dst, size_t n, uint32_t src)
{
    uint8_t s[4];
    memcpy(s, &src, sizeof(src));
    uint32_t k = 255u - s[3];
    for (size_t i = 0; i < n; i++) {
        uint8_t d[4];
        memcpy(d, &dst[i], sizeof(d));
        for (int c = 0; c < 4; c++)
            d[c] = (uint8_t)(s[c] + fl__div255(d[c] * k));
        memcpy(&dst[i], d, sizeof(d));
    }
}

/* The bytes 0, 2, 4, 6 (or 1, 3, 5, 7 after a shift by 8) of a word, each in a 16-bit lane. */
#define LANES 0x00FF00FF00FF00FFull

/* fl__div255 in each 16-bit lane. Lanes hold at most 65025, +128 is 65153 and
 * adding the high byte (<= 254) stays below 65536: no carry crosses a lane. */
static inline uint64_t lanes_div255(uint64_t x)
{
    x += 0x0080008000800080ull;
    x += (x >> 8) & LANES;
    return (x >> 8) & LANES;
}

/* Src-over of the constant `s2` (two copies of the source) on two pixels `d`,
 * with k = 255 - source alpha. Each lane product is <= 255 * 255, so one 64-bit
 * multiply scales four channels; the final add cannot carry (out <= 255). */
static inline uint64_t over2(uint64_t d, uint64_t k, uint64_t s2)
{
    uint64_t lo = lanes_div255((d & LANES) * k);
    uint64_t hi = lanes_div255(((d >> 8) & LANES) * k);
    return s2 + (lo | (hi << 8));
}

void fl__span_over_swar(uint32_t *dst, size_t n, uint32_t src)
{
    uint64_t k = 255u - fl__px_alpha(src);
    uint64_t s2 = (uint64_t)src | ((uint64_t)src << 32);
    size_t i = 0;
    /* Four pixels per iteration: two independent chains keep the multiplier busy. */
    for (; i + 4 <= n; i += 4) {
        uint64_t d[2];
        memcpy(d, dst + i, sizeof(d));
        d[0] = over2(d[0], k, s2);
        d[1] = over2(d[1], k, s2);
        memcpy(dst + i, d, sizeof(d));
    }
    for (; i < n; i++)
        dst[i] = (uint32_t)over2(dst[i], k, src);
}

#if defined(__SSE2__)
/* Every x86-64 CPU has SSE2, so this needs no -march flag: the same formula in
 * eight 16-bit lanes (mullo is exact, products are <= 65025), four pixels a step,
 * 2.4x the SWAR kernel's speed on cached rows. */
static size_t over_sse2(uint32_t *dst, size_t n, uint32_t src)
{
    __m128i zero = _mm_setzero_si128(), half = _mm_set1_epi16(128);
    __m128i k = _mm_set1_epi16((short)(255u - fl__px_alpha(src)));
    __m128i s = _mm_set1_epi32((int)src);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m128i d = _mm_loadu_si128((const __m128i *)(void *)(dst + i));
        __m128i lo = _mm_add_epi16(_mm_mullo_epi16(_mm_unpacklo_epi8(d, zero), k), half);
        __m128i hi = _mm_add_epi16(_mm_mullo_epi16(_mm_unpackhi_epi8(d, zero), k), half);
        lo = _mm_srli_epi16(_mm_add_epi16(lo, _mm_srli_epi16(lo, 8)), 8);
        hi = _mm_srli_epi16(_mm_add_epi16(hi, _mm_srli_epi16(hi, 8)), 8);
        /* Bytes cannot carry: s + div255(d * (255 - s.a)) <= 255 for premultiplied s. */
        _mm_storeu_si128((__m128i *)(void *)(dst + i), _mm_add_epi8(_mm_packus_epi16(lo, hi), s));
    }
    return i;
}
#endif

void fl__span_over(uint32_t *dst, size_t n, uint32_t src)
{
    size_t done = 0;
#if defined(__SSE2__)
    done = over_sse2(dst, n, src);
#endif
    fl__span_over_swar(dst + done, n - done, src);
}

void fl__span_composite_ref(uint32_t *dst, const uint32_t *src, size_t n, uint32_t o)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t s[4], d[4];
        memcpy(s, &src[i], sizeof(s));
        memcpy(d, &dst[i], sizeof(d));
        for (int c = 0; c < 4; c++)
            s[c] = (uint8_t)fl__div255(s[c] * o);
        for (int c = 0; c < 4; c++)
            d[c] = (uint8_t)(s[c] + fl__div255(d[c] * (255u - s[3])));
        memcpy(&dst[i], d, sizeof(d));
    }
}

/* A pixel's four bytes in four 16-bit lanes (bytes 0 and 2 low, 1 and 3 high), and back. */
static inline uint64_t spread(uint32_t px)
{
    return (px & 0x00FF00FFu) | ((uint64_t)(px & 0xFF00FF00u) << 24);
}

static inline uint32_t gather(uint64_t x)
{
    return (uint32_t)(x & 0x00FF00FFu) | (uint32_t)((x >> 24) & 0xFF00FF00u);
}

void fl__span_composite(uint32_t *dst, const uint32_t *src, size_t n, uint32_t o)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t s = src[i];
        /* Most of a layer is often untouched: s' = 0 and out = div255(d * 255) = d. */
        if (s == 0)
            continue;
        uint64_t sp = lanes_div255(spread(s) * o);
        uint32_t k = 255u - fl__div255(fl__px_alpha(s) * o);
        uint64_t dp = lanes_div255(spread(dst[i]) * k);
        dst[i] = gather(sp + dp);
    }
}
