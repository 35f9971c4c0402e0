/*
 * Frame sinks (sinks.h) and the public calls that add and read them.
 *
 * PNG encoding is synchronous for now: the rendering step waits for the encode
 * and the write. With the virtual clock this costs no loop time; with the real
 * clock it lengthens the step. Moving it to an encoder thread is a later step.
 */
#include "render/sinks.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dom/dom_internal.h" /* fl__strdup */
#include "render/png.h"

struct fl__sink {
    fl_frame_fn fn; /* a callback sink, or NULL */
    void *arg;
    char *dir; /* a PNG directory sink, or NULL */
};

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
        free(s->v[i].dir);
    for (size_t i = 0; i < s->nbufs; i++)
        fl__fb_free(s->bufs[i]);
    free(s->v);
    free(s->bufs);
    free(s->frames);
    fl__png_free(s->png);
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

/* A framebuffer header over a frame's pixels, for the png and fb helpers
 * (they only read through it). */
static fl__fb view_fb(const fl_frame *frame)
{
    return (fl__fb){frame->width, frame->height, frame->stride, (uint8_t *)frame->pixels};
}

static void write_png(fl__sinks *s, fl_loop *loop, const char *dir, const fl_frame *frame)
{
    char msg[256];
    if (!s->png || frame->changed) {
        fl__png_free(s->png);
        s->png = NULL;
        fl__fb fb = view_fb(frame);
        int rc = fl__png_encode(&fb, &s->png, &s->png_len);
        if (rc != 0) {
            snprintf(msg, sizeof(msg), "frame %lld: PNG encoding failed", (long long)frame->vsync);
            fl__sinks_fail(s, loop, rc, msg);
            return;
        }
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/frame-%05lld.png", dir, (long long)frame->vsync);
    if (fl__png_write_file(path, s->png, s->png_len, msg, sizeof(msg)) != 0)
        fl__sinks_fail(s, loop, FL_EIO, msg);
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

void fl__sinks_present(fl__sinks *s, fl_loop *loop, const fl_frame *frame)
{
    if (s->memory && keep_frame(s, frame) != 0)
        fl__sinks_fail(s, loop, FL_ENOMEM, "in-memory frame sink: out of memory");
    /* A callback may add sinks: re-read the length, copy the entry. */
    for (size_t i = 0; i < s->len; i++) {
        fl__sink sink = s->v[i];
        if (sink.fn)
            sink.fn(loop, frame, sink.arg);
        else if (s->status == 0)
            write_png(s, loop, sink.dir, frame);
    }
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
    char *copy = fl__strdup(dir);
    if (!copy || push_sink(s, (fl__sink){NULL, NULL, copy}) != 0) {
        free(copy);
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

int fl_render_sink_status(const fl_loop *loop, const char **msg)
{
    const fl__sinks *s = fl__render_sinks_peek(loop);
    if (msg)
        *msg = s ? s->msg : "";
    return s ? s->status : 0;
}
