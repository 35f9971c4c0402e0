/*
 * The PNG frame sink's encoder: every frame written exactly once under its
 * vsync name even when the queue is full, the same bytes as encoding on the
 * loop thread, unchanged frames not re-encoded, a failed write reported as
 * FL_EIO and stopping the run, and fl_loop_free writing what is still queued.
 * The frames come from a virtual-clock loop, so they are the same every run;
 * only the encoder thread's timing varies.
 */
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frameloop/render.h"
#include "render/png.h"
#include "render/sinks.h"
#include "test_util.h"

#define W 64
#define H 48

/* A box that moves on every `every`-th frame (0: never), for `frames` frames. */
typedef struct anim {
    fl_node *box;
    int frame, frames, every;
} anim;

static void move_box(anim *a)
{
    char style[128];
    snprintf(style, sizeof(style),
             "left: %dpx; top: %dpx; width: 9px; height: 7px; background: #c33", a->frame % (W - 9),
             a->frame % (H - 7));
    assert_int_equal(fl_element_set_attribute(a->box, "style", style), 0);
}

static void anim_step(fl_loop *loop, double ts, void *arg)
{
    (void)ts;
    anim *a = arg;
    if (a->every && a->frame % a->every == 0)
        move_box(a);
    if (++a->frame < a->frames)
        fl_request_animation_frame(loop, anim_step, a);
}

/* Starts `a` on `loop`: its first frame is vsync 0, then one per vsync. */
static void anim_start(fl_loop *loop, anim *a, int frames, int every)
{
    fl_document *doc = fl_document_of(loop);
    *a = (anim){fl_document_create_element(doc, "div"), 0, frames, every};
    assert_non_null(a->box);
    assert_int_equal(fl_node_append_child(fl_document_body(doc), a->box), 0);
    move_box(a);
    assert_true(fl_request_animation_frame(loop, anim_step, a) > 0);
}

/* A virtual-clock loop with a W x H viewport. */
static fl_loop *sinks_loop(void)
{
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_render_set_viewport(loop, W, H), 0);
    return loop;
}

/* Adds a PNG sink on `dir` that encodes in `mode` with a queue of `cap` frames. */
static void add_png_sink(fl_loop *loop, const char *dir, fl__png_mode mode, size_t cap)
{
    int err = 0;
    fl__sinks *s = fl__render_sinks(loop, &err);
    assert_non_null(s);
    s->png_mode = mode;
    s->png_queue_cap = cap;
    assert_int_equal(fl_render_add_png_sink(loop, dir), 0);
}

static fl__png_stats png_stats(fl_loop *loop)
{
    int err = 0;
    fl__png_stats st;
    fl__sinks_png_stats(fl__render_sinks(loop, &err), &st);
    return st;
}

static void frame_path(char *path, size_t size, const char *dir, int vsync)
{
    snprintf(path, size, "%s/frame-%05d.png", dir, vsync);
}

/* The whole file, malloc'ed; NULL when it cannot be read. */
static uint8_t *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
    *len = buf ? fread(buf, 1, (size_t)n, f) : 0;
    fclose(f);
    return buf;
}

/* How many entries `dir` holds (. and .. aside); with `remove`, deletes them and `dir`. */
static int dir_entries(const char *dir, int remove)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    char path[512];
    for (struct dirent *de; (de = readdir(d));) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        n++;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        if (remove)
            unlink(path);
    }
    closedir(d);
    if (remove)
        rmdir(dir);
    return n;
}

static void test_sinks_every_frame_written_once_when_the_queue_fills(void **state)
{
    (void)state;
    char dir[] = "/tmp/fl_sinks_XXXXXX";
    assert_non_null(mkdtemp(dir));
    fl_loop *loop = sinks_loop();
    add_png_sink(loop, dir, FL__PNG_ASYNC, 2);
    anim a;
    anim_start(loop, &a, 120, 1);
    run_idle(loop);
    assert_int_equal(fl_render_sink_status(loop, NULL), 0);
    fl__png_stats st = png_stats(loop);
    assert_int_equal(st.writes, 120);
    assert_int_equal(st.encodes, 120);
    /* Rastering a small frame is far quicker than encoding and fsync'ing it. */
    assert_true(st.full_waits > 0);
    /* 120 writes and 120 distinct names, nothing else (no temporary file left). */
    assert_int_equal(dir_entries(dir, 0), 120);
    char path[512];
    struct stat sb;
    for (int i = 0; i < 120; i++) {
        frame_path(path, sizeof(path), dir, i);
        assert_int_equal(stat(path, &sb), 0);
    }
    test_loop_free(loop);
    dir_entries(dir, 1);
}

/* The same bytes whichever thread encodes: compared with fl__png_encode of the
 * memory sink's copy of each frame. */
static void test_sinks_files_match_synchronous_encoding(void **state)
{
    (void)state;
    char adir[] = "/tmp/fl_sinks_XXXXXX", sdir[] = "/tmp/fl_sinks_XXXXXX";
    assert_non_null(mkdtemp(adir));
    assert_non_null(mkdtemp(sdir));
    fl_loop *loop = sinks_loop();
    assert_int_equal(fl_render_add_memory_sink(loop), 0);
    add_png_sink(loop, adir, FL__PNG_ASYNC, 3);
    add_png_sink(loop, sdir, FL__PNG_SYNC, 0);
    anim a;
    anim_start(loop, &a, 24, 2);
    run_idle(loop);
    assert_int_equal(fl_render_sink_status(loop, NULL), 0);
    assert_int_equal(fl_render_frame_count(loop), 24);
    for (size_t i = 0; i < 24; i++) {
        fl_frame f;
        assert_int_equal(fl_render_frame_at(loop, i, &f), 0);
        fl__fb fb = {f.width, f.height, f.stride, (uint8_t *)f.pixels};
        uint8_t *want = NULL;
        size_t want_len = 0;
        assert_int_equal(fl__png_encode(&fb, &want, &want_len), 0);
        const char *dirs[] = {adir, sdir};
        for (int d = 0; d < 2; d++) {
            char path[512];
            size_t len = 0;
            frame_path(path, sizeof(path), dirs[d], (int)f.vsync);
            uint8_t *got = read_all(path, &len);
            assert_non_null(got);
            assert_int_equal(len, want_len);
            assert_memory_equal(got, want, len);
            free(got);
        }
        fl__png_free(want);
    }
    test_loop_free(loop);
    dir_entries(adir, 1);
    dir_entries(sdir, 1);
}

static void unchanged_frames_in_mode(fl__png_mode mode)
{
    char dir[] = "/tmp/fl_sinks_XXXXXX";
    assert_non_null(mkdtemp(dir));
    fl_loop *loop = sinks_loop();
    add_png_sink(loop, dir, mode, 2);
    anim a;
    anim_start(loop, &a, 10, 2); /* frames 0, 2, 4, 6, 8 change */
    run_idle(loop);
    assert_int_equal(fl_render_sink_status(loop, NULL), 0);
    fl__png_stats st = png_stats(loop);
    assert_int_equal(st.encodes, 5);
    assert_int_equal(st.writes, 10);
    for (int i = 0; i < 10; i += 2) {
        char path[512];
        size_t len0 = 0, len1 = 0;
        frame_path(path, sizeof(path), dir, i);
        uint8_t *changed = read_all(path, &len0);
        frame_path(path, sizeof(path), dir, i + 1);
        uint8_t *same = read_all(path, &len1);
        assert_non_null(changed);
        assert_non_null(same);
        assert_int_equal(len0, len1);
        assert_memory_equal(changed, same, len0);
        free(changed);
        free(same);
    }
    test_loop_free(loop);
    dir_entries(dir, 1);
}

static void test_sinks_unchanged_frames_are_not_reencoded(void **state)
{
    (void)state;
    unchanged_frames_in_mode(FL__PNG_ASYNC);
    unchanged_frames_in_mode(FL__PNG_SYNC);
}

/* The directory goes away under the sink (`as_file`: a file takes its place). */
static void write_error_in_mode(fl__png_mode mode, int as_file)
{
    char dir[] = "/tmp/fl_sinks_XXXXXX";
    assert_non_null(mkdtemp(dir));
    fl_loop *loop = sinks_loop();
    add_png_sink(loop, dir, mode, 2);
    assert_int_equal(rmdir(dir), 0);
    if (as_file) {
        FILE *f = fopen(dir, "w");
        assert_non_null(f);
        fclose(f);
    }
    anim a;
    anim_start(loop, &a, 120, 1);
    run_idle(loop);
    const char *msg = NULL;
    assert_int_equal(fl_render_sink_status(loop, &msg), FL_EIO);
    assert_non_null(strstr(msg, "frame-00000.png"));
    /* The failure reaches the loop thread by the time the full queue has made
     * room twice: frame 0 failed, 1 and 2 filled the queue, 3 waited for the
     * thread to finish 0, and frame 4 found the failure and stopped the run. */
    fl_render_stats rs;
    assert_int_equal(fl_render_get_stats(loop, &rs), 0);
    assert_true(rs.frames <= 5);
    assert_int_equal(png_stats(loop).writes, 0);
    test_loop_free(loop);
    if (as_file)
        unlink(dir);
}

static void test_sinks_write_error_stops_the_run(void **state)
{
    (void)state;
    write_error_in_mode(FL__PNG_ASYNC, 0);
    write_error_in_mode(FL__PNG_ASYNC, 1);
    write_error_in_mode(FL__PNG_SYNC, 0);
}

static void test_sinks_loop_free_writes_the_queue(void **state)
{
    (void)state;
    char dir[] = "/tmp/fl_sinks_XXXXXX";
    assert_non_null(mkdtemp(dir));
    fl_loop *loop = sinks_loop();
    add_png_sink(loop, dir, FL__PNG_ASYNC, 8);
    anim a;
    anim_start(loop, &a, 40, 1);
    run_idle(loop);
    test_loop_free(loop); /* no status call: the frames may still be queued */
    for (int i = 0; i < 40; i++) {
        char path[512];
        fl__fb *fb = NULL;
        char msg[256];
        frame_path(path, sizeof(path), dir, i);
        assert_int_equal(fl__png_load(path, W, H, &fb, msg, sizeof(msg)), 0);
        fl__fb_free(fb);
    }
    assert_int_equal(dir_entries(dir, 1), 40);
}

/* With the real clock the default sink encodes on its thread; the status call
 * waits for the frames still queued. */
static void test_sinks_real_clock_default_is_written_by_status(void **state)
{
    (void)state;
    char dir[] = "/tmp/fl_sinks_XXXXXX";
    assert_non_null(mkdtemp(dir));
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.clock = FL_CLOCK_REAL;
    opt.vsync_us = 2000;
    fl_loop *loop = test_loop_new_opts(&opt);
    assert_int_equal(fl_render_set_viewport(loop, W, H), 0);
    assert_int_equal(fl_render_add_png_sink(loop, dir), 0);
    anim a;
    anim_start(loop, &a, 6, 1);
    run_idle(loop);
    assert_int_equal(fl_render_sink_status(loop, NULL), 0);
    fl_render_stats rs;
    assert_int_equal(fl_render_get_stats(loop, &rs), 0);
    assert_int_equal(png_stats(loop).writes, rs.frames);
    assert_int_equal(dir_entries(dir, 0), (int)rs.frames);
    test_loop_free(loop);
    dir_entries(dir, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_sinks_every_frame_written_once_when_the_queue_fills),
        TEST(test_sinks_files_match_synchronous_encoding),
        TEST(test_sinks_unchanged_frames_are_not_reencoded),
        TEST(test_sinks_write_error_stops_the_run),
        TEST(test_sinks_loop_free_writes_the_queue),
        TEST(test_sinks_real_clock_default_is_written_by_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
