/*
 * Reads the frame timeline back from a screenshot of the HTML report, so a
 * test can check what a browser shows, not what the file says.
 *
 *     report_pixels SCREENSHOT.png
 *
 * prints, on one line, the slot bars along the middle of the timeline's
 * frames row as runs of one color (e.g. "presented 32, dropped 5, late 1,
 * presented 26"), then on a line each the bounding boxes of the long task and
 * long animation frame shapes ("long-task 50x14"). Exit 1 when the
 * screenshot cannot be read or shows no timeline.
 */
#include <stdio.h>
#include <string.h>

/* stb is third-party code, built here with our warnings off for it alone. */
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_STATIC
#define STBI_ONLY_PNG
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wshadow"
#endif
#include "stb_image.h"
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

typedef struct color {
    unsigned char r, g, b;
    const char *name;
} color;

/* The report's colors (src/metrics/hud.c, report_timeline.c). */
static const color slots[] = {
    {67, 160, 71, "presented"},
    {251, 192, 45, "late"},
    {229, 57, 53, "dropped"},
    {117, 117, 117, "idle"},
};
static const color shapes[] = {{183, 28, 28, "long-task"}, {142, 36, 170, "loaf"}};

typedef struct image {
    const unsigned char *px;
    int w, h;
} image;

static int is(const image *im, int x, int y, const color *c)
{
    const unsigned char *p = im->px + ((size_t)y * (size_t)im->w + (size_t)x) * 3;
    return p[0] == c->r && p[1] == c->g && p[2] == c->b;
}

/* The first row with at least 60 pixels of `c`: the legend's swatch is 12 px
 * wide, the timeline's frames row has a bar per slot. */
static int first_timeline_row(const image *im, const color *c)
{
    for (int y = 0; y < im->h; y++) {
        int n = 0;
        for (int x = 0; x < im->w; x++)
            n += is(im, x, y, c);
        if (n >= 60)
            return y;
    }
    return -1;
}

static const color *slot_at(const image *im, int x, int y)
{
    for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
        if (is(im, x, y, &slots[i]))
            return &slots[i];
    }
    return NULL;
}

/* Runs of bars of one color along row y; the 1 px gaps between bars and the
 * background do not break a run. */
static void print_runs(const image *im, int y)
{
    const color *run = NULL;
    int bars = 0, in_bar = 0;
    const char *sep = "";
    for (int x = 0; x < im->w; x++) {
        const color *c = slot_at(im, x, y);
        if (c && c != run) {
            if (run)
                printf("%s%s %d", sep, run->name, bars), sep = ", ";
            run = c;
            bars = 0;
        }
        if (c && !in_bar)
            bars++;
        in_bar = c != NULL;
    }
    if (run)
        printf("%s%s %d", sep, run->name, bars);
    printf("\n");
}

/* The bounding box of the timeline's pixels of `c` (those at or below y0). */
static void print_box(const image *im, const color *c, int y0)
{
    int x0 = im->w, x1 = -1, top = im->h, bottom = -1;
    for (int y = y0; y < im->h && y < y0 + 120; y++) {
        for (int x = 0; x < im->w; x++) {
            if (is(im, x, y, c)) {
                x0 = x < x0 ? x : x0, x1 = x > x1 ? x : x1;
                top = y < top ? y : top, bottom = y > bottom ? y : bottom;
            }
        }
    }
    if (x1 < 0)
        printf("%s none\n", c->name);
    else
        printf("%s %dx%d\n", c->name, x1 - x0 + 1, bottom - top + 1);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: report_pixels SCREENSHOT.png\n");
        return 2;
    }
    image im;
    int comp;
    unsigned char *px = stbi_load(argv[1], &im.w, &im.h, &comp, 3);
    if (!px) {
        fprintf(stderr, "report_pixels: cannot read '%s': %s\n", argv[1], stbi_failure_reason());
        return 1;
    }
    im.px = px;
    int top = first_timeline_row(&im, &slots[0]);
    if (top < 0) {
        fprintf(stderr, "report_pixels: no timeline in '%s'\n", argv[1]);
        stbi_image_free(px);
        return 1;
    }
    print_runs(&im, top + 15); /* the middle of a 30 px bar */
    for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
        print_box(&im, &shapes[i], top);
    stbi_image_free(px);
    return 0;
}
