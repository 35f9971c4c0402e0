/*
 * The Chrome trace (fl_metrics_write_trace_json): a tiny run (two tasks, one
 * rAF frame, a long task that drops two slots and presents the third late)
 * checked through a small JSON parser written here, which validates the whole
 * grammar and keeps each traceEvents entry's fields; and the atomic save.
 */
#include <stdlib.h>
#include <unistd.h>

#include "frameloop/metrics.h"
#include "frameloop/render.h"
#include "test_util.h"

/* ---- A JSON parser that keeps what the trace events say ------------------ */

/* An event's members as text: "ts", "ph", ..., and "args.name" for its args. */
typedef struct ev {
    char keys[12][16], vals[12][64];
    size_t n;
} ev;

typedef struct parser {
    const char *p;
    ev evs[32];
    size_t nev;
    char unit[8]; /* displayTimeUnit */
} parser;

static void skip_ws(parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t')
        ps->p++;
}

/* A string, decoded into out (ASCII escapes only; truncated to `cap`). */
static int parse_string(parser *ps, char *out, size_t cap)
{
    size_t n = 0;
    if (*ps->p++ != '"')
        return -1;
    for (;;) {
        unsigned char c = (unsigned char)*ps->p++;
        if (c == '"')
            break;
        if (c < 0x20)
            return -1; /* also the end of the text */
        if (c == '\\') {
            const char *esc = strchr("\"\\/bfnrtu", *ps->p);
            if (!*ps->p || !esc)
                return -1;
            static const char decoded[] = "\"\\/\b\f\n\r\t";
            if (*ps->p == 'u') {
                char hex[5] = "";
                strncpy(hex, ps->p + 1, 4); /* stops at the end of the text */
                if (strspn(hex, "0123456789abcdefABCDEF") != 4)
                    return -1;
                unsigned long v = strtoul(hex, NULL, 16);
                c = (unsigned char)(v < 0x80 ? v : '?');
                ps->p += 4;
            } else {
                c = (unsigned char)decoded[esc - "\"\\/bfnrtu"];
            }
            ps->p++;
        }
        if (n + 1 < cap)
            out[n++] = (char)c;
    }
    if (cap)
        out[n] = '\0';
    return 0;
}

/* An integer: the trace writes integer microseconds only. Its text goes to `out`. */
static int parse_number(parser *ps, char *out, size_t cap)
{
    const char *start = ps->p;
    if (*ps->p == '-')
        ps->p++;
    if (*ps->p < '0' || *ps->p > '9' || (*ps->p == '0' && ps->p[1] >= '0' && ps->p[1] <= '9'))
        return -1;
    while (*ps->p >= '0' && *ps->p <= '9')
        ps->p++;
    if (*ps->p == '.' || *ps->p == 'e' || *ps->p == 'E')
        return -1;
    snprintf(out, cap, "%.*s", (int)(ps->p - start), start);
    return 0;
}

/* Keeps a scalar in the event now open (depth 3 members, depth 4 args). */
static void keep(parser *ps, int depth, const char *key, const char *v)
{
    ev *e = ps->nev ? &ps->evs[ps->nev - 1] : NULL;
    if (depth == 1 && strcmp(key, "displayTimeUnit") == 0)
        snprintf(ps->unit, sizeof(ps->unit), "%.7s", v);
    if (!e || depth < 3 || depth > 4 || e->n == 12)
        return;
    snprintf(e->keys[e->n], sizeof(e->keys[0]), "%s%.10s", depth == 4 ? "args." : "", key);
    snprintf(e->vals[e->n++], sizeof(e->vals[0]), "%.63s", v);
}

static const char *ev_str(const ev *e, const char *key)
{
    for (size_t i = 0; i < e->n; i++) {
        if (strcmp(e->keys[i], key) == 0)
            return e->vals[i];
    }
    return "(missing)";
}

static int parse_value(parser *ps, int depth, const char *key);

/* An object or array; each object in the top object's traceEvents starts an event. */
static int parse_container(parser *ps, int depth, const char *key)
{
    char close = *ps->p == '{' ? '}' : ']';
    int is_object = close == '}';
    if (depth > 8)
        return -1;
    if (is_object && depth == 2 && strcmp(key, "traceEvents") == 0) {
        if (ps->nev == sizeof(ps->evs) / sizeof(ps->evs[0]))
            return -1;
        memset(&ps->evs[ps->nev++], 0, sizeof(ev));
    }
    ps->p++;
    skip_ws(ps);
    if (*ps->p == close) {
        ps->p++;
        return 0;
    }
    for (;;) {
        char member[32] = "";
        skip_ws(ps);
        if (is_object) {
            if (parse_string(ps, member, sizeof(member)) != 0)
                return -1;
            skip_ws(ps);
            if (*ps->p++ != ':')
                return -1;
        }
        /* An array's elements belong to the array's key. */
        if (parse_value(ps, depth + 1, is_object ? member : key) != 0)
            return -1;
        skip_ws(ps);
        if (*ps->p == close) {
            ps->p++;
            return 0;
        }
        if (*ps->p++ != ',')
            return -1;
    }
}

static int parse_value(parser *ps, int depth, const char *key)
{
    skip_ws(ps);
    if (*ps->p == '{' || *ps->p == '[')
        return parse_container(ps, depth, key);
    if (*ps->p == '"') {
        char v[128];
        if (parse_string(ps, v, sizeof(v)) != 0)
            return -1;
        keep(ps, depth, key, v);
        return 0;
    }
    static const char *const words[] = {"true", "false", "null"};
    for (size_t i = 0; i < 3; i++) {
        if (strncmp(ps->p, words[i], strlen(words[i])) == 0) {
            ps->p += strlen(words[i]);
            return 0;
        }
    }
    char v[32];
    if (parse_number(ps, v, sizeof(v)) != 0)
        return -1;
    keep(ps, depth, key, v);
    return 0;
}

/* Parses a whole document: one object, then only white space. */
static int parse_trace(parser *ps, const char *text)
{
    memset(ps, 0, sizeof(*ps));
    ps->p = text;
    skip_ws(ps);
    if (*ps->p != '{' || parse_value(ps, 0, "") != 0)
        return -1;
    skip_ws(ps);
    return *ps->p == '\0' ? 0 : -1;
}

/* ---- The run ------------------------------------------------------------ */

/* A task that works for `arg` milliseconds. */
static void work_ms(fl_loop *loop, void *arg)
{
    fl_work(loop, FL_MS((intptr_t)arg));
}

static void nothing(fl_loop *loop, void *arg)
{
    (void)loop, (void)arg;
}

static void paint_2ms(fl_loop *loop, double timestamp_ms, void *arg)
{
    (void)timestamp_ms, (void)arg;
    fl_work(loop, FL_MS(2));
    assert_int_equal(fl_queue_microtask(loop, nothing, NULL), 0);
}

static void first_task(fl_loop *loop, void *arg)
{
    (void)arg;
    assert_true(fl_request_animation_frame(loop, paint_2ms, NULL) > 0);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_POSTED_MESSAGE, work_ms, (void *)(intptr_t)50,
                                  "long \"task\"\n"),
                     0);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_POSTED_MESSAGE, nothing, NULL, "after"), 0);
    assert_true(fl_set_timeout_named(loop, nothing, NULL, FL_MS(1000), "later") > 0);
    fl_work(loop, FL_MS(5));
}

/* vsync 16 ms. At 20 ms the timer "first" asks for a frame, posts the long
 * task and a short one, sets a timer for 1020 ms and works 5 ms; the long task
 * then runs 25..75 ms over ticks 32, 48 and 64 with the frame waiting: 32 and
 * 48 are dropped, 64 is rendered late at 75 (its rAF callback takes 2 ms and
 * queues a microtask), then "after" runs, and "later" at 1020. */
static fl_loop *tiny_run(void)
{
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.vsync_us = 16000;
    fl_loop *loop = test_loop_new_opts(&opt);
    assert_int_equal(fl_metrics_enable(loop), 0);
    assert_int_equal(fl_metrics_record_trace(loop, 1), 0);
    assert_int_equal(fl_render_set_viewport(loop, 64, 48), 0);
    assert_true(fl_set_timeout_named(loop, first_task, NULL, FL_MS(20), "first") > 0);
    run_idle(loop);
    return loop;
}

static char *trace_text(fl_loop *loop)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(fl_metrics_write_trace_json(loop, f), 0);
    assert_int_equal(fclose(f), 0);
    return text;
}

/* Checks each "key=value" of `spec` ('|'-separated) against the event. */
static void check_ev(const ev *e, const char *spec)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", spec);
    for (char *kv = strtok(buf, "|"); kv; kv = strtok(NULL, "|")) {
        char *eq = strchr(kv, '=');
        assert_non_null(eq);
        *eq = '\0';
        assert_string_equal(ev_str(e, kv), eq + 1);
    }
}

static void test_trace_tiny_run(void **state)
{
    (void)state;
    fl_loop *loop = tiny_run();
    fl_metrics_summary s;
    assert_int_equal(fl_metrics_get_summary(loop, &s), 0);
    assert_true(s.frames_dropped == 2 && s.frames_presented_late == 1);

    char *text = trace_text(loop);
    parser ps;
    assert_int_equal(parse_trace(&ps, text), 0);
    assert_string_equal(ps.unit, "ms");
    assert_non_null(strstr(text, "\"name\":\"long \\\"task\\\"\\u000a\""));
    assert_int_equal(ps.nev, 21);
    check_ev(&ps.evs[0], "ph=M|name=process_name|pid=1|tid=1|args.name=Renderer");
    check_ev(&ps.evs[1], "ph=M|name=thread_name|pid=1|tid=1|args.name=CrRendererMain");
    check_ev(&ps.evs[2], "ph=M|name=thread_name|pid=1|tid=2|args.name=Frames");
    check_ev(&ps.evs[3], "ph=X|cat=task|name=first|pid=1|tid=1|ts=20000|dur=5000"
                         "|args.source=timer|args.name=first");
    check_ev(&ps.evs[4], "ph=C|name=Queues|pid=1|ts=20000|args.tasks=0|args.timers=0");
    check_ev(&ps.evs[5], "ph=X|cat=task|name=long \"task\"\n|pid=1|tid=1|ts=25000|dur=50000"
                         "|args.source=posted-message|args.name=long \"task\"\n");
    /* "after" waits behind it, "later" in the timer heap. */
    check_ev(&ps.evs[6], "ph=C|name=Queues|pid=1|ts=25000|args.tasks=1|args.timers=1");
    /* The frame finds the queues as the long task did: no new sample. */
    check_ev(&ps.evs[7], "ph=X|cat=render|name=Frame|pid=1|tid=1|ts=75000|dur=2000|args.vsync=4");
    /* The step's parts, nested by time: the callback and its checkpoint, layout, paint. */
    check_ev(&ps.evs[8], "ph=X|cat=phase|name=FireAnimationFrame|tid=1|ts=75000|dur=2000");
    check_ev(&ps.evs[9], "ph=X|cat=phase|name=RunMicrotasks|tid=1|ts=77000|dur=0");
    check_ev(&ps.evs[10], "ph=C|name=Microtasks|pid=1|ts=77000|args.queued=1");
    check_ev(&ps.evs[11], "ph=C|name=Microtasks|pid=1|ts=77000|args.queued=0");
    check_ev(&ps.evs[12], "ph=X|cat=phase|name=Layout|tid=1|ts=77000|dur=0");
    check_ev(&ps.evs[13], "ph=X|cat=phase|name=Paint|tid=1|ts=77000|dur=0");
    check_ev(&ps.evs[14], "ph=X|cat=task|name=after|ts=77000|dur=0|args.source=posted-message");
    check_ev(&ps.evs[15], "ph=C|name=Queues|ts=77000|args.tasks=0|args.timers=1");
    check_ev(&ps.evs[16], "ph=X|cat=task|name=later|ts=1020000|dur=0|args.source=timer");
    check_ev(&ps.evs[17], "ph=C|name=Queues|ts=1020000|args.tasks=0|args.timers=0");
    check_ev(&ps.evs[18], "ph=i|s=t|name=DroppedFrame|pid=1|tid=2|ts=32000|args.vsync=2");
    check_ev(&ps.evs[19], "ph=i|s=t|name=DroppedFrame|pid=1|tid=2|ts=48000|args.vsync=3");
    check_ev(&ps.evs[20], "ph=i|s=t|name=LateFrame|pid=1|tid=2|ts=64000|args.vsync=4");
    free(text);
    test_loop_free(loop);
}

/* The parser is the test's judge: it must refuse what is not JSON. */
static void test_trace_parser_rejects(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",     "{",         "{\"a\":[}",       "{\"a\":1,}", "{\"a\":\"x}",    "{\"a\":01}",
        "{} x", "{\"a\" 1}", "{\"a\":\"\\q\"}", "[1]",        "{\"a\":\"\n\"}", "{\"a\":tru}",
    };
    parser ps;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(parse_trace(&ps, bad[i]), -1);
    assert_int_equal(parse_trace(&ps, " {\"a\": [true, null, {\"b\": -3}], \"c\": \"\\u0041\"} "),
                     0);
}

static void test_trace_save_and_misuse(void **state)
{
    (void)state;
    fl_loop *loop = tiny_run();
    char dir[] = "/tmp/fl-trace-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof(path), "%s/t.json", dir);
    assert_int_equal(fl_metrics_save_trace_json(loop, path), 0);
    static char saved[1 << 14];
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    saved[fread(saved, 1, sizeof(saved) - 1, f)] = '\0';
    fclose(f);
    char *text = trace_text(loop);
    assert_string_equal(saved, text); /* the same bytes as written to a stream */
    free(text);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rmdir(dir), 0); /* no temporary file left behind */
    assert_int_equal(fl_metrics_save_trace_json(loop, "/dev/null/t.json"), FL_EIO);
    assert_int_equal(fl_metrics_save_trace_json(loop, ""), FL_EINVAL);
    assert_int_equal(fl_metrics_write_trace_json(loop, NULL), FL_EINVAL);
    assert_int_equal(fl_metrics_write_trace_json(NULL, stdout), FL_EINVAL);
    test_loop_free(loop);

    loop = test_loop_new(FL_POLICY_FIFO); /* never enabled */
    assert_int_equal(fl_metrics_write_trace_json(loop, stdout), FL_ENOENT);
    assert_int_equal(fl_metrics_save_trace_json(loop, "/tmp/never.json"), FL_ENOENT);
    test_loop_free(loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_trace_tiny_run),
        TEST(test_trace_parser_rejects),
        TEST(test_trace_save_and_misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
