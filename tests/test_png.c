/*
 * Pixels in and out: the framebuffer format (storage, exact div255, the
 * premultiply/unpremultiply pair), PNG encode -> decode giving identical pixels
 * (opaque, translucent and every premultiplied value), atomic writes (no
 * temporary file left, the old file intact when writing fails), and clear
 * FL_EIO errors for missing, truncated, corrupt and wrong-size files.
 */
#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "frameloop/error.h"
#include "render/framebuffer.h"
#include "render/png.h"
#include "render/raster.h"

typedef struct fixture {
    char dir[64]; /* a fresh temporary directory per test */
    char path[128];
    char msg[512];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    if (!f)
        return -1;
    snprintf(f->dir, sizeof(f->dir), "/tmp/fl_test_png_XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/frame.png", f->dir);
    *state = f;
    return 0;
}

/* Removes the directory's files (tests only create plain files), then the directory. */
static int teardown(void **state)
{
    fixture *f = *state;
    DIR *d = opendir(f->dir);
    struct dirent *e;
    char p[512];
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(p, sizeof(p), "%s/%s", f->dir, e->d_name);
            unlink(p);
        }
    if (d)
        closedir(d);
    chmod(f->dir, 0700);
    rmdir(f->dir);
    free(f);
    return 0;
}

/* How many entries the directory holds: a leftover temporary file shows up here. */
static int dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void write_bytes(const char *path, const void *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static size_t read_bytes(const char *path, uint8_t *buf, size_t size)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    size_t n = fread(buf, 1, size, fp);
    fclose(fp);
    return n;
}

/* A small UI-like frame: opaque page, boxes, borders, a translucent group. */
static fl__fb *ui_frame(int w, int h, fl_color page)
{
    fl__fb *fb = fl__fb_new(w, h);
    fl__raster *r = fl__raster_new();
    assert_non_null(fb);
    assert_non_null(r);
    assert_int_equal(fl__raster_begin(r, fb), 0);
    fl__raster_clear_rect(r, fl__fb_bounds(fb), page);
    fl__raster_fill_rect(r, (fl__rect){0, 0, w, 8}, (fl_color){30, 58, 95, 255});
    fl__raster_fill_rect(r, (fl__rect){4, 12, 20, 14}, (fl_color){255, 255, 255, 255});
    fl__raster_border(r, (fl__rect){4, 12, 20, 14}, 1, (fl_color){200, 206, 214, 255});
    assert_int_equal(fl__raster_begin_group(r, (fl__rect){10, 16, 30, 20}, 140), 0);
    fl__raster_fill_rect(r, (fl__rect){10, 16, 30, 20}, (fl_color){37, 99, 235, 255});
    fl__raster_fill_rect(r, (fl__rect){14, 20, 10, 10}, (fl_color){250, 0, 0, 90});
    assert_int_equal(fl__raster_end_group(r), 0);
    assert_int_equal(fl__raster_end(r), 0);
    fl__raster_free(r);
    return fb;
}

/* ---- The framebuffer format: storage, premultiplied conversions ---------------------------- */

static void test_png_format_div255_is_exact_rounding(void **state)
{
    (void)state;
    /* round(x / 255) == floor((2x + 255) / 510); never a tie, 255 being odd. */
    for (uint32_t x = 0; x <= 255 * 255; x++)
        assert_int_equal(fl__div255(x), (2 * x + 255) / 510);
}

static void test_png_format_premultiply_round_trip(void **state)
{
    (void)state;
    /* Every valid premultiplied value survives straight and back (what a PNG round trip does). */
    for (uint32_t a = 0; a <= 255; a++)
        for (uint32_t p = 0; p <= a; p++) {
            uint8_t c = fl__unpremultiply_channel(p, a);
            assert_int_equal(fl__div255((uint32_t)c * a), p);
        }
    assert_int_equal(fl__unpremultiply_channel(0, 0), 0);
}

static void test_png_format_framebuffer_basics(void **state)
{
    (void)state;
    assert_null(fl__fb_new(0, 4));
    assert_null(fl__fb_new(4, -1));
    assert_null(fl__fb_new(FL__FB_MAX_DIM + 1, 1));
    fl__fb *fb = fl__fb_new(3, 2);
    assert_non_null(fb);
    assert_int_equal(fb->stride, 12);
    for (size_t i = 0; i < 24; i++)
        assert_int_equal(fb->pixels[i], 0); /* transparent black, never garbage */
    assert_false(fl__fb_is_opaque(fb));
    fl__fb_clear(fb, (fl_color){10, 20, 30, 255});
    assert_true(fl__fb_is_opaque(fb));
    fl__fb *copy = fl__fb_clone(fb);
    assert_true(fl__fb_equal(fb, copy));
    copy->pixels[23] = 254;
    assert_false(fl__fb_is_opaque(copy));
    assert_false(fl__fb_equal(fb, copy));
    fl_color out = fl__fb_get(fb, 3, 0);
    assert_true(out.r == 0 && out.a == 0); /* outside: transparent black */
    assert_false(fl__fb_equal(fb, NULL));
    fl__fb_free(copy);
    fl__fb_free(fb);
    fl__fb_free(NULL);
}

static void test_png_format_clear_every_width(void **state)
{
    (void)state;
    /* fl__fb_clear writes a few words, then doubles them with memcpy: every width. */
    for (int w = 1; w < 290; w++) {
        fl__fb *fb = fl__fb_new(w, 2);
        assert_non_null(fb);
        fl__fb_clear(fb, (fl_color){1, 2, 3, 255});
        for (int y = 0; y < 2; y++)
            for (int x = 0; x < w; x++)
                assert_int_equal(fl__fb_row(fb, y)[x], fl__px_pack(1, 2, 3, 255));
        fl__fb_free(fb);
    }
}

/* ---- PNG ---------------------------------------------------------------------------------- */

/* encode -> decode must give back exactly the same framebuffer. */
static void check_round_trip(const fl__fb *fb)
{
    uint8_t *png;
    size_t len;
    assert_int_equal(fl__png_encode(fb, &png, &len), 0);
    fl__fb *back = NULL;
    assert_int_equal(fl__png_decode(png, len, fb->width, fb->height, &back, NULL, 0), 0);
    assert_true(fl__fb_equal(fb, back));
    fl__fb_free(back);
    fl__png_free(png);
}

static void test_png_round_trip_opaque(void **state)
{
    (void)state;
    fl__fb *fb = ui_frame(48, 40, (fl_color){245, 246, 248, 255});
    assert_true(fl__fb_is_opaque(fb));
    check_round_trip(fb);
    fl__fb_free(fb);
}

static void test_png_round_trip_translucent(void **state)
{
    (void)state;
    fl__fb *fb = ui_frame(48, 40, (fl_color){0, 0, 0, 0}); /* transparent page */
    assert_false(fl__fb_is_opaque(fb));
    check_round_trip(fb);
    fl__fb_free(fb);
}

static void test_png_round_trip_every_premultiplied_value(void **state)
{
    (void)state;
    /* Row y has alpha y; column x holds min(x, y) in each color channel: all 32896
     * valid premultiplied (value, alpha) pairs go through straight PNG and back. */
    fl__fb *fb = fl__fb_new(256, 256);
    assert_non_null(fb);
    for (int y = 0; y < 256; y++)
        for (int x = 0; x < 256; x++) {
            uint8_t v = (uint8_t)(x < y ? x : y);
            fl__fb_row(fb, y)[x] = fl__px_pack(v, (uint8_t)(v / 2), (uint8_t)(y - v), (uint8_t)y);
        }
    check_round_trip(fb);
    fl__fb_free(fb);
}

static void test_png_encoding_is_deterministic(void **state)
{
    (void)state;
    fl__fb *fb = ui_frame(48, 40, (fl_color){245, 246, 248, 255});
    uint8_t *a, *b;
    size_t alen, blen;
    assert_int_equal(fl__png_encode(fb, &a, &alen), 0);
    assert_int_equal(fl__png_encode(fb, &b, &blen), 0);
    assert_int_equal(alen, blen);
    assert_memory_equal(a, b, alen);
    /* An 8-bit PNG of the frame's size: RGB (color type 2) as the frame is opaque... */
    assert_memory_equal(a + 12, "IHDR", 4);
    assert_memory_equal(a + 16, ((uint8_t[]){0, 0, 0, 48, 0, 0, 0, 40, 8, 2}), 10);
    fl__png_free(a);
    fl__png_free(b);
    fl__fb_free(fb);
    /* ...RGBA (color type 6) as soon as one pixel is not. */
    fb = ui_frame(48, 40, (fl_color){245, 246, 248, 255});
    fb->pixels[fb->stride * 39 + 47 * 4 + 3] = 254;
    fb->pixels[fb->stride * 39 + 47 * 4 + 2] = 0; /* still premultiplied */
    assert_int_equal(fl__png_encode(fb, &a, &alen), 0);
    assert_int_equal(a[25], 6);
    fl__png_free(a);
    check_round_trip(fb);
    fl__fb_free(fb);
}

typedef struct encode_job {
    const fl__fb *fb;
    const uint8_t *want;
    size_t want_len;
    int mismatches;
} encode_job;

static void *encode_many(void *arg)
{
    encode_job *job = arg;
    for (int i = 0; i < 20; i++) {
        uint8_t *png;
        size_t len;
        if (fl__png_encode(job->fb, &png, &len) != 0 || len != job->want_len ||
            memcmp(png, job->want, len) != 0)
            job->mismatches++;
        fl__png_free(png);
    }
    return NULL;
}

static void test_png_encode_from_several_threads(void **state)
{
    (void)state;
    fl__fb *fb = ui_frame(64, 48, (fl_color){0, 0, 0, 0});
    uint8_t *want;
    size_t want_len;
    assert_int_equal(fl__png_encode(fb, &want, &want_len), 0);
    encode_job jobs[3];
    pthread_t threads[3];
    for (int i = 0; i < 3; i++) {
        jobs[i] = (encode_job){fb, want, want_len, 0};
        assert_int_equal(pthread_create(&threads[i], NULL, encode_many, &jobs[i]), 0);
    }
    for (int i = 0; i < 3; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_int_equal(jobs[i].mismatches, 0);
    }
    fl__png_free(want);
    fl__fb_free(fb);
}

/* ---- Files ---------------------------------------------------------------------------------- */

static void test_png_save_and_load(void **state)
{
    fixture *f = *state;
    fl__fb *fb = ui_frame(48, 40, (fl_color){0, 0, 0, 0}), *back = NULL;
    assert_int_equal(fl__png_save(fb, f->path, f->msg, sizeof(f->msg)), 0);
    assert_int_equal(dir_entries(f->dir), 1); /* the file, no temporary left behind */
    assert_int_equal(fl__png_load(f->path, 48, 40, &back, f->msg, sizeof(f->msg)), 0);
    assert_true(fl__fb_equal(fb, back));
    fl__fb_free(back);
    /* Saving again replaces the file in place. */
    fl__fb_clear(fb, (fl_color){1, 2, 3, 255});
    assert_int_equal(fl__png_save(fb, f->path, f->msg, sizeof(f->msg)), 0);
    assert_int_equal(dir_entries(f->dir), 1);
    assert_int_equal(fl__png_load(f->path, 0, 0, &back, f->msg, sizeof(f->msg)), 0);
    assert_true(fl__fb_equal(fb, back));
    fl__fb_free(back);
    fl__fb_free(fb);
}

static void test_png_failed_write_keeps_old_file(void **state)
{
    fixture *f = *state;
    static const char old[] = "the previous frame";
    write_bytes(f->path, old, sizeof(old));
    uint8_t data[8192];
    memset(data, 7, sizeof(data));
    /* A file size limit makes write() fail half way (EFBIG), as a full disk would;
     * it works for root too, unlike a read-only directory. */
    struct rlimit saved, small;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
    small = saved;
    small.rlim_cur = 1000;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    int rc = fl__png_write_file(f->path, data, sizeof(data), f->msg, sizeof(f->msg));
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
    signal(SIGXFSZ, prev);
    assert_int_equal(rc, FL_EIO);
    assert_non_null(strstr(f->msg, f->path));
    assert_non_null(strstr(f->msg, "write"));
    uint8_t buf[64];
    assert_int_equal(read_bytes(f->path, buf, sizeof(buf)), sizeof(old));
    assert_memory_equal(buf, old, sizeof(old));
    assert_int_equal(dir_entries(f->dir), 1); /* the temporary file is gone */
}

static void test_png_unwritable_directory(void **state)
{
    fixture *f = *state;
    char missing[256];
    snprintf(missing, sizeof(missing), "%s/no/such/dir/frame.png", f->dir);
    assert_int_equal(fl__png_write_file(missing, "x", 1, f->msg, sizeof(f->msg)), FL_EIO);
    assert_non_null(strstr(f->msg, "No such file or directory"));
    assert_int_equal(dir_entries(f->dir), 0);
    if (geteuid() == 0) /* root writes into a read-only directory: nothing to check */
        return;
    static const char old[] = "old";
    write_bytes(f->path, old, sizeof(old));
    assert_int_equal(chmod(f->dir, 0555), 0);
    assert_int_equal(fl__png_write_file(f->path, "new", 4, f->msg, sizeof(f->msg)), FL_EIO);
    assert_int_equal(chmod(f->dir, 0700), 0);
    uint8_t buf[16];
    assert_int_equal(read_bytes(f->path, buf, sizeof(buf)), sizeof(old));
    assert_memory_equal(buf, old, sizeof(old));
    assert_int_equal(dir_entries(f->dir), 1);
}

/* ---- Decoding errors ------------------------------------------------------------------------ */

static void test_png_missing_file(void **state)
{
    fixture *f = *state;
    fl__fb *fb = (fl__fb *)f; /* must be reset to NULL */
    assert_int_equal(fl__png_load(f->path, 0, 0, &fb, f->msg, sizeof(f->msg)), FL_EIO);
    assert_null(fb);
    assert_non_null(strstr(f->msg, f->path));
    assert_non_null(strstr(f->msg, "No such file or directory"));
    assert_int_equal(fl__png_load(f->dir, 0, 0, &fb, f->msg, sizeof(f->msg)), FL_EIO);
    assert_non_null(strstr(f->msg, "not a regular file"));
}

static void test_png_wrong_size(void **state)
{
    fixture *f = *state;
    fl__fb *fb = ui_frame(48, 40, (fl_color){9, 9, 9, 255}), *back = NULL;
    assert_int_equal(fl__png_save(fb, f->path, f->msg, sizeof(f->msg)), 0);
    assert_int_equal(fl__png_load(f->path, 64, 40, &back, f->msg, sizeof(f->msg)), FL_EIO);
    assert_null(back);
    assert_non_null(strstr(f->msg, "is 48x40, expected 64x40"));
    assert_int_equal(fl__png_load(f->path, 48, 41, &back, f->msg, sizeof(f->msg)), FL_EIO);
    fl__fb_free(fb);
}

static void test_png_not_a_png(void **state)
{
    fixture *f = *state;
    fl__fb *back = NULL;
    write_bytes(f->path, "GIF89a, not a PNG at all", 24);
    assert_int_equal(fl__png_load(f->path, 0, 0, &back, f->msg, sizeof(f->msg)), FL_EIO);
    assert_non_null(strstr(f->msg, "not a PNG"));
    write_bytes(f->path, "", 0);
    assert_int_equal(fl__png_load(f->path, 0, 0, &back, f->msg, sizeof(f->msg)), FL_EIO);
    assert_null(back);
}

static void test_png_truncated_and_corrupt(void **state)
{
    fixture *f = *state;
    fl__fb *fb = ui_frame(24, 20, (fl_color){0, 0, 0, 0}), *back = NULL;
    uint8_t *png;
    size_t len;
    assert_int_equal(fl__png_encode(fb, &png, &len), 0);
    /* Every truncation fails... */
    for (size_t cut = 0; cut < len; cut++) {
        assert_int_equal(fl__png_decode(png, cut, 0, 0, &back, f->msg, sizeof(f->msg)), FL_EIO);
        assert_null(back);
    }
    /* ...and so does every single flipped bit: the signature, a length, a type, data
     * or a CRC (stb_image alone would decode many of these into wrong pixels). */
    for (size_t i = 0; i < len; i++)
        for (int bit = 0; bit < 8; bit++) {
            png[i] ^= (uint8_t)(1u << bit);
            assert_int_equal(fl__png_decode(png, len, 0, 0, &back, NULL, 0), FL_EIO);
            png[i] ^= (uint8_t)(1u << bit);
        }
    /* The file versions name the file and say what is wrong. */
    write_bytes(f->path, png, len / 2);
    assert_int_equal(fl__png_load(f->path, 0, 0, &back, f->msg, sizeof(f->msg)), FL_EIO);
    assert_non_null(strstr(f->msg, "truncated PNG"));
    png[len - 20] ^= 0x40; /* inside the last IDAT */
    write_bytes(f->path, png, len);
    assert_int_equal(fl__png_load(f->path, 0, 0, &back, f->msg, sizeof(f->msg)), FL_EIO);
    assert_non_null(strstr(f->msg, "CRC mismatch"));
    assert_non_null(strstr(f->msg, f->path));
    fl__png_free(png);
    fl__fb_free(fb);
}

static void test_png_invalid_arguments(void **state)
{
    (void)state;
    uint8_t *png = (uint8_t *)state;
    size_t len;
    fl__fb *fb = fl__fb_new(2, 2), *out;
    assert_int_equal(fl__png_encode(NULL, &png, &len), FL_EINVAL);
    assert_null(png);
    assert_int_equal(fl__png_encode(fb, NULL, &len), FL_EINVAL);
    assert_int_equal(fl__png_decode(NULL, 4, 0, 0, &out, NULL, 0), FL_EINVAL);
    assert_int_equal(fl__png_decode("x", 1, 0, 0, NULL, NULL, 0), FL_EINVAL);
    assert_int_equal(fl__png_write_file(NULL, "x", 1, NULL, 0), FL_EINVAL);
    assert_int_equal(fl__png_save(fb, NULL, NULL, 0), FL_EINVAL);
    assert_int_equal(fl__png_load(NULL, 0, 0, &out, NULL, 0), FL_EINVAL);
    fl__png_free(NULL);
    fl__fb_free(fb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png_format_div255_is_exact_rounding),
        cmocka_unit_test(test_png_format_premultiply_round_trip),
        cmocka_unit_test(test_png_format_framebuffer_basics),
        cmocka_unit_test(test_png_format_clear_every_width),
        cmocka_unit_test(test_png_round_trip_opaque),
        cmocka_unit_test(test_png_round_trip_translucent),
        cmocka_unit_test(test_png_round_trip_every_premultiplied_value),
        cmocka_unit_test(test_png_encoding_is_deterministic),
        cmocka_unit_test(test_png_encode_from_several_threads),
        cmocka_unit_test_setup_teardown(test_png_save_and_load, setup, teardown),
        cmocka_unit_test_setup_teardown(test_png_failed_write_keeps_old_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_png_unwritable_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_png_missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_png_wrong_size, setup, teardown),
        cmocka_unit_test_setup_teardown(test_png_not_a_png, setup, teardown),
        cmocka_unit_test_setup_teardown(test_png_truncated_and_corrupt, setup, teardown),
        cmocka_unit_test(test_png_invalid_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
