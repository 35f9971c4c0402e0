/*
 * Running a scenario for `frameloop check`: the way `frameloop run` does
 * (metrics on, its profile, fifo policy, seed 1), with the frames kept in
 * memory and the summary as JSON text; and --seeds, which reruns it under the
 * random policy to find transcripts that depend on the order of task sources.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "frameloop/frameloop.h"
#include "frameloop/metrics.h"

/* The frame sink: copies each frame the spec wants (the loop's own pixels
 * are only borrowed for the call). */
static void keep_frame(fl_loop *loop, const fl_frame *f, void *arg)
{
    (void)loop;
    fl_check_capture *cap = arg;
    if (!fl_golden_spec_wants(cap->keep, f->vsync))
        return;
    if (cap->nframes == cap->cap_frames) {
        size_t n = cap->cap_frames ? 2 * cap->cap_frames : 16;
        fl_check_frame *more = realloc(cap->frames, n * sizeof(*more));
        if (!more) {
            cap->lost = 1;
            return;
        }
        cap->frames = more;
        cap->cap_frames = n;
    }
    size_t row = (size_t)f->width * 4;
    uint8_t *pixels = malloc(row * (size_t)f->height);
    if (!pixels) {
        cap->lost = 1;
        return;
    }
    for (int y = 0; y < f->height; y++)
        memcpy(pixels + (size_t)y * row, f->pixels + (size_t)y * f->stride, row);
    cap->frames[cap->nframes++] = (fl_check_frame){f->vsync, f->width, f->height, pixels};
}

int fl_check_capture_run(const fl_scenario *s, const fl_loop_options *opt,
                         const fl_golden_spec *keep, fl_check_capture *cap)
{
    memset(cap, 0, sizeof(*cap));
    fl_loop_options defaults;
    fl_loop_options_init(&defaults);
    if (s->flags & FL_SCENARIO_NODE)
        defaults.profile = FL_PROFILE_NODE;
    if (!opt)
        opt = &defaults;
    cap->loop = fl_loop_new(opt);
    if (!cap->loop)
        return FL_ENOMEM;
    cap->keep = keep;
    int rc = fl_metrics_enable(cap->loop);
    /* The node profile does not render: its goldens have no frames. */
    if (rc == 0 && keep && opt->profile == FL_PROFILE_BROWSER)
        rc = fl_render_add_sink(cap->loop, keep_frame, cap);
    if (rc != 0)
        return rc;
    cap->rc = fl_run_script(cap->loop, s->script);
    if (cap->rc == 0)
        cap->rc = fl_loop_run(cap->loop, FL_RUN_UNTIL_IDLE, 0);
    cap->transcript = fl_transcript(cap->loop, &cap->transcript_len);
    FILE *json = open_memstream(&cap->summary, &cap->summary_len);
    if (!json)
        return FL_ENOMEM;
    rc = fl_metrics_write_summary_json(cap->loop, json, fl_policy_name(opt->policy), opt->seed);
    if (fclose(json) != 0 && rc == 0)
        rc = FL_ENOMEM;
    return rc == 0 && cap->lost ? FL_ENOMEM : rc;
}

void fl_check_capture_free(fl_check_capture *cap)
{
    fl_loop_free(cap->loop);
    free(cap->summary);
    for (size_t i = 0; i < cap->nframes; i++)
        free(cap->frames[i].pixels);
    free(cap->frames);
    memset(cap, 0, sizeof(*cap));
}

/* A copy of a transcript: the loop's own is freed with it. */
static char *copy_text(const fl_check_capture *cap)
{
    char *copy = malloc(cap->transcript_len + 1);
    if (copy) {
        memcpy(copy, cap->transcript, cap->transcript_len);
        copy[cap->transcript_len] = '\0';
    }
    return copy;
}

/* Runs seed `seed`; compares its transcript with `first` (or keeps it as
 * `first` when NULL). Returns 1 when they disagree, 0 when not, -1 on error. */
static int run_seed(const fl_scenario *s, uint64_t seed, char **first, FILE *diff_out)
{
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    if (s->flags & FL_SCENARIO_NODE)
        opt.profile = FL_PROFILE_NODE;
    opt.policy = FL_POLICY_RANDOM;
    opt.seed = seed;
    fl_check_capture cap;
    int rc = fl_check_capture_run(s, &opt, NULL, &cap);
    int differs = rc == 0 ? 0 : -1;
    if (rc == 0 && !*first && !(*first = copy_text(&cap)))
        differs = -1;
    else if (rc == 0 && (strlen(*first) != cap.transcript_len ||
                         memcmp(*first, cap.transcript, cap.transcript_len) != 0)) {
        char a[32], b[32];
        snprintf(a, sizeof(a), "seed 1");
        snprintf(b, sizeof(b), "seed %llu", (unsigned long long)seed);
        fl_golden_text_diff(diff_out, a, *first, strlen(*first), b, cap.transcript,
                            cap.transcript_len);
        differs = 1;
    }
    fl_check_capture_free(&cap);
    return differs;
}

int fl_check_seeds(const fl_scenario *s, const fl_check_options *opt, FILE *out)
{
    char *first = NULL;
    char *diff = NULL;
    size_t diff_len = 0;
    FILE *diff_out = open_memstream(&diff, &diff_len);
    int seed = 1, differs = diff_out ? 0 : -1;
    for (; differs == 0 && seed <= opt->seeds; seed++)
        differs = run_seed(s, (uint64_t)seed, &first, diff_out);
    if (diff_out)
        fclose(diff_out);
    int declared = (s->flags & FL_SCENARIO_ORDER_DEPENDENT) != 0;
    int failed = differs < 0 || (differs > 0 && !declared);
    if (differs < 0)
        fprintf(out, "FAIL %s: cannot run it\n", s->name);
    else if (differs == 0)
        fprintf(out, "ok   %s: %d seeds agree%s\n", s->name, opt->seeds,
                declared ? " (declared order-dependent)" : "");
    else
        fprintf(out, "%s %s: transcript depends on task-source order: seeds 1 and %d disagree%s\n",
                declared ? "ok  " : "FAIL", s->name, seed - 1,
                declared ? " (declared order-dependent)" : "");
    if (failed && diff)
        fputs(diff, out);
    free(diff);
    free(first);
    return failed;
}
