/*
 * The public face of png.c for golden comparison (render.h): PNG files in and
 * out as straight RGBA8, the way fl_frame holds pixels, and the atomic write
 * for any other file a golden tool keeps beside them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frameloop/error.h"
#include "frameloop/render.h"
#include "render/png.h"

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
