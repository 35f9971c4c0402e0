/* Loop options: defaults, and the names the CLI and transcripts use. */
#include "frameloop/loop.h"

#include <string.h>

void fl_loop_options_init(fl_loop_options *opt)
{
    if (!opt)
        return;
    memset(opt, 0, sizeof(*opt));
    opt->clock = FL_CLOCK_VIRTUAL;
    opt->policy = FL_POLICY_FIFO;
    opt->seed = 1;
    opt->vsync_us = 16000;
    opt->microtask_limit = 1000000;
    opt->timer_task_limit = 100000;
    opt->profile = FL_PROFILE_BROWSER;
    opt->node_version = 11;
    opt->node_startup_us = 0;
}

static const char *const policy_names[] = {
    [FL_POLICY_FIFO] = "fifo",
    [FL_POLICY_PRIORITY] = "priority",
    [FL_POLICY_ROUND_ROBIN] = "round-robin",
    [FL_POLICY_RANDOM] = "random",
};

static const char *const clock_names[] = {
    [FL_CLOCK_VIRTUAL] = "virtual",
    [FL_CLOCK_REAL] = "real",
};

static const char *const profile_names[] = {
    [FL_PROFILE_BROWSER] = "browser",
    [FL_PROFILE_NODE] = "node",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* One lookup for every enum <-> name table below. */
static const char *name_of(const char *const *names, unsigned count, unsigned value)
{
    return value < count ? names[value] : "?";
}

static int parse_name(const char *const *names, unsigned count, const char *name, unsigned *out)
{
    for (unsigned i = 0; name && out && i < count; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = i;
            return 0;
        }
    }
    return FL_EINVAL;
}

/* The public name/parse pair of one enum, over its name table: this defines
 * fl_policy_name/fl_policy_parse, fl_clock_name/fl_clock_parse and
 * fl_profile_name/fl_profile_parse (declared in loop.h). */
#define FL__NAMED_ENUM(what, type, names)                                                          \
    const char *fl_##what##_name(type value)                                                       \
    {                                                                                              \
        return name_of(names, COUNT(names), (unsigned)value);                                      \
    }                                                                                              \
    int fl_##what##_parse(const char *name, type *out)                                             \
    {                                                                                              \
        unsigned v;                                                                                \
        int rc = parse_name(names, COUNT(names), name, out ? &v : NULL);                           \
        if (rc == 0)                                                                               \
            *out = (type)v;                                                                        \
        return rc;                                                                                 \
    }

FL__NAMED_ENUM(policy, fl_policy, policy_names)
FL__NAMED_ENUM(clock, fl_clock_kind, clock_names)
FL__NAMED_ENUM(profile, fl_profile, profile_names)
