/*
 * `frameloop run NAME` and `frameloop demo`: one scenario, with its frames,
 * metrics summary and trace on request.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "filmstrip.h"
#include "frameloop/frameloop.h"
#include "frameloop/harness.h"
#include "frameloop/metrics.h"

const char fl_cli_run_usage[] =
    "usage: frameloop run NAME [--policy P] [--seed N] [--clock C] [--profile H]\n"
    "                          [--frames DIR] [--size WxH] [--summary FILE.json]\n"
    "                          [--trace FILE.json] [--report FILE.html] [--hud]\n"
    "\n"
    "Runs scenario NAME until the loop is idle and prints its transcript on\n"
    "stdout, one '<ms> <text>' line per fl_log call. The policy and seed that\n"
    "replay the run are printed on stderr, and after a run that rendered, a\n"
    "summary of its frames and long tasks.\n"
    "\n"
    "options:\n"
    "  --policy P   task selection: fifo (default), priority, round-robin, random\n"
    "  --seed N     seed for the random policy (default 1)\n"
    "  --clock C    virtual (default: deterministic) or real (wall time)\n"
    "  --profile H  the host whose loop runs it: browser (default) or node\n"
    "  --frames DIR write every rendered frame to DIR/frame-NNNNN.png, NNNNN the\n"
    "               vsync index (a dropped frame is a gap); DIR is made if missing\n"
    "  --size WxH   the viewport in pixels (default 640x360, at most 16384x16384)\n"
    "  --summary FILE.json\n"
    "               write the frame metrics (dropped frames, long tasks, long\n"
    "               animation frames) to FILE.json, atomically\n"
    "  --trace FILE.json\n"
    "               write every task and rendering step, and the dropped and late\n"
    "               frames, as a Chrome trace (ui.perfetto.dev, chrome://tracing)\n"
    "  --report FILE.html\n"
    "               write one self-contained HTML page: the summary, a frame\n"
    "               timeline, the long tasks and long animation frames, a filmstrip\n"
    "  --hud        draw a frame-stats strip (the last 60 vsync slots: presented,\n"
    "               late, dropped, idle) into the top right corner of every frame\n"
    "  -h, --help   show this help\n"
    "\n"
    "exit status: 0 success, 1 the run failed (e.g. a livelock), 2 usage error\n";

const char fl_cli_demo_usage[] =
    "usage: frameloop demo [--out DIR]\n"
    "\n"
    "Runs long-task-jank (a box animated by requestAnimationFrame and a 100 ms\n"
    "task that drops five frames) and writes into DIR (default ./frameloop-out):\n"
    "  frames/frame-NNNNN.png  one PNG per presented frame, by vsync index\n"
    "  summary.json            the frame metrics\n"
    "  trace.json              a Chrome trace (open it in Perfetto)\n"
    "  report.html             the summary, frame timeline and filmstrip in one page\n"
    "The transcript goes to stdout, the metrics table and the paths to stderr.\n";

static int parse_seed(const char *text, uint64_t *out)
{
    char *end;
    if (!text || !*text || *text == '-')
        return -1;
    unsigned long long v = strtoull(text, &end, 10);
    if (*end != '\0')
        return -1;
    *out = v;
    return 0;
}

/* What `run` was asked for beyond the loop options. */
typedef struct run_frames {
    const char *dir; /* --frames, or NULL */
    int width;       /* --size, or 0 for the default */
    int height;
    const char *summary; /* --summary, or NULL */
    const char *trace;   /* --trace, or NULL */
    const char *report;  /* --report, or NULL */
    int hud;             /* --hud */
} run_frames;

/* One dimension of --size: 1..FL_VIEWPORT_MAX, digits only. */
static int parse_dim(const char *text, const char *end, int *out)
{
    long v = 0;
    if (text == end)
        return -1;
    for (const char *p = text; p < end; p++) {
        if (*p < '0' || *p > '9' || (v = v * 10 + (*p - '0')) > FL_VIEWPORT_MAX)
            return -1;
    }
    if (v < 1)
        return -1;
    *out = (int)v;
    return 0;
}

static int parse_size(const char *text, run_frames *frames)
{
    const char *x = text ? strchr(text, 'x') : NULL;
    if (!x || parse_dim(text, x, &frames->width) != 0 ||
        parse_dim(x + 1, x + strlen(x), &frames->height) != 0)
        return -1;
    return 0;
}

/* Where an option naming a file (or, for --frames, a directory) goes; NULL
 * when `flag` is not one of them. */
static const char **path_option(const char *flag, run_frames *frames)
{
    if (strcmp(flag, "--frames") == 0)
        return &frames->dir;
    if (strcmp(flag, "--summary") == 0)
        return &frames->summary;
    if (strcmp(flag, "--trace") == 0)
        return &frames->trace;
    if (strcmp(flag, "--report") == 0)
        return &frames->report;
    return NULL;
}

/* The options about frames and metrics. Returns -1 when `flag` was one of them (it and its
 * value are consumed), 0 when it was not, or an exit status (> 0) on error. */
static int parse_frames_option(const char *flag, const char *value, run_frames *frames)
{
    const char **path = path_option(flag, frames);
    if (path) {
        if (!value || !*value)
            return fl_cli_usage_error(fl_cli_run_usage, "%s takes a %s", flag,
                                      path == &frames->dir ? "directory" : "file name");
        *path = value;
        return -1;
    }
    if (strcmp(flag, "--size") == 0) {
        if (parse_size(value, frames) != 0)
            return fl_cli_usage_error(fl_cli_run_usage, "--size takes WxH, each 1..%d, not '%s'",
                                      FL_VIEWPORT_MAX, value ? value : "");
        return -1;
    }
    return 0;
}

/* Parses run's options into `opt` and `frames`. Returns 0, or an exit status on error. */
static int parse_run_options(int argc, char **argv, fl_loop_options *opt, run_frames *frames)
{
    for (int i = 0; i < argc; i++) {
        const char *flag = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(flag, "--hud") == 0) {
            frames->hud = 1;
            continue;
        }
        int rc = parse_frames_option(flag, value, frames);
        if (rc > 0)
            return rc;
        if (rc < 0) {
            i++;
            continue;
        }
        if (strcmp(flag, "--policy") == 0) {
            if (fl_policy_parse(value, &opt->policy) != 0)
                return fl_cli_usage_error(fl_cli_run_usage,
                                          "--policy takes fifo, priority, round-robin or random, "
                                          "not '%s'",
                                          value ? value : "");
        } else if (strcmp(flag, "--seed") == 0) {
            if (parse_seed(value, &opt->seed) != 0)
                return fl_cli_usage_error(fl_cli_run_usage,
                                          "--seed takes a non-negative integer, not '%s'",
                                          value ? value : "");
        } else if (strcmp(flag, "--clock") == 0) {
            if (fl_clock_parse(value, &opt->clock) != 0)
                return fl_cli_usage_error(fl_cli_run_usage,
                                          "--clock takes virtual or real, not '%s'",
                                          value ? value : "");
        } else if (strcmp(flag, "--profile") == 0) {
            if (fl_profile_parse(value, &opt->profile) != 0)
                return fl_cli_usage_error(fl_cli_run_usage,
                                          "--profile takes browser or node, not '%s'",
                                          value ? value : "");
        } else {
            return fl_cli_usage_error(fl_cli_run_usage, "unknown option '%s' for run", flag);
        }
        i++;
    }
    return 0;
}

static void print_line(void *arg, const char *line, size_t len)
{
    FILE *out = arg;
    fwrite(line, 1, len, out);
    fputc('\n', out);
}

/* Sets the viewport, the HUD, the PNG and filmstrip sinks before the script
 * runs, so its first frame is already covered. Returns 0, or an exit status. */
static int setup_frames(fl_loop *loop, const fl_loop_options *opt, const run_frames *frames,
                        fl_filmstrip *strip)
{
    if (!frames->dir && !frames->width && !frames->hud && !frames->report)
        return 0;
    if (opt->profile != FL_PROFILE_BROWSER) {
        fputs("frameloop: the node profile does not render: no frames\n", stderr);
        return 0;
    }
    if (frames->width && fl_render_set_viewport(loop, frames->width, frames->height) != 0)
        return fl_cli_usage_error(fl_cli_run_usage, "cannot set the viewport to %dx%d",
                                  frames->width, frames->height);
    if (frames->hud && fl_hud_enable(loop) != 0)
        return fl_cli_usage_error(fl_cli_run_usage, "--hud: cannot draw the HUD");
    if (frames->dir && fl_render_add_png_sink(loop, frames->dir) != 0)
        return fl_cli_usage_error(fl_cli_run_usage, "--frames: cannot write to directory '%s'",
                                  frames->dir);
    if (frames->report && fl_filmstrip_attach(strip, loop) != 0)
        return fl_cli_usage_error(fl_cli_run_usage, "--report: cannot keep the frames");
    return 0;
}

/* The frame metrics on stderr, for a run that rendered at least one frame. */
static void print_summary(fl_loop *loop)
{
    fl_metrics_summary s;
    if (fl_metrics_get_summary(loop, &s) != 0 || s.frames_presented == 0)
        return;
    const fl_metrics_window *w = &s.percent_dropped_window;
    fprintf(stderr,
            "frameloop: frames (%.3f ms of loop time)\n"
            "  expected               %llu\n"
            "  presented (late)       %llu (%llu)\n"
            "  dropped                %llu (%.1f%%)\n"
            "  dropped in 1 s window  max %.1f%%, p95 %.1f%%, median %.1f%%\n"
            "  long tasks             %llu (total blocking time %.3f ms)\n"
            "  long animation frames  %llu (longest frame %.3f ms)\n",
            s.duration_ms, (unsigned long long)s.frames_expected,
            (unsigned long long)s.frames_presented, (unsigned long long)s.frames_presented_late,
            (unsigned long long)s.frames_dropped, s.percent_dropped, w->max, w->p95, w->median,
            (unsigned long long)s.long_tasks, s.total_blocking_time_ms,
            (unsigned long long)s.long_animation_frames, s.longest_frame_ms);
}

/* Writes --report with the filmstrip; returns 0 or an exit status. */
static int write_report(fl_loop *loop, const char *name, const fl_loop_options *opt,
                        const run_frames *frames, const fl_filmstrip *strip)
{
    fl_metrics_report_options ro = {name, fl_policy_name(opt->policy), opt->seed, strip->frames,
                                    strip->n};
    int rc = strip->failed ? FL_ENOMEM : 0;
    if (rc == 0)
        rc = fl_metrics_save_report_html(loop, frames->report, &ro);
    if (rc == 0)
        return 0;
    fprintf(stderr, "frameloop: --report: cannot write '%s': %s\n", frames->report,
            fl_strerror(rc));
    return EXIT_RUN_FAILED;
}

/* Writes --summary, --trace and --report; returns 0 or an exit status. */
static int write_metrics(fl_loop *loop, const char *name, const fl_loop_options *opt,
                         const run_frames *frames, const fl_filmstrip *strip)
{
    int status = 0;
    int rc;
    if (frames->summary &&
        (rc = fl_metrics_save_summary_json(loop, frames->summary, fl_policy_name(opt->policy),
                                           opt->seed)) != 0) {
        fprintf(stderr, "frameloop: --summary: cannot write '%s': %s\n", frames->summary,
                fl_strerror(rc));
        status = EXIT_RUN_FAILED;
    }
    if (frames->trace && (rc = fl_metrics_save_trace_json(loop, frames->trace)) != 0) {
        fprintf(stderr, "frameloop: --trace: cannot write '%s': %s\n", frames->trace,
                fl_strerror(rc));
        status = EXIT_RUN_FAILED;
    }
    if (frames->report && write_report(loop, name, opt, frames, strip) != 0)
        status = EXIT_RUN_FAILED;
    return status;
}

/* What fl_scenario_run does, on a loop the caller made (and set up for frames). */
static int run_loop(const fl_scenario *scenario, fl_loop *loop)
{
    /* Stream lines as they are logged, so a failing run still shows its way there. */
    fl_loop_set_log_sink(loop, print_line, stdout);
    int rc = fl_run_script(loop, scenario->script);
    if (rc == 0)
        rc = fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0);
    /* A frame sink that failed stopped the run: report it as the run's failure. */
    if (rc == 0)
        rc = fl_render_sink_status(loop, NULL);
    return rc;
}

static int run_scenario(const fl_scenario *scenario, const fl_loop_options *opt,
                        const run_frames *frames)
{
    fl_loop *ran = fl_loop_new(opt);
    if (!ran) {
        fprintf(stderr, "frameloop: %s failed: %s\n", scenario->name, fl_strerror(FL_ENOMEM));
        return EXIT_RUN_FAILED;
    }
    /* Before the replay line: a bad --frames is a usage error, not a run. */
    fl_filmstrip strip = {0};
    int status = setup_frames(ran, opt, frames, &strip);
    if (status == 0 &&
        (fl_metrics_enable(ran) != 0 || fl_metrics_record_trace(ran, frames->trace != NULL) != 0)) {
        fputs("frameloop: cannot record frame metrics\n", stderr);
        status = EXIT_RUN_FAILED;
    }
    if (status != 0) {
        fl_loop_free(ran);
        fl_filmstrip_free(&strip);
        return status;
    }
    fprintf(stderr, "frameloop: %s: policy %s, seed %" PRIu64 ", clock %s, profile %s\n",
            scenario->name, fl_policy_name(opt->policy), opt->seed, fl_clock_name(opt->clock),
            fl_profile_name(opt->profile));
    int rc = run_loop(scenario, ran);
    fflush(stdout);
    if (rc != 0) {
        /* The loop's (or a frame sink's) message names the culprit; the code's
         * text is the fallback. */
        const char *detail = fl_loop_error(ran);
        if (!*detail)
            fl_render_sink_status(ran, &detail);
        fprintf(stderr, "frameloop: %s failed (%s): %s\n", scenario->name, fl_err_name(rc),
                *detail ? detail : fl_strerror(rc));
    }
    print_summary(ran);
    status = write_metrics(ran, scenario->name, opt, frames, &strip);
    fl_loop_free(ran);
    fl_filmstrip_free(&strip);
    return rc != 0 ? EXIT_RUN_FAILED : status;
}

int fl_cli_run(int argc, char **argv)
{
    if (argc > 0 && fl_cli_is_help(argv[0])) {
        fputs(fl_cli_run_usage, stdout);
        return 0;
    }
    if (argc == 0 || argv[0][0] == '-')
        return fl_cli_usage_error(fl_cli_run_usage, "run needs a scenario NAME");
    const fl_scenario *scenario = fl_scenario_find(argv[0]);
    if (!scenario)
        return fl_cli_usage_error(fl_cli_run_usage, "unknown scenario '%s' (see 'frameloop list')",
                                  argv[0]);
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    if (scenario->flags & FL_SCENARIO_NODE)
        opt.profile = FL_PROFILE_NODE;
    run_frames frames = {0};
    int rc = parse_run_options(argc - 1, argv + 1, &opt, &frames);
    if (rc != 0)
        return rc;
    return run_scenario(scenario, &opt, &frames);
}

/* Joins dir and name into buf; returns buf, or NULL when it does not fit. */
static const char *join_path(char *buf, size_t size, const char *dir, const char *name)
{
    int n = snprintf(buf, size, "%s/%s", dir, name);
    return n > 0 && (size_t)n < size ? buf : NULL;
}

int fl_cli_demo(int argc, char **argv)
{
    const char *out = "frameloop-out";
    if (argc > 0 && fl_cli_is_help(argv[0])) {
        fputs(fl_cli_demo_usage, stdout);
        return 0;
    }
    if (argc == 2 && strcmp(argv[0], "--out") == 0 && argv[1][0])
        out = argv[1];
    else if (argc != 0)
        return fl_cli_usage_error(fl_cli_demo_usage, "demo takes only --out DIR");
    char frames_dir[4096], summary[4096], trace[4096], report[4096];
    if (!join_path(frames_dir, sizeof(frames_dir), out, "frames") ||
        !join_path(summary, sizeof(summary), out, "summary.json") ||
        !join_path(trace, sizeof(trace), out, "trace.json") ||
        !join_path(report, sizeof(report), out, "report.html"))
        return fl_cli_usage_error(fl_cli_demo_usage, "--out path too long");
    if (mkdir(out, 0755) != 0 && errno != EEXIST)
        return fl_cli_usage_error(fl_cli_demo_usage, "cannot create '%s': %s", out,
                                  strerror(errno));
    const fl_scenario *scenario = fl_scenario_find("long-task-jank");
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    run_frames frames = {frames_dir, 0, 0, summary, trace, report, 0};
    int rc = run_scenario(scenario, &opt, &frames);
    if (rc == 0)
        fprintf(stderr,
                "frameloop: demo output: %s/ (PNG frames), %s, %s, %s (open it in a browser)\n",
                frames_dir, summary, trace, report);
    return rc;
}
