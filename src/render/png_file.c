/*
 * The public face of png.c (render.h): PNG bytes and files in and out as
 * straight RGBA8, the way fl_frame holds pixels, and the atomic write for any
 * other file a golden tool keeps beside them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frameloop/error.h"
#include "frameloop/render.h"
#include "render/png.h"

int fl_png_encode(int width, int height, size_t stride, const uint8_t *pixels, uint8_t **png,
                  size_t *len)
{
    if (!png)
        return FL_EINVAL;
    *png = NULL;
    if (!pixels || !len || width < 1 || height < 1 || width > FL__FB_MAX_DIM ||
        height > FL__FB_MAX_DIM || stride < (size_t)width * 4 || stride % 4)
        return FL_EINVAL;
    /* Straight and premultiplied agree where alpha is 255: an opaque image
     * (every frame) is encoded in place; anything else is premultiplied first. */
    fl__fb view = {width, height, stride, (uint8_t *)pixels};
    fl__fb *copy = NULL;
    for (int y = 0; y < height && !copy; y++) {
        const uint8_t *row = pixels + (size_t)y * stride;
        for (int x = 0; x < width; x++) {
            if (row[x * 4 + 3] != 255) {
                if (!(copy = fl__fb_new(width, height)))
                    return FL_ENOMEM;
                break;
            }
        }
    }
    for (int y = 0; copy && y < height; y++) {
        uint32_t *row = fl__fb_row(copy, y);
        const uint8_t *in = pixels + (size_t)y * stride;
        for (int x = 0; x < width; x++, in += 4)
            row[x] = fl__px_premultiply((fl_color){in[0], in[1], in[2], in[3]});
    }
    int rc = fl__png_encode(copy ? copy : &view, png, len);
    fl__fb_free(copy);
    return rc;
}

int fl_file_write_atomic(const char *path, const void *data, size_t len, char *msg, size_t msg_size)
{
    return fl__png_write_file(path, data, len, msg, msg_size);
}

int fl_png_write(const char *path, int width, int height, size_t stride, const uint8_t *pixels,
                 char *msg, size_t msg_size)
{
    if (!path)
        return FL_EINVAL;
    uint8_t *png;
    size_t len;
    int rc = fl_png_encode(width, height, stride, pixels, &png, &len);
    if (rc == FL_EIO && msg && msg_size)
        snprintf(msg, msg_size, "%s: PNG encoding failed", path);
    if (rc == 0)
        rc = fl__png_write_file(path, png, len, msg, msg_size);
    free(png);
    return rc;
}

int fl_png_read(const char *path, int *width, int *height, uint8_t **pixels, char *msg,
                size_t msg_size)
{
    if (pixels)
        *pixels = NULL;
    if (!path || !width || !height || !pixels)
        return FL_EINVAL;
    fl__fb *fb;
    int rc = fl__png_load(path, 0, 0, &fb, msg, msg_size);
    if (rc != 0)
        return rc;
    uint8_t *out = malloc((size_t)fb->width * fb->height * 4);
    if (!out) {
        fl__fb_free(fb);
        return FL_ENOMEM;
    }
    for (int y = 0; y < fb->height; y++) {
        const uint32_t *src = fl__fb_row(fb, y);
        uint8_t *dst = out + (size_t)y * fb->width * 4;
        /* An opaque row (every row of a frame) is the same premultiplied or not. */
        int x = 0;
        while (x < fb->width && fl__px_alpha(src[x]) == 255)
            x++;
        if (x == fb->width) {
            memcpy(dst, src, (size_t)fb->width * 4);
            continue;
        }
        for (x = 0; x < fb->width; x++, dst += 4) {
            fl_color c = fl__px_unpremultiply(src[x]);
            dst[0] = c.r;
            dst[1] = c.g;
            dst[2] = c.b;
            dst[3] = c.a;
        }
    }
    *width = fb->width;
    *height = fb->height;
    *pixels = out;
    fl__fb_free(fb);
    return 0;
}
