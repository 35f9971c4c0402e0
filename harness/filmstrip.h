/*
 * A filmstrip for the HTML report: a frame sink that keeps a small PNG of
 * every frame (fl_metrics_report_frame), a repeat of an unchanged frame
 * sharing its predecessor's bytes.
 */
#ifndef FL_HARNESS_FILMSTRIP_H
#define FL_HARNESS_FILMSTRIP_H

#include "frameloop/metrics.h"
#include "frameloop/render.h"

/* Thumbnails are at most this wide: the frame shrunk by a whole factor. */
#define FL_FILMSTRIP_WIDTH 160

typedef struct fl_filmstrip {
    fl_metrics_report_frame *frames;
    size_t n, cap;
    int failed; /* a frame could not be kept (out of memory) */
} fl_filmstrip;

/* Adds the sink to `loop`; `strip` (zeroed by the caller) must outlive its
 * runs. @return 0, or fl_render_add_sink's error. */
int fl_filmstrip_attach(fl_filmstrip *strip, fl_loop *loop);

/* Frees the thumbnails. */
void fl_filmstrip_free(fl_filmstrip *strip);

#endif /* FL_HARNESS_FILMSTRIP_H */
