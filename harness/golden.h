/*
 * The comparisons behind `frameloop check`: which frames a scenario keeps as
 * goldens (its FL_SCENARIO_GOLDEN spec), images with a perceptual tolerance and
 * a diff image, text as a unified diff, and JSON summaries field by field.
 */
#ifndef FL_HARNESS_GOLDEN_H
#define FL_HARNESS_GOLDEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- The scenario's golden spec (harness.h, FL_SCENARIO_GOLDEN) ---------- */

#define FL_GOLDEN_MAX_RANGES 32
#define FL_GOLDEN_MAX_MASKS  16

/* A rectangle in pixels: [x, x + w) x [y, y + h). */
typedef struct fl_golden_rect {
    int x, y, w, h;
} fl_golden_rect;

/* Vsync indexes first..last, every step-th. */
typedef struct fl_golden_range {
    long long first, last, step;
} fl_golden_range;

typedef struct fl_golden_spec {
    size_t nranges; /* 0: every frame is golden */
    fl_golden_range ranges[FL_GOLDEN_MAX_RANGES];
    size_t nmasks;
    fl_golden_rect masks[FL_GOLDEN_MAX_MASKS];
} fl_golden_spec;

/* Parses a spec (NULL is the empty spec). Returns 0, or -1 with a reason in
 * `why` for a malformed one. */
int fl_golden_spec_parse(const char *text, fl_golden_spec *spec, char *why, size_t why_size);

/* Parses "X,Y,W,H" and adds it to the masks. Returns 0, or -1 when it is not
 * one or there are too many. */
int fl_golden_mask_parse(const char *text, fl_golden_rect *masks, size_t *nmasks);

/* Whether the frame of vsync index `vsync` is golden under `spec`. */
int fl_golden_spec_wants(const fl_golden_spec *spec, long long vsync);

/* ---- Images ---------------------------------------------------------------- */

/* Straight RGBA8 pixels, `height` rows `stride` bytes apart. */
typedef struct fl_golden_image {
    int width, height;
    size_t stride;
    const uint8_t *pixels;
} fl_golden_image;

typedef struct fl_golden_tolerance {
    /* Per-pixel color distance allowed, 0..1 on pixelmatch's YIQ scale; 0
     * compares bytes exactly. */
    double threshold;
    /* Pixels that differ only by anti-aliasing (pixelmatch's detector) do not
     * count. */
    int ignore_aa;
    const fl_golden_rect *masks;
    size_t nmasks;
} fl_golden_tolerance;

/* The diff image's colors: differing pixels, anti-aliased ones, masked ones. */
#define FL_GOLDEN_DIFF_RGB 255, 0, 0
#define FL_GOLDEN_AA_RGB   255, 255, 0
#define FL_GOLDEN_MASK_RGB 255, 0, 255

/*
 * Counts the pixels of `actual` that differ from `expected` (same size) beyond
 * `tol`. When `diff` is not NULL (width * height * 4 bytes), draws the diff
 * image into it: each pixel of `expected` faded to a light grey, differing
 * pixels red, anti-aliased ones yellow (with ignore_aa), masks magenta.
 */
size_t fl_golden_image_compare(const fl_golden_image *expected, const fl_golden_image *actual,
                               const fl_golden_tolerance *tol, uint8_t *diff);

/* ---- Text and JSON --------------------------------------------------------- */

/*
 * Writes a unified diff (3 lines of context) of `a` (labelled `a_name`) against
 * `b` to `out`. Returns the number of lines removed plus added (0: equal).
 */
size_t fl_golden_text_diff(FILE *out, const char *a_name, const char *a, size_t a_len,
                           const char *b_name, const char *b, size_t b_len);

/*
 * Compares two JSON documents field by field: each leaf is named by its path
 * (`frames_dropped`, `long_animation_frames[0].tasks[1].name`); numbers compare
 * by value, the rest by text. Writes one line per differing field to `out` as
 * "  <path>: expected <e>, actual <a>" ("missing" for an absent field) and
 * returns how many differ, or -1 when either is not JSON (a line says which).
 */
long fl_golden_json_diff(FILE *out, const char *expected, const char *actual);

#endif /* FL_HARNESS_GOLDEN_H */
