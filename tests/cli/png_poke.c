/*
 * Damages PNG goldens in precise ways for the `frameloop check` self-test
 * (check_selftest.cmake), and reads pixels back:
 *
 *   png_poke IN OUT pixel X Y RRGGBB   one pixel set to a color
 *   png_poke IN OUT size WxH           cropped (or padded with black) to WxH
 *   png_poke IN OUT truncate N         the file's first N bytes
 *   png_poke IN get X Y                prints the pixel as RRGGBB
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frameloop/render.h"

static int load(const char *path, int *w, int *h, uint8_t **px)
{
    char msg[512] = "";
    if (fl_png_read(path, w, h, px, msg, sizeof(msg)) != 0) {
        fprintf(stderr, "png_poke: %s\n", msg);
        return -1;
    }
    return 0;
}

static int save(const char *path, int w, int h, const uint8_t *px)
{
    char msg[512] = "";
    if (fl_png_write(path, w, h, (size_t)w * 4, px, msg, sizeof(msg)) != 0) {
        fprintf(stderr, "png_poke: %s\n", msg);
        return 1;
    }
    return 0;
}

/* Reads first, then writes: IN and OUT may be the same file. */
static int truncate_copy(const char *in, const char *out, long n)
{
    char *buf = malloc(n > 0 ? (size_t)n : 1);
    FILE *f = fopen(in, "rb");
    size_t got = f && buf ? fread(buf, 1, (size_t)n, f) : 0;
    int bad = !f || !buf;
    if (f)
        fclose(f);
    FILE *g = bad ? NULL : fopen(out, "wb");
    if (!g || fwrite(buf, 1, got, g) != got)
        bad = 1;
    if (g && fclose(g) != 0)
        bad = 1;
    free(buf);
    return bad;
}

static int resize(int w, int h, const uint8_t *px, const char *size, const char *out)
{
    int nw, nh;
    if (sscanf(size, "%dx%d", &nw, &nh) != 2 || nw < 1 || nh < 1)
        return 2;
    uint8_t *copy = calloc((size_t)nw * nh, 4);
    for (int y = 0; copy && y < nh && y < h; y++)
        memcpy(copy + (size_t)y * nw * 4, px + (size_t)y * w * 4, (size_t)(nw < w ? nw : w) * 4);
    int rc = copy ? save(out, nw, nh, copy) : 1;
    free(copy);
    return rc;
}

int main(int argc, char **argv)
{
    int w, h;
    uint8_t *px = NULL;
    if (argc >= 4 && strcmp(argv[3], "truncate") == 0)
        return argc == 5 ? truncate_copy(argv[1], argv[2], atol(argv[4])) : 2;
    if (argc < 5 || load(argv[1], &w, &h, &px) != 0)
        return 2;
    int rc = 2;
    if (strcmp(argv[2], "get") == 0 && argc == 5) {
        int x = atoi(argv[3]), y = atoi(argv[4]);
        const uint8_t *p = px + ((size_t)y * w + x) * 4;
        printf("%02x%02x%02x\n", p[0], p[1], p[2]);
        rc = 0;
    } else if (strcmp(argv[3], "pixel") == 0 && argc == 7) {
        unsigned long rgb = strtoul(argv[6], NULL, 16);
        uint8_t *p = px + ((size_t)atoi(argv[5]) * w + atoi(argv[4])) * 4;
        p[0] = (uint8_t)(rgb >> 16);
        p[1] = (uint8_t)(rgb >> 8);
        p[2] = (uint8_t)rgb;
        rc = save(argv[2], w, h, px);
    } else if (strcmp(argv[3], "size") == 0 && argc == 5) {
        rc = resize(w, h, px, argv[4], argv[2]);
    }
    free(px);
    return rc;
}
