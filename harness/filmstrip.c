/* The report's filmstrip sink: each frame shrunk by box filtering and encoded. */
#include "filmstrip.h"

#include <stdlib.h>
#include <string.h>

/* Averages each f x f block of `frame` into one pixel of `out` (w x h): the
 * rows of a block are summed into `acc` (4 sums per output pixel) first, so
 * each source row is read once, in order. */
static void shrink(const fl_frame *frame, int f, uint8_t *out, int w, int h, uint32_t *acc)
{
    uint32_t div = (uint32_t)(f * f);
    for (int y = 0; y < h; y++) {
        memset(acc, 0, (size_t)w * 4 * sizeof(*acc));
        for (int dy = 0; dy < f; dy++) {
            const uint8_t *p = frame->pixels + (size_t)(y * f + dy) * frame->stride;
            for (int x = 0; x < w; x++) {
                uint32_t *a = acc + (size_t)x * 4;
                for (int dx = 0; dx < f; dx++, p += 4) {
                    a[0] += p[0];
                    a[1] += p[1];
                    a[2] += p[2];
                    a[3] += p[3];
                }
            }
        }
        for (int i = 0; i < w * 4; i++)
            *out++ = (uint8_t)((acc[i] + div / 2) / div);
    }
}

static int thumbnail(const fl_frame *frame, uint8_t **png, size_t *len)
{
    int f = (frame->width + FL_FILMSTRIP_WIDTH - 1) / FL_FILMSTRIP_WIDTH;
    int w = frame->width / f, h = frame->height / f;
    if (h < 1) { /* a sliver: keep it whole */
        f = 1;
        w = frame->width;
        h = frame->height;
    }
    uint8_t *small = malloc((size_t)w * (size_t)h * 4);
    uint32_t *acc = malloc((size_t)w * 4 * sizeof(*acc));
    int rc = FL_ENOMEM;
    if (small && acc) {
        shrink(frame, f, small, w, h, acc);
        rc = fl_png_encode(w, h, (size_t)w * 4, small, png, len);
    }
    free(small);
    free(acc);
    return rc;
}

static void keep_frame(fl_loop *loop, const fl_frame *frame, void *arg)
{
    (void)loop;
    fl_filmstrip *s = arg;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        fl_metrics_report_frame *v = realloc(s->frames, cap * sizeof(*v));
        if (!v) {
            s->failed = 1;
            return;
        }
        s->frames = v;
        s->cap = cap;
    }
    fl_metrics_report_frame *f = &s->frames[s->n];
    f->vsync = frame->vsync;
    if (!frame->changed && s->n > 0) {
        f->png = s->frames[s->n - 1].png;
        f->png_len = s->frames[s->n - 1].png_len;
    } else {
        uint8_t *png;
        if (thumbnail(frame, &png, &f->png_len) != 0) {
            s->failed = 1;
            return;
        }
        f->png = png;
    }
    s->n++;
}

int fl_filmstrip_attach(fl_filmstrip *strip, fl_loop *loop)
{
    return fl_render_add_sink(loop, keep_frame, strip);
}

void fl_filmstrip_free(fl_filmstrip *strip)
{
    for (size_t i = 0; i < strip->n; i++) {
        if (i == 0 || strip->frames[i].png != strip->frames[i - 1].png)
            free((void *)strip->frames[i].png);
    }
    free(strip->frames);
    *strip = (fl_filmstrip){0};
}
