/*
 * The report's filmstrip: the frames the caller hands in, in vsync order, each
 * with its index and time, a late one framed in amber, and a red marker
 * between two frames wherever slots in between were dropped.
 *
 * Each distinct image is written once, base64 in a CSS class, and every frame
 * showing it uses the class: a run where most frames repeat the one before
 * (nothing moved) costs a few bytes per repeat, not a PNG each.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics_internal.h"

static void put_base64(FILE *out, const uint8_t *p, size_t n)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char quad[4];
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        quad[0] = digits[v >> 18];
        quad[1] = digits[(v >> 12) & 63];
        quad[2] = i + 1 < n ? digits[(v >> 6) & 63] : '=';
        quad[3] = i + 2 < n ? digits[v & 63] : '=';
        fwrite(quad, 1, 4, out);
    }
}

/* Width and height from the IHDR chunk, which a PNG holds first; 0 when the
 * bytes are too short to be one. */
static void png_size(const uint8_t *p, size_t n, uint32_t *w, uint32_t *h)
{
    *w = *h = 0;
    if (!p || n < 24)
        return;
    *w = (uint32_t)p[16] << 24 | (uint32_t)p[17] << 16 | (uint32_t)p[18] << 8 | p[19];
    *h = (uint32_t)p[20] << 24 | (uint32_t)p[21] << 16 | (uint32_t)p[22] << 8 | p[23];
}

/* images[i]: the class number of frame i. A frame whose `png` is its
 * predecessor's (nothing changed) shares its class; the others are numbered
 * in order. Only neighbours are compared, so this stays linear. */
static void number_images(const fl_metrics_report_options *opt, size_t *images)
{
    size_t n = 0;
    for (size_t i = 0; i < opt->nframes; i++) {
        if (i > 0 && opt->frames[i].png == opt->frames[i - 1].png)
            images[i] = images[i - 1];
        else
            images[i] = n++;
    }
}

static void put_image_classes(FILE *out, const fl_metrics_report_options *opt, const size_t *images)
{
    fputs("<style>", out);
    size_t next = 0;
    for (size_t i = 0; i < opt->nframes; i++) {
        if (images[i] != next)
            continue;
        const fl_metrics_report_frame *f = &opt->frames[i];
        uint32_t w, h;
        png_size(f->png, f->png_len, &w, &h);
        fprintf(out, ".i%zu{aspect-ratio:%u/%u;background-image:url(data:image/png;base64,", next,
                w ? w : 16, h ? h : 9);
        put_base64(out, f->png, f->png_len);
        fputs(")}\n", out);
        next++;
    }
    fputs("</style>\n", out);
}

/* The slots strictly between two frames that were dropped. */
static size_t dropped_between(const fl__slot_range *r, int64_t from, int64_t to)
{
    size_t n = 0;
    int64_t v0 = r->first_tick / r->period;
    for (int64_t v = from + 1; v < to; v++) {
        int64_t k = v - v0;
        n += k >= 0 && (size_t)k < r->n && r->kinds[k] == FL__SLOT_DROPPED;
    }
    return n;
}

static int is_late(const fl__slot_range *r, int64_t vsync)
{
    int64_t k = vsync - r->first_tick / r->period;
    return k >= 0 && (size_t)k < r->n && r->kinds[k] == FL__SLOT_LATE;
}

int fl__report_filmstrip(FILE *out, const fl__slot_range *r, const fl_metrics_report_options *opt)
{
    fputs("<section id=filmstrip><h2>Filmstrip</h2>\n", out);
    if (!opt->frames || opt->nframes == 0) {
        fputs("<p>No frames.</p></section>\n", out);
        return 0;
    }
    size_t *images = malloc(opt->nframes * sizeof(*images));
    if (!images)
        return FL_ENOMEM;
    number_images(opt, images);
    put_image_classes(out, opt, images);
    fputs("<div class=strip>\n", out);
    for (size_t i = 0; i < opt->nframes; i++) {
        const fl_metrics_report_frame *f = &opt->frames[i];
        size_t dropped = i > 0 ? dropped_between(r, opt->frames[i - 1].vsync, f->vsync) : 0;
        if (dropped > 0)
            fprintf(out, "<figure class=gap>%zu dropped</figure>\n", dropped);
        fprintf(out,
                "<figure%s><div class=i%zu></div><figcaption>#%lld &middot; %.3f ms"
                "</figcaption></figure>\n",
                is_late(r, f->vsync) ? " class=late" : "", images[i], (long long)f->vsync,
                (double)(f->vsync * r->period) / 1000.0);
    }
    fputs("</div></section>\n", out);
    free(images);
    return 0;
}
