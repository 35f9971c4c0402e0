/*
 * The pieces of `frameloop check` below the CLI: the order-dependence finder
 * (on scenarios made here, one of them order-dependent without saying so),
 * golden specs, image tolerance, unified diffs and JSON field diffs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "check.h"
#include "frameloop/frameloop.h"

static void log_name(fl_loop *loop, void *arg)
{
    fl_log(loop, "%s", (const char *)arg);
}

/* Two sources: the order between them is the policy's choice. */
static void two_sources(fl_loop *loop)
{
    fl_post_task(loop, FL_SOURCE_NETWORKING, log_name, "net", "net");
    fl_post_task(loop, FL_SOURCE_POSTED_MESSAGE, log_name, "message", "message");
}

/* One source: FIFO whatever the policy. */
static void one_source(fl_loop *loop)
{
    fl_post_task(loop, FL_SOURCE_NETWORKING, log_name, "a", "a");
    fl_post_task(loop, FL_SOURCE_NETWORKING, log_name, "b", "b");
}

/* Runs fl_check_seeds with K seeds; returns its result, its text in *text. */
static int seeds(const fl_scenario *s, int k, char **text)
{
    fl_check_options opt;
    memset(&opt, 0, sizeof(opt));
    opt.seeds = k;
    size_t len;
    FILE *out = open_memstream(text, &len);
    assert_non_null(out);
    int rc = fl_check_seeds(s, &opt, out);
    fclose(out);
    return rc;
}

static void test_golden_seeds_find_undeclared_dependence(void **state)
{
    (void)state;
    fl_scenario s = {"two-sources", "", two_sources, 0, NULL};
    char *text;
    assert_int_equal(seeds(&s, 16, &text), 1);
    const char *head = "FAIL two-sources: transcript depends on task-source order: seeds 1 and ";
    assert_memory_equal(text, head, strlen(head));
    /* The diff of the two seeds' transcripts follows. */
    assert_non_null(strstr(text, " disagree\n--- seed 1\n+++ seed "));
    free(text);

    s.flags = FL_SCENARIO_ORDER_DEPENDENT;
    assert_int_equal(seeds(&s, 16, &text), 0);
    assert_non_null(strstr(text, "(declared order-dependent)\n"));
    assert_null(strstr(text, "---"));
    free(text);

    fl_scenario fifo = {"one-source", "", one_source, 0, NULL};
    assert_int_equal(seeds(&fifo, 16, &text), 0);
    assert_string_equal(text, "ok   one-source: 16 seeds agree\n");
    free(text);
}

static void test_golden_spec_parse(void **state)
{
    (void)state;
    fl_golden_spec spec;
    char why[256];
    assert_int_equal(
        fl_golden_spec_parse("frames=0-20/10,33 mask=1,2,3,4", &spec, why, sizeof(why)), 0);
    int want[] = {0, 10, 20, 33};
    for (long long v = 0, k = 0; v < 40; v++) {
        int wanted = k < 4 && v == want[k];
        assert_int_equal(fl_golden_spec_wants(&spec, v), wanted);
        k += wanted;
    }
    assert_int_equal(spec.nmasks, 1);
    assert_int_equal(spec.masks[0].w, 3);
    assert_int_equal(fl_golden_spec_parse(NULL, &spec, why, sizeof(why)), 0);
    assert_true(fl_golden_spec_wants(&spec, 12345));
    assert_int_equal(fl_golden_spec_parse("frames=5-1", &spec, why, sizeof(why)), -1);
    assert_string_equal(why, "bad golden spec word 'frames=5-1' (frames=LIST or mask=X,Y,W,H)");
    assert_int_equal(fl_golden_spec_parse("mask=1,2,3", &spec, why, sizeof(why)), -1);
    assert_int_equal(fl_golden_spec_parse("every=2", &spec, why, sizeof(why)), -1);
}

/* pixelmatch's scale: white against 250 grey is a squared YIQ distance of
 * 0.5053 * 25 (+ tiny i, q terms) ~ 12.6, inside 0.1 (35215 * 0.01 = 352) and
 * outside 0.01 (3.5). */
static void test_golden_image_threshold(void **state)
{
    (void)state;
    uint8_t a[4 * 4], b[4 * 4], diff[4 * 4];
    memset(a, 255, sizeof(a));
    memset(b, 255, sizeof(b));
    b[4] = b[5] = b[6] = 250;
    fl_golden_image ia = {2, 2, 8, a}, ib = {2, 2, 8, b};
    fl_golden_tolerance exact = {0, 0, NULL, 0}, loose = {0.1, 0, NULL, 0},
                        tight = {0.01, 0, NULL, 0};
    assert_int_equal(fl_golden_image_compare(&ia, &ib, &exact, diff), 1);
    assert_int_equal(diff[4], 255);
    assert_int_equal(diff[5], 0); /* red */
    assert_int_equal(fl_golden_image_compare(&ia, &ib, &loose, NULL), 0);
    assert_int_equal(fl_golden_image_compare(&ia, &ib, &tight, NULL), 1);
    fl_golden_rect mask = {1, 0, 1, 1};
    fl_golden_tolerance masked = {0, 0, &mask, 1};
    assert_int_equal(fl_golden_image_compare(&ia, &ib, &masked, diff), 0);
    assert_int_equal(diff[5], 0);
    assert_int_equal(diff[6], 255); /* magenta */
}

static char *diff_text(const char *a, const char *b, size_t *changed)
{
    char *text;
    size_t len;
    FILE *out = open_memstream(&text, &len);
    *changed = fl_golden_text_diff(out, "a", a, strlen(a), "b", b, strlen(b));
    fclose(out);
    return text;
}

static void test_golden_text_diff_hunks(void **state)
{
    (void)state;
    size_t n;
    char *t = diff_text("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
                        "1\nTWO\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n", &n);
    assert_int_equal(n, 3);
    assert_string_equal(t, "--- a\n+++ b\n@@ -1,5 +1,5 @@\n 1\n-2\n+TWO\n 3\n 4\n 5\n"
                           "@@ -10,3 +10,4 @@\n 10\n 11\n 12\n+13\n");
    free(t);
    t = diff_text("", "x\n", &n);
    assert_int_equal(n, 1);
    assert_string_equal(t, "--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n");
    free(t);
    t = diff_text("same\n", "same\n", &n);
    assert_int_equal(n, 0);
    assert_string_equal(t, "");
    free(t);
}

static void test_golden_json_fields(void **state)
{
    (void)state;
    char *text;
    size_t len;
    FILE *out = open_memstream(&text, &len);
    long n = fl_golden_json_diff(out, "{\"a\": 5, \"b\": {\"c\": [1, 2]}, \"gone\": true}",
                                 "{\"a\": 5.000, \"b\": {\"c\": [1, 3]}, \"new\": \"x\"}");
    fclose(out);
    assert_int_equal(n, 3);
    assert_string_equal(text, "  b.c[1]: expected 2, actual 3\n"
                              "  gone: expected true, actual missing\n"
                              "  new: expected missing, actual \"x\"\n");
    free(text);
    out = open_memstream(&text, &len);
    assert_int_equal(fl_golden_json_diff(out, "{\"a\": 1}", "{\"a\": "), -1);
    fclose(out);
    assert_string_equal(text, "  the actual summary is not valid JSON\n");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_seeds_find_undeclared_dependence),
        cmocka_unit_test(test_golden_spec_parse),
        cmocka_unit_test(test_golden_image_threshold),
        cmocka_unit_test(test_golden_text_diff_hunks),
        cmocka_unit_test(test_golden_json_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
