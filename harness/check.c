/*
 * `frameloop check [NAME...]`: runs scenarios in virtual time and compares
 * each with its goldens (golden/<name>/: transcript.txt, summary.json, the
 * golden frames, exit-status), one line per scenario and a final count.
 * Options are parsed here; check_jobs.c runs the list, check_scenario.c one
 * scenario.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"

#ifndef FL_GOLDEN_DIR
#define FL_GOLDEN_DIR "golden"
#endif

const char fl_cli_check_usage[] =
    "usage: frameloop check [NAME...] [--update[=changed|all|missing]] [--prune]\n"
    "                 [--golden DIR] [--out DIR] [--threshold[=T]] [--ignore-aa]\n"
    "                 [--max-diff-pixels N] [--max-diff-ratio R] [--mask X,Y,W,H]\n"
    "                 [--shard I/N] [-j N] [--seeds K]\n"
    "\n"
    "Runs the named scenarios (all by default) in virtual time and compares\n"
    "each with golden/<name>/: transcript.txt (exact, a unified diff on a\n"
    "mismatch), summary.json (field by field), frame-NNNNN.png (the frames the\n"
    "scenario keeps as golden, by decoded pixels) and exit-status. Prints one\n"
    "line per scenario, 'ok' or 'FAIL' with the reasons, then 'N passed, N failed'.\n"
    "\n"
    "options:\n"
    "  --update[=MODE]  rewrite the named scenarios' goldens, atomically, and say\n"
    "                   which: changed (default) those that differ, all every one\n"
    "                   (corrupt PNGs too), missing only add absent ones; also\n"
    "                   env FL_UPDATE_GOLDEN=MODE. Without it, golden/ is never\n"
    "                   written\n"
    "  --prune          with --update: remove obsolete goldens (a folder no\n"
    "                   scenario has, a frame the run no longer keeps)\n"
    "  --golden DIR     the golden root (default: the source tree's golden/)\n"
    "  --out DIR        where failures leave <name>/frame-NNNNN-actual.png,\n"
    "                   -expected.png, -diff.png, transcript.diff, summary.diff\n"
    "                   (default ./frameloop-results)\n"
    "  --threshold[=T]  per-pixel color distance allowed, 0..1 on pixelmatch's YIQ\n"
    "                   scale (0.1 when T is left out; default 0: exact)\n"
    "  --ignore-aa      pixels that differ only by anti-aliasing do not count\n"
    "  --max-diff-pixels N, --max-diff-ratio R\n"
    "                   differing pixels a frame may have (default 0; with both,\n"
    "                   the smaller limit)\n"
    "  --mask X,Y,W,H   ignore this rectangle in every frame (repeatable), as the\n"
    "                   scenario's own masks (FL_SCENARIO_GOLDEN) are\n"
    "  --shard I/N      check only the I-th of N stable slices of the list\n"
    "  -j N             check N scenarios at once, in worker processes\n"
    "  --seeds K        instead: run each under the random policy with seeds 1..K\n"
    "                   and fail those whose transcript depends on the order of\n"
    "                   task sources (unless declared order-dependent)\n"
    "  -h, --help       show this help\n"
    "\n"
    "exit status: 0 all passed, 1 any failed, 2 usage error (unknown scenario,\n"
    "bad option, unreadable golden directory)\n";

/* A usage error naming the offending argument (which may be missing). */
#define bad(fmt, arg) fl_cli_usage_error(fl_cli_check_usage, fmt, (arg) ? (arg) : "")

static int parse_update(const char *mode, fl_check_update *out)
{
    static const char *const names[] = {NULL, "missing", "changed", "all"};
    for (int i = 1; i < 4; i++) {
        if (strcmp(mode, names[i]) == 0) {
            *out = (fl_check_update)i;
            return 0;
        }
    }
    return -1;
}

/* A whole number in [min, max] into *out; -1 when it is not one. */
static int parse_long(const char *text, long long min, long long max, long long *out)
{
    char *end;
    if (!text || !*text || *text == '-' || *text == '+' || *text == ' ')
        return -1;
    long long v = strtoll(text, &end, 10);
    if (*end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

static int parse_fraction(const char *text, double *out)
{
    char *end;
    if (!text || !*text || *text == ' ')
        return -1;
    double v = strtod(text, &end);
    if (*end || !(v >= 0 && v <= 1))
        return -1;
    *out = v;
    return 0;
}

static int parse_shard(const char *text, fl_check_options *opt)
{
    long long i, n;
    const char *slash = text ? strchr(text, '/') : NULL;
    char first[32];
    if (!slash || (size_t)(slash - text) >= sizeof(first))
        return -1;
    memcpy(first, text, (size_t)(slash - text));
    first[slash - text] = '\0';
    if (parse_long(first, 1, 1000, &i) != 0 || parse_long(slash + 1, 1, 1000, &n) != 0 || i > n)
        return -1;
    opt->shard = (int)i;
    opt->shards = (int)n;
    return 0;
}

/* The options that take a value: `flag` with `value`. Returns 0 when taken,
 * 1 when `flag` is not one of them, or an exit status (> 1). */
static int parse_valued(const char *flag, const char *value, fl_check_options *opt)
{
    long long n;
    if (strcmp(flag, "--golden") == 0 || strcmp(flag, "--out") == 0) {
        if (!value || !*value)
            return bad("%s takes a directory", flag);
        *(strcmp(flag, "--golden") == 0 ? &opt->golden : &opt->out) = value;
    } else if (strcmp(flag, "--max-diff-pixels") == 0) {
        if (parse_long(value, 0, 1LL << 40, &n) != 0)
            return bad("--max-diff-pixels takes a pixel count, not '%s'", value);
        opt->max_diff_pixels = n;
    } else if (strcmp(flag, "--max-diff-ratio") == 0) {
        if (parse_fraction(value, &opt->max_diff_ratio) != 0)
            return bad("--max-diff-ratio takes a number in 0..1, not '%s'", value);
    } else if (strcmp(flag, "--shard") == 0) {
        if (parse_shard(value, opt) != 0)
            return bad("--shard takes I/N with 1 <= I <= N, not '%s'", value);
    } else if (strcmp(flag, "-j") == 0 || strcmp(flag, "--jobs") == 0) {
        if (parse_long(value, 1, 64, &n) != 0)
            return bad("-j takes a number of processes, 1..64, not '%s'", value);
        opt->jobs = (int)n;
    } else if (strcmp(flag, "--mask") == 0) {
        if (!value || fl_golden_mask_parse(value, opt->masks, &opt->nmasks) != 0)
            return bad("--mask takes X,Y,W,H (at most 16), not '%s'", value);
    } else if (strcmp(flag, "--seeds") == 0) {
        if (parse_long(value, 2, 100000, &n) != 0)
            return bad("--seeds takes a number of seeds, 2..100000, not '%s'", value);
        opt->seeds = (int)n;
    } else {
        return 1;
    }
    return 0;
}

/* The options without a value (or with an optional "=VALUE"). */
static int parse_flag(const char *flag, fl_check_options *opt)
{
    if (strcmp(flag, "--update") == 0) {
        opt->update = FL_CHECK_UPDATE_CHANGED;
    } else if (strncmp(flag, "--update=", 9) == 0) {
        if (parse_update(flag + 9, &opt->update) != 0)
            return bad("--update takes changed, all or missing, not '%s'", flag + 9);
    } else if (strcmp(flag, "--prune") == 0) {
        opt->prune = 1;
    } else if (strcmp(flag, "--ignore-aa") == 0) {
        opt->tolerance.ignore_aa = 1;
    } else if (strcmp(flag, "--threshold") == 0) {
        opt->tolerance.threshold = 0.1;
    } else if (strncmp(flag, "--threshold=", 12) == 0) {
        if (parse_fraction(flag + 12, &opt->tolerance.threshold) != 0)
            return bad("--threshold takes a number in 0..1, not '%s'", flag + 12);
    } else {
        return 1;
    }
    return 0;
}

/* Splits "--flag=value" for the valued options. */
static int parse_option(int argc, char **argv, int *i, fl_check_options *opt)
{
    const char *arg = argv[*i];
    int rc = parse_flag(arg, opt);
    if (rc != 1)
        return rc;
    const char *eq = strchr(arg, '=');
    char flag[32];
    if (eq && (size_t)(eq - arg) < sizeof(flag)) {
        memcpy(flag, arg, (size_t)(eq - arg));
        flag[eq - arg] = '\0';
        rc = parse_valued(flag, eq + 1, opt);
    } else if (strncmp(arg, "-j", 2) == 0 && arg[2]) {
        rc = parse_valued("-j", arg + 2, opt);
    } else {
        rc = parse_valued(arg, *i + 1 < argc ? argv[*i + 1] : NULL, opt);
        *i += rc == 0;
    }
    return rc == 1 ? bad("unknown option '%s' for check", arg) : rc;
}

/* Options from the environment, then the command line; names collected in `names`. */
static int parse_check(int argc, char **argv, fl_check_options *opt, const fl_scenario **names,
                       size_t *nnames)
{
    const char *env = getenv("FL_UPDATE_GOLDEN");
    if (env && *env && parse_update(env, &opt->update) != 0)
        return bad("FL_UPDATE_GOLDEN takes changed, all or missing, not '%s'", env);
    for (int i = 0; i < argc; i++) {
        if (argv[i][0] == '-') {
            int rc = parse_option(argc, argv, &i, opt);
            if (rc != 0)
                return rc;
        } else if (!(names[(*nnames)++] = fl_scenario_find(argv[i]))) {
            return bad("unknown scenario '%s' (see 'frameloop list')", argv[i]);
        }
    }
    if (opt->prune && opt->update == FL_CHECK_UPDATE_NONE)
        return fl_cli_usage_error(fl_cli_check_usage, "--prune only works with --update");
    if (opt->seeds && opt->update != FL_CHECK_UPDATE_NONE)
        return fl_cli_usage_error(fl_cli_check_usage, "--seeds compares seeds, not goldens: "
                                                      "it takes no --update");
    DIR *d = opendir(opt->golden);
    if (!d)
        return bad("cannot read the golden directory '%s'", opt->golden);
    closedir(d);
    return 0;
}

int fl_cli_check(int argc, char **argv)
{
    if (argc > 0 && fl_cli_is_help(argv[0])) {
        fputs(fl_cli_check_usage, stdout);
        return 0;
    }
    fl_check_options opt;
    memset(&opt, 0, sizeof(opt));
    opt.golden = FL_GOLDEN_DIR;
    opt.out = "frameloop-results";
    opt.max_diff_pixels = -1;
    opt.max_diff_ratio = -1;
    opt.jobs = opt.shard = opt.shards = 1;
    const fl_scenario **list = calloc((size_t)argc + fl_scenario_count() + 1, sizeof(*list));
    if (!list)
        return EXIT_RUN_FAILED;
    size_t n = 0;
    int rc = parse_check(argc, argv, &opt, list, &n);
    int all = n == 0;
    for (size_t i = 0; rc == 0 && all && i < fl_scenario_count(); i++)
        list[n++] = fl_scenario_at(i);
    /* Shard I of N: a contiguous slice, so each shard's list is stable. */
    size_t from = n * (size_t)(opt.shard - 1) / (size_t)opt.shards;
    size_t to = n * (size_t)opt.shard / (size_t)opt.shards;
    if (rc == 0)
        rc = fl_check_list(list + from, to - from, &opt, all && opt.shard == 1);
    free(list);
    return rc;
}
