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

const char *fl_policy_name(fl_policy policy)
{
    if ((unsigned)policy >= COUNT(policy_names))
        return "?";
    return policy_names[policy];
}

int fl_policy_parse(const char *name, fl_policy *out)
{
    for (unsigned i = 0; name && out && i < COUNT(policy_names); i++) {
        if (strcmp(name, policy_names[i]) == 0) {
            *out = (fl_policy)i;
            return 0;
        }
    }
    return FL_EINVAL;
}

const char *fl_clock_name(fl_clock_kind clock)
{
    if ((unsigned)clock >= COUNT(clock_names))
        return "?";
    return clock_names[clock];
}

int fl_clock_parse(const char *name, fl_clock_kind *out)
{
    for (unsigned i = 0; name && out && i < COUNT(clock_names); i++) {
        if (strcmp(name, clock_names[i]) == 0) {
            *out = (fl_clock_kind)i;
            return 0;
        }
    }
    return FL_EINVAL;
}

const char *fl_profile_name(fl_profile profile)
{
    if ((unsigned)profile >= COUNT(profile_names))
        return "?";
    return profile_names[profile];
}

int fl_profile_parse(const char *name, fl_profile *out)
{
    for (unsigned i = 0; name && out && i < COUNT(profile_names); i++) {
        if (strcmp(name, profile_names[i]) == 0) {
            *out = (fl_profile)i;
            return 0;
        }
    }
    return FL_EINVAL;
}
