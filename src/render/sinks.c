/*
 * Frame sinks (sinks.h) and the public calls that add and read them.
 *
 * A PNG sink's encoder: the loop thread hands it frames in vsync order, and
 * it encodes each changed frame (fl__png_encode) and writes every frame
 * (fl__png_write_file), on its own thread (asynchronous) or on the loop thread
 * (synchronous; see sinks.h for which). Either way one thread at a time owns
 * the last encoded bytes, so an unchanged frame's job needs no pixels and no
 * reference: the queue is FIFO and a single thread drains it, so the bytes it
 * reuses are those of the frame before. A failure is kept in the encoder and
 * moved to s->status by the loop thread at the next frame, or returned by
 * fl_render_sink_status (which waits for the queue first).
 */
#include "render/sinks.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dom/dom_internal.h" /* fl__strdup */
#include "render/png.h"

typedef struct png_job {
    int64_t vsync;
    fl__fb *fb; /* a copy of the frame's pixels, or NULL: write the last bytes again */
} png_job;

typedef struct png_encoder {
    char *dir;
    int async;  /* the thread runs */
    int primed; /* loop thread: a frame with pixels was handed over */

    /* Owned by the thread that writes (the encoder thread, or the loop thread
     * for a synchronous encoder). */
    uint8_t *png; /* the last encoded frame */
    size_t png_len;

    pthread_t thread;
    pthread_mutex_t lock; /* guards everything below */
    pthread_cond_t wake;  /* to the thread: a job, or quit */
    pthread_cond_t room;  /* to the loop thread: room in the queue, or a job done */
    png_job *ring;
    size_t cap, head, count;
    int busy; /* the thread is writing a job it took off the queue */
    int quit;
    fl__png_stats stats;
    int err; /* first failure, 0 when none; err and msg never change once set */
    char msg[256];
} png_encoder;

struct fl__sink {
    fl_frame_fn fn; /* a callback sink, or NULL */
    void *arg;
    png_encoder *png; /* a PNG directory sink, or NULL */
};

/* A framebuffer header over a frame's pixels, for the png and fb helpers
 * (they only read through it). */
static fl__fb view_fb(const fl_frame *frame)
{
    return (fl__fb){frame->width, frame->height, frame->stride, (uint8_t *)frame->pixels};
}

/* ---- PNG encoders ---------------------------------------------------------- */

/* Encodes `fb` (NULL: reuse the last bytes) and writes the frame's file. Only
 * the thread that owns e->png calls it, without the lock: this is the slow part. */
static int write_frame(png_encoder *e, int64_t vsync, const fl__fb *fb, char *msg, size_t size)
{
    if (fb) {
        fl__png_free(e->png);
        e->png = NULL;
        int rc = fl__png_encode(fb, &e->png, &e->png_len);
        if (rc != 0) {
            snprintf(msg, size, "frame %lld: PNG encoding failed", (long long)vsync);
            return rc;
        }
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/frame-%05lld.png", e->dir, (long long)vsync);
    return fl__png_write_file(path, e->png, e->png_len, msg, size) != 0 ? FL_EIO : 0;
}

/* Counts a job and keeps its failure if it is the first. Called with the lock held. */
static void job_done(png_encoder *e, int encoded, int rc, const char *msg)
{
    e->stats.encodes += encoded != 0;
    e->stats.writes += rc == 0;
    if (rc != 0 && e->err == 0) {
        e->err = rc;
        snprintf(e->msg, sizeof(e->msg), "%s", msg);
    }
}

static void *encoder_main(void *arg)
{
    png_encoder *e = arg;
    pthread_mutex_lock(&e->lock);
    for (;;) {
        while (e->count == 0 && !e->quit)
            pthread_cond_wait(&e->wake, &e->lock);
        if (e->count == 0)
            break; /* told to quit, and every job is done */
        png_job job = e->ring[e->head];
        e->head = (e->head + 1) % e->cap;
        e->count--;
        e->busy = 1;
        /* After a failure the sink stops writing, as the run stops: the jobs
         * left are dropped, not written out of order around the gap. */
        int skip = e->err != 0;
        pthread_cond_signal(&e->room);
        pthread_mutex_unlock(&e->lock);

        char msg[256] = "";
        int encoded = !skip && job.fb;
        int rc = skip ? 0 : write_frame(e, job.vsync, job.fb, msg, sizeof(msg));
        fl__fb_free(job.fb);

        pthread_mutex_lock(&e->lock);
        if (!skip)
            job_done(e, encoded, rc, msg);
        e->busy = 0;
        pthread_cond_signal(&e->room);
    }
    pthread_mutex_unlock(&e->lock);
    return NULL;
}

static png_encoder *encoder_new(const char *dir, int async, size_t cap)
{
    png_encoder *e = calloc(1, sizeof(*e));
    if (!e)
        return NULL;
    e->cap = cap;
    e->dir = fl__strdup(dir);
    e->ring = async ? calloc(cap, sizeof(*e->ring)) : NULL;
    if (!e->dir || (async && !e->ring)) {
        free(e->dir);
        free(e->ring);
        free(e);
        return NULL;
    }
    pthread_mutex_init(&e->lock, NULL);
    pthread_cond_init(&e->wake, NULL);
    pthread_cond_init(&e->room, NULL);
    /* Without a thread the sink still works, synchronously: same files. */
    e->async = async && pthread_create(&e->thread, NULL, encoder_main, e) == 0;
    return e;
}

/* Waits until the queue is empty and the thread idle (a no-op when synchronous). */
static void encoder_flush(png_encoder *e)
{
    pthread_mutex_lock(&e->lock);
    while (e->count > 0 || e->busy)
        pthread_cond_wait(&e->room, &e->lock);
    pthread_mutex_unlock(&e->lock);
}

static void encoder_free(png_encoder *e)
{
    if (!e)
        return;
    if (e->async) {
        pthread_mutex_lock(&e->lock);
        e->quit = 1;
        pthread_cond_signal(&e->wake);
        pthread_mutex_unlock(&e->lock);
        pthread_join(e->thread, NULL); /* after it has written every queued frame */
    }
    pthread_mutex_destroy(&e->lock);
    pthread_cond_destroy(&e->wake);
    pthread_cond_destroy(&e->room);
    free(e->ring);
    fl__png_free(e->png);
    free(e->dir);
    free(e);
}

/* Hands a frame to the encoder, with its pixels when they are needed (changed,
 * or the first frame this sink sees): written right here when synchronous, else
 * queued with a copy of the pixels, waiting only while the queue is full. */
static int encoder_present(png_encoder *e, const fl_frame *frame)
{
    fl__fb view = view_fb(frame);
    const fl__fb *fb = frame->changed || !e->primed ? &view : NULL;
    if (!e->async) {
        char msg[256] = "";
        int rc = write_frame(e, frame->vsync, fb, msg, sizeof(msg));
        pthread_mutex_lock(&e->lock);
        job_done(e, fb != NULL, rc, msg);
        pthread_mutex_unlock(&e->lock);
        e->primed = e->png != NULL;
        return 0;
    }
    fl__fb *copy = fb ? fl__fb_clone(fb) : NULL;
    if (fb && !copy)
        return FL_ENOMEM;
    pthread_mutex_lock(&e->lock);
    e->stats.full_waits += e->count == e->cap;
    while (e->count == e->cap)
        pthread_cond_wait(&e->room, &e->lock);
    e->ring[(e->head + e->count) % e->cap] = (png_job){frame->vsync, copy};
    e->count++;
    pthread_cond_signal(&e->wake);
    pthread_mutex_unlock(&e->lock);
    e->primed = 1;
    return 0;
}

/* ---- The sinks --------------------------------------------------------------- */

static int push_sink(fl__sinks *s, fl__sink sink)
{
    if (s->len == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4;
        fl__sink *v = realloc(s->v, cap * sizeof(*v));
        if (!v)
            return FL_ENOMEM;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->len++] = sink;
    return 0;
}

void fl__sinks_clear(fl__sinks *s)
{
    for (size_t i = 0; i < s->len; i++)
        encoder_free(s->v[i].png);
    for (size_t i = 0; i < s->nbufs; i++)
        fl__fb_free(s->bufs[i]);
    fl__fb_free(s->overlay_buf);
    free(s->v);
    free(s->bufs);
    free(s->frames);
    *s = (fl__sinks){0};
}

int fl__sinks_any(const fl__sinks *s)
{
    return s->len > 0 || s->memory;
}

void fl__sinks_fail(fl__sinks *s, fl_loop *loop, int code, const char *msg)
{
    if (s->status != 0)
        return;
    s->status = code;
    snprintf(s->msg, sizeof(s->msg), "%s", msg);
    fl_loop_stop(loop);
}

/* Moves the first encoder failure into s->status, which stops the run. */
static void take_encoder_errors(fl__sinks *s, fl_loop *loop)
{
    for (size_t i = 0; i < s->len && s->status == 0; i++) {
        png_encoder *e = s->v[i].png;
        if (!e)
            continue;
        pthread_mutex_lock(&e->lock);
        if (e->err)
            fl__sinks_fail(s, loop, e->err, e->msg); /* copies msg; fl_loop_stop is quick */
        pthread_mutex_unlock(&e->lock);
    }
}

int fl__sinks_flush(const fl__sinks *s, const char **msg)
{
    int first = 0;
    for (size_t i = 0; i < s->len; i++) {
        png_encoder *e = s->v[i].png;
        if (!e)
            continue;
        encoder_flush(e);
        /* The thread is idle, and a kept failure never changes: read it unlocked. */
        if (first == 0 && e->err != 0) {
            first = e->err;
            if (msg)
                *msg = e->msg;
        }
    }
    return first;
}

void fl__sinks_png_stats(const fl__sinks *s, fl__png_stats *out)
{
    *out = (fl__png_stats){0};
    for (size_t i = 0; i < s->len; i++) {
        png_encoder *e = s->v[i].png;
        if (!e)
            continue;
        pthread_mutex_lock(&e->lock);
        out->encodes += e->stats.encodes;
        out->writes += e->stats.writes;
        out->full_waits += e->stats.full_waits;
        pthread_mutex_unlock(&e->lock);
    }
}

static int keep_frame(fl__sinks *s, const fl_frame *frame)
{
    if (s->nframes == s->frames_cap) {
        size_t cap = s->frames_cap ? s->frames_cap * 2 : 64;
        fl__kept_frame *v = realloc(s->frames, cap * sizeof(*v));
        if (!v)
            return FL_ENOMEM;
        s->frames = v;
        s->frames_cap = cap;
    }
    if (frame->changed || s->nbufs == 0) {
        if (s->nbufs == s->bufs_cap) {
            size_t cap = s->bufs_cap ? s->bufs_cap * 2 : 64;
            fl__fb **v = realloc(s->bufs, cap * sizeof(*v));
            if (!v)
                return FL_ENOMEM;
            s->bufs = v;
            s->bufs_cap = cap;
        }
        fl__fb fb = view_fb(frame);
        if (!(s->bufs[s->nbufs] = fl__fb_clone(&fb)))
            return FL_ENOMEM;
        s->nbufs++;
    }
    fl__kept_frame *k = &s->frames[s->nframes++];
    k->meta = *frame;
    k->meta.pixels = NULL;
    k->buf = s->nbufs - 1;
    return 0;
}

void fl__sinks_present(fl__sinks *s, fl_loop *loop, const fl_frame *rendered)
{
    fl_frame copy;
    const fl_frame *frame = fl__overlay_apply(s, loop, rendered, &copy);
    /* A write that failed since the last frame stops the run now. */
    take_encoder_errors(s, loop);
    if (s->memory && keep_frame(s, frame) != 0)
        fl__sinks_fail(s, loop, FL_ENOMEM, "in-memory frame sink: out of memory");
    /* A callback may add sinks: re-read the length, copy the entry. */
    for (size_t i = 0; i < s->len; i++) {
        fl__sink sink = s->v[i];
        if (sink.fn) {
            sink.fn(loop, frame, sink.arg);
        } else if (s->status == 0 && encoder_present(sink.png, frame) != 0) {
            fl__sinks_fail(s, loop, FL_ENOMEM, "PNG frame sink: out of memory");
        }
    }
    take_encoder_errors(s, loop); /* a synchronous encoder's, at once */
}

/* ---- Public calls ----------------------------------------------------------- */

int fl_render_add_sink(fl_loop *loop, fl_frame_fn fn, void *arg)
{
    int err = FL_EINVAL;
    fl__sinks *s = fn ? fl__render_sinks(loop, &err) : NULL;
    if (!s)
        return err;
    return push_sink(s, (fl__sink){fn, arg, NULL});
}

/* Makes `dir` when it is missing; then it must be a directory we can write in. */
static int check_dir(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0 && (errno != ENOENT || mkdir(dir, 0777) != 0 || stat(dir, &st) != 0))
        return FL_EIO;
    if (!S_ISDIR(st.st_mode) || access(dir, W_OK | X_OK) != 0)
        return FL_EIO;
    return 0;
}

int fl_render_add_png_sink(fl_loop *loop, const char *dir)
{
    int err = FL_EINVAL;
    fl__sinks *s = dir && *dir ? fl__render_sinks(loop, &err) : NULL;
    if (!s)
        return err;
    if (check_dir(dir) != 0)
        return FL_EIO;
    int async = s->png_mode != FL__PNG_SYNC;
    size_t cap = s->png_queue_cap ? s->png_queue_cap : FL__PNG_QUEUE_DEFAULT;
    png_encoder *e = encoder_new(dir, async, cap);
    if (!e || push_sink(s, (fl__sink){NULL, NULL, e}) != 0) {
        encoder_free(e);
        return FL_ENOMEM;
    }
    return 0;
}

int fl_render_add_memory_sink(fl_loop *loop)
{
    int err = FL_EINVAL;
    fl__sinks *s = fl__render_sinks(loop, &err);
    if (!s)
        return err;
    s->memory = 1;
    return 0;
}

size_t fl_render_frame_count(const fl_loop *loop)
{
    const fl__sinks *s = fl__render_sinks_peek(loop);
    return s ? s->nframes : 0;
}

int fl_render_frame_at(const fl_loop *loop, size_t i, fl_frame *out)
{
    if (!loop || !out)
        return FL_EINVAL;
    const fl__sinks *s = fl__render_sinks_peek(loop);
    if (!s || i >= s->nframes)
        return FL_ENOENT;
    *out = s->frames[i].meta;
    out->pixels = s->bufs[s->frames[i].buf]->pixels;
    return 0;
}

/* Waits for the frames still queued, so that a run's last writes count too. */
int fl_render_sink_status(const fl_loop *loop, const char **msg)
{
    const fl__sinks *s = fl__render_sinks_peek(loop);
    if (msg)
        *msg = s ? s->msg : "";
    if (!s)
        return 0;
    int rc = fl__sinks_flush(s, msg);
    if (s->status != 0 && msg)
        *msg = s->msg;
    return s->status != 0 ? s->status : rc;
}
