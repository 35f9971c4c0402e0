/*
 * The metrics layer's per-loop state (FL__EXT_METRICS), shared by record.c
 * (the run observer), summary.c (the figures), json.c (the file), trace.c
 * (every span, for the trace) and trace_json.c (the trace file).
 *
 * Times are loop times in microseconds. Slots are kept only when expected,
 * in tick order, so the sliding windows can be computed at the end.
 */
#ifndef FL_METRICS_METRICS_INTERNAL_H
#define FL_METRICS_METRICS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/loop_internal.h"
#include "frameloop/metrics.h"

#define FL__LONG_US (FL_METRICS_LONG_MS * 1000)

enum fl__slot_kind { FL__SLOT_ON_TIME, FL__SLOT_LATE, FL__SLOT_DROPPED, FL__SLOT_IDLE };

/* How the HUD and the report's timeline color a slot, by fl__slot_kind. */
typedef struct fl__slot_color {
    uint8_t r, g, b;
    const char *label;
} fl__slot_color;
extern const fl__slot_color fl__slot_colors[4];

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

enum fl__span_kind { FL__SPAN_TASK, FL__SPAN_FRAME, FL__SPAN_PHASE };

/* One task, rendering step or part of one, as the trace keeps it: 32 bytes,
 * names interned. Spans are kept in the order they began, so a span's parts
 * follow it. */
typedef struct fl__span {
    int64_t start_us;
    int64_t duration_us; /* -1 while open */
    uint32_t arg;        /* a task's or part's name (pool offset), a frame's vsync index */
    int16_t source;      /* a task's source */
    uint8_t kind;        /* fl__span_kind */
    uint8_t depth;       /* 0 for a task or frame */
    uint32_t queued;     /* as it began: runnable tasks (task, frame), microtasks (part) */
    uint32_t timers;     /* as it began: pending timers */
} fl__span;

/* Spans nest at most this deep; deeper parts are not kept (counted in lost). */
#define FL__TRACE_MAX_DEPTH 32

/* Every span since fl_metrics_enable(), in the order they ended, and the pool
 * of their names, each distinct name stored once. */
typedef struct fl__trace {
    fl__span *spans;
    size_t nspans;
    size_t spans_cap;
    char *pool; /* NUL-terminated names back to back */
    size_t pool_len;
    size_t pool_cap;
    uint32_t *index;  /* open addressing: pool offset + 1, 0 for empty */
    size_t index_cap; /* a power of two, at least twice the names */
    size_t nnames;
    const char *last_name; /* the name interned last, and where: a cache */
    uint32_t last_off;
    uint64_t lost;                     /* spans not kept for want of memory (or too deep) */
    int64_t open[FL__TRACE_MAX_DEPTH]; /* the open spans' indexes, -1 for one not kept */
    int depth;                         /* how many spans are open */
} fl__trace;

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

/* A long task, kept for the report: its name copied, the task being gone. */
typedef struct fl__long_task {
    fl_source source;
    char *name; /* owned */
    int64_t start_us;
    int64_t duration_us;
} fl__long_task;

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

    int64_t tick_after; /* record.c's cache: the first tick after the last span's start */

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

    fl__long_task *long_list; /* every long task, in order */
    size_t nlong, long_cap;

    int tracing; /* fl_metrics_record_trace: keep every span in `trace` */
    fl__trace trace;
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

/* ---- long_tasks.c ---------------------------------------------------------- */
/* Keeps a long task; one that cannot be kept (no memory) is still counted. */
void fl__long_tasks_add(fl__metrics *m, const fl__task_rec *rec);
void fl__long_tasks_free(fl__metrics *m);

/* ---- json.c --------------------------------------------------------------- */
/* Writes `s` as a JSON string, escaped. */
void fl__metrics_put_string(FILE *out, const char *s);
/* Writes one JSON file: @return 0 or a negative FL_E* code. */
typedef int (*fl__metrics_writer)(fl_loop *loop, FILE *out, void *arg);
/* Runs `write` into a temporary file beside `path`, flushes, syncs and renames
 * it over `path`. @return 0, FL_EINVAL, FL_ENOENT, FL_ENOMEM, FL_EIO. */
int fl__metrics_save_atomic(fl_loop *loop, const char *path, fl__metrics_writer write, void *arg);

/* ---- trace.c -------------------------------------------------------------- */
/* Opens a span inside the open ones, of `kind` from `start_us`, for `name`
 * (a task's or part's, interned) or `arg` (a frame's vsync index, when `name`
 * is NULL). Returns it for the caller to fill in the rest (source, queued,
 * timers), or NULL when it cannot be kept: then it counts in `lost`, and its
 * close does nothing. */
fl__span *fl__trace_open(fl__trace *t, enum fl__span_kind kind, int64_t start_us, const char *name,
                         uint32_t arg);
/* Closes the innermost open span at `end_us`. */
void fl__trace_close(fl__trace *t, int64_t end_us);
/* A task's or part's name. */
const char *fl__trace_name(const fl__trace *t, const fl__span *span);
void fl__trace_free(fl__trace *t);

/* ---- report*.c ------------------------------------------------------------ */
/* Every vsync slot of the run, idle ones too: kinds[i] (fl__slot_kind) is the
 * slot at first_tick + i * period. */
typedef struct fl__slot_range {
    int64_t first_tick;
    int64_t period;
    size_t n;
    uint8_t *kinds; /* owned */
} fl__slot_range;

/* Fills `r` from the record (the pending slot counts as dropped, as in the
 * summary). @return 0 or FL_ENOMEM. */
int fl__slot_range_init(fl__slot_range *r, const fl_loop *loop, const fl__metrics *m);
void fl__slot_range_free(fl__slot_range *r);

/* Writes `s` as HTML text, escaped. */
void fl__html_put(FILE *out, const char *s);
/* The timeline section: the SVG of the slots, long tasks and LoAFs. */
void fl__report_timeline(FILE *out, const fl_loop *loop, const fl__metrics *m,
                         const fl__slot_range *r);
/* The filmstrip section. @return 0 or FL_ENOMEM. */
int fl__report_filmstrip(FILE *out, const fl__slot_range *r, const fl_metrics_report_options *opt);

#endif /* FL_METRICS_METRICS_INTERNAL_H */
