/*
 * The metrics layer's per-loop state (FL__EXT_METRICS), shared by record.c
 * (the run observer), summary.c (the figures) and json.c (the file).
 *
 * Times are loop times in microseconds. Slots are kept only when expected,
 * in tick order, so the sliding windows can be computed at the end.
 */
#ifndef FL_METRICS_METRICS_INTERNAL_H
#define FL_METRICS_METRICS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/loop_internal.h"
#include "frameloop/metrics.h"

#define FL__LONG_US (FL_METRICS_LONG_MS * 1000)

enum fl__slot_kind { FL__SLOT_ON_TIME, FL__SLOT_LATE, FL__SLOT_DROPPED };

typedef struct fl__slot {
    int64_t tick_us;
    uint8_t kind; /* fl__slot_kind */
} fl__slot;

typedef struct fl__task_rec {
    fl_source source;
    const char *name; /* borrowed until the frame ends, then copied into a LoAF */
    int64_t start_us;
    int64_t duration_us;
    uint64_t microtasks;
} fl__task_rec;

/* A LoAF as kept: public view plus the storage its pointers point into. */
typedef struct fl__loaf {
    fl_metrics_loaf pub;
    fl_metrics_task *tasks; /* owned, names owned */
} fl__loaf;

/* The tasks since the previous frame. */
typedef struct fl__frame_acc {
    size_t ntasks;
    fl__task_rec listed[FL_METRICS_LOAF_MAX_TASKS];
    size_t nlisted;
    size_t shortest;         /* index of the shortest listed task, once the list is full */
    int64_t start_us;        /* of the first task, or -1 */
    int64_t longest_us;      /* the longest task's duration, or -1 */
    int64_t excess_us;       /* the sum of every task's time over 50 ms */
    int64_t style_start_us;  /* the last checkpoint in the rendering step */
    int64_t render_start_us; /* of the step now running */
} fl__frame_acc;

typedef struct fl__metrics {
    int64_t origin_us; /* loop time at fl_metrics_enable() */

    /* The task or step now running. */
    int64_t busy_start_us;
    uint64_t busy_microtasks;
    int busy_waiting; /* something waited to render as it began */
    fl_source busy_source;
    const char *busy_name;
    int in_task;
    int in_render;

    /* The last tick a busy span covered, not yet rendered or dropped. */
    int64_t pending_tick; /* -1 when none */
    int pending_expected;

    fl__slot *slots;
    size_t nslots;
    size_t slots_cap;
    uint64_t counts[3]; /* by fl__slot_kind */

    uint64_t tasks_run;
    uint64_t microtasks_run;
    uint64_t long_tasks;
    int64_t tbt_us;
    int64_t longest_frame_us;

    fl__frame_acc frame;
    fl__loaf *loafs;
    size_t nloafs;
    size_t loafs_cap;
} fl__metrics;

/* ---- loaf.c -------------------------------------------------------------- */
/* Empties the accumulator for the next frame. */
void fl__metrics_frame_reset(fl__frame_acc *f);
/* Counts a finished task into the frame now accumulating. */
void fl__metrics_frame_add_task(fl__frame_acc *f, const fl__task_rec *rec);
/* The rendering step for `tick_us` ended at `end_us`: measures the frame,
 * keeps it if it is a long animation frame, starts the next one. */
void fl__metrics_end_frame(fl_loop *loop, fl__metrics *m, int64_t tick_us, int64_t end_us);
void fl__metrics_loaf_free(fl__loaf *loaf);

#endif /* FL_METRICS_METRICS_INTERNAL_H */
