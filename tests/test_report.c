/*
 * The HTML report (fl_metrics_write_report_html) of the jank run: the
 * summary's numbers, the timeline's bars (one per slot, or merged runs when
 * the run has more slots than fit), the long task and LoAF rows and tables,
 * the filmstrip with shared images, the drop marker and the late frame, HTML
 * escaping, the atomic save, and the errors.
 */
#include <stdlib.h>
#include <unistd.h>

#include "test_jank.h"

static char *report_text(fl_loop *loop, const fl_metrics_report_options *opt)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(fl_metrics_write_report_html(loop, f, opt), 0);
    assert_int_equal(fclose(f), 0);
    return text;
}

static size_t count(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* A 2x1 PNG of one color. */
static uint8_t *tiny_png(uint8_t r, size_t *len)
{
    uint8_t px[8] = {r, 0, 0, 255, r, 0, 0, 255};
    uint8_t *png;
    assert_int_equal(fl_png_encode(2, 1, 8, px, &png, len), 0);
    return png;
}

static void test_report_jank(void **state)
{
    (void)state;
    fl_loop *loop = jank_loop(1000);
    run_idle(loop);
    size_t alen, blen;
    uint8_t *a = tiny_png(10, &alen), *b = tiny_png(20, &blen);
    fl_metrics_report_frame frames[] = {{31, a, alen}, {37, b, blen}, {38, b, blen}};
    fl_metrics_report_options opt = {"jank <1>", "fifo", 7, frames, 3};
    char *html = report_text(loop, &opt);

    assert_non_null(strstr(html, "<title>jank &lt;1&gt; - frameloop report</title>"));
    assert_non_null(strstr(html, "<p class=meta>policy fifo, seed 7, vsync every 16.000 ms, "
                                 "1008.000 ms of loop time</p>"));
    assert_non_null(strstr(html, "<tr><th>frames dropped</th><td class=n>5</td></tr>"));
    assert_non_null(strstr(html, "<tr><th>of which late</th><td class=n>1</td></tr>"));
    /* 1008 ms: slots 0..63, 8 px apart, one bar each: 58 on time, 1 late, 5 dropped. */
    assert_int_equal(count(html, "<rect class=k0 "), 58);
    assert_int_equal(count(html, "<rect class=k1 "), 1);
    assert_int_equal(count(html, "<rect class=k2 "), 5);
    assert_int_equal(count(html, "<rect class=k3 "), 0);
    assert_non_null(strstr(html, "<rect class=k2 x=\"346.00\" y=\"10\" width=\"7.00\" "
                                 "height=\"30\"><title>vsync 32 at 512.000 ms: dropped</title>"));
    assert_non_null(strstr(html, "<title>vsync 37 at 592.000 ms: late</title>"));
    /* The long task, 500..600 ms, and the LoAF from 500 to the end of frame 37. */
    assert_non_null(strstr(html, "<rect class=lt x=\"340.00\" y=\"52\" width=\"50.00\" "
                                 "height=\"14\"><title>&lt;long&gt; task (timer): 100.000 ms "
                                 "at 500.000 ms</title>"));
    assert_int_equal(count(html, "<rect class=lf "), 1);
    assert_non_null(strstr(html, "<td>timer</td><td>&lt;long&gt; task</td><td class=n>500.000"
                                 "</td><td class=n>100.000</td>"));
    assert_non_null(strstr(html, "<text x=\"90.00\" y=\"104\">0 ms</text>"));
    /* A label every 200 ms: 1008 ms / 200 <= 10. */
    assert_non_null(strstr(html, "<text x=\"390.00\" y=\"104\">600 ms</text>\n"
                                 "<text x=\"490.00\" y=\"104\">800 ms</text>\n"
                                 "<text x=\"590.00\" y=\"104\">1000 ms</text>\n</svg>"));
    /* Filmstrip: two images (38 repeats 37), five dropped between 31 and 37. */
    assert_int_equal(count(html, "base64,iVBORw0KGgo"), 2);
    assert_non_null(strstr(html, "<figure><div class=i0></div><figcaption>#31 &middot; "
                                 "496.000 ms</figcaption></figure>\n"
                                 "<figure class=gap>5 dropped</figure>\n"
                                 "<figure class=late><div class=i1></div><figcaption>#37 "
                                 "&middot; 592.000 ms</figcaption></figure>\n"
                                 "<figure><div class=i1></div>"));
    assert_non_null(strstr(html, ".i0{aspect-ratio:2/1;"));
    assert_int_equal(count(html, "<script"), 0);
    assert_int_equal(count(html, "http:"), 0); /* nothing fetched */
    free(html);
    free(a);
    free(b);
    test_loop_free(loop);
}

/* 10 s of animation is 626 slots: too many for bars of 3 px, so each run of
 * one kind is one shape. */
static void test_report_merges_runs(void **state)
{
    (void)state;
    fl_loop *loop = jank_loop(10000);
    run_idle(loop);
    char *html = report_text(loop, NULL);
    assert_int_equal(count(html, "<rect class=k0 "), 2);
    assert_int_equal(count(html, "<rect class=k2 "), 1);
    assert_int_equal(count(html, "<rect class=k1 "), 1);
    assert_non_null(strstr(html, "<title>vsync 32-36: 5 dropped</title>"));
    assert_non_null(strstr(html, "<title>vsync 0-31: 32 presented</title>"));
    assert_non_null(strstr(html, "<h1>frameloop</h1>"));
    assert_non_null(strstr(html, "<p>No frames.</p>"));
    free(html);
    test_loop_free(loop);
}

static void test_report_save_and_errors(void **state)
{
    (void)state;
    fl_loop *loop = jank_loop(100);
    run_idle(loop);
    char dir[] = "/tmp/fl-report-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof(path), "%s/r.html", dir);
    assert_int_equal(fl_metrics_save_report_html(loop, path, NULL), 0);
    char *text = report_text(loop, NULL);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *saved = calloc(1, strlen(text) + 2);
    assert_int_equal(fread(saved, 1, strlen(text) + 1, f), strlen(text));
    fclose(f);
    assert_string_equal(saved, text);
    free(saved);
    free(text);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0); /* no temporary file left behind */
    assert_int_equal(fl_metrics_save_report_html(loop, "/dev/null/r.html", NULL), FL_EIO);
    assert_int_equal(fl_metrics_write_report_html(loop, NULL, NULL), FL_EINVAL);
    assert_int_equal(fl_metrics_write_report_html(NULL, stdout, NULL), FL_EINVAL);
    test_loop_free(loop);

    loop = test_loop_new(FL_POLICY_FIFO); /* never enabled */
    assert_int_equal(fl_metrics_write_report_html(loop, stdout, NULL), FL_ENOENT);
    test_loop_free(loop);

    uint8_t *png = (uint8_t *)"x";
    size_t len;
    uint8_t px[4] = {1, 2, 3, 4};
    assert_int_equal(fl_png_encode(1, 1, 4, px, NULL, &len), FL_EINVAL);
    assert_int_equal(fl_png_encode(0, 1, 4, px, &png, &len), FL_EINVAL);
    assert_null(png);
    assert_int_equal(fl_png_encode(1, 1, 3, px, &png, &len), FL_EINVAL);
    assert_int_equal(fl_png_encode(1, 1, 4, px, &png, &len), 0); /* translucent: RGBA */
    assert_true(len > 8 && memcmp(png, "\x89PNG", 4) == 0);
    free(png);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_report_jank),
        TEST(test_report_merges_runs),
        TEST(test_report_save_and_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
