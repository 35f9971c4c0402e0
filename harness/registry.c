/* Looking scenarios up, and running one the way the CLI and golden tests do. */
#include "registry.h"

#include <string.h>

size_t fl_scenario_count(void)
{
    return fl__nscenarios;
}

const fl_scenario *fl_scenario_at(size_t i)
{
    return i < fl__nscenarios ? &fl__scenarios[i] : NULL;
}

const fl_scenario *fl_scenario_find(const char *name)
{
    for (size_t i = 0; name && i < fl__nscenarios; i++) {
        if (strcmp(fl__scenarios[i].name, name) == 0)
            return &fl__scenarios[i];
    }
    return NULL;
}

static void run_script(fl_loop *loop, void *arg)
{
    const fl_scenario *scenario = arg;
    scenario->script(loop);
}

int fl_scenario_run(const fl_scenario *scenario, const fl_loop_options *opt, fl_log_fn sink,
                    void *sink_arg, fl_loop **out)
{
    if (out)
        *out = NULL;
    if (!scenario || !scenario->script)
        return FL_EINVAL;
    fl_loop *loop = fl_loop_new(opt);
    if (!loop)
        return opt ? FL_EINVAL : FL_ENOMEM;
    fl_loop_set_log_sink(loop, sink, sink_arg);
    /* The page's script is the first task, as a parser-run <script> is. */
    int rc = fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, run_script, (void *)scenario, "script");
    if (rc == 0)
        rc = fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0);
    if (out)
        *out = loop;
    else
        fl_loop_free(loop);
    return rc;
}
