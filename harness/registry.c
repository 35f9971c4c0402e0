/* Looking scenarios up, and running one the way the CLI and golden tests do. */
#include "registry.h"

#include <stdlib.h>
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

/* Passes the script function through a void * without a cast between
 * function and object pointers. */
typedef struct script_box {
    fl_scenario_fn script;
} script_box;

static void run_boxed(fl_loop *loop, void *arg)
{
    script_box *box = arg;
    fl_scenario_fn script = box->script;
    free(box);
    script(loop);
}

int fl_run_script(fl_loop *loop, fl_scenario_fn script)
{
    if (!loop || !script)
        return FL_EINVAL;
    if (fl_loop_options_of(loop)->profile == FL_PROFILE_NODE) {
        /* Node runs the main module before the loop starts; the run's first
         * step drains the ticks and microtasks it queued. */
        script(loop);
        return 0;
    }
    /* The page's script is the first task, as a parser-run <script> is. */
    script_box *box = malloc(sizeof(*box));
    if (!box)
        return FL_ENOMEM;
    box->script = script;
    fl_task_id id =
        fl_post_task_ex(loop, FL_SOURCE_DOM_MANIPULATION, run_boxed, box, "script", free);
    if (id < 0) {
        free(box);
        return (int)id;
    }
    return 0;
}

/* Forwards a nested loop's lines into the outer transcript with a tag. */
static void forward_line(void *arg, const char *line, size_t len)
{
    void **ctx = arg;
    fl_log(ctx[0], "%s %.*s", (const char *)ctx[1], (int)len, line);
}

int fl_scenario_subrun(fl_loop *outer, const char *tag, const fl_loop_options *opt,
                       fl_scenario_fn script)
{
    if (!outer || !tag || !script)
        return FL_EINVAL;
    fl_loop *inner = fl_loop_new(opt);
    if (!inner)
        return FL_EINVAL;
    void *ctx[2] = {outer, (void *)tag};
    fl_loop_set_log_sink(inner, forward_line, ctx);
    int rc = fl_run_script(inner, script);
    if (rc == 0)
        rc = fl_loop_run(inner, FL_RUN_UNTIL_IDLE, 0);
    fl_loop_free(inner);
    return rc;
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
    int rc = fl_run_script(loop, scenario->script);
    if (rc == 0)
        rc = fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0);
    if (out)
        *out = loop;
    else
        fl_loop_free(loop);
    return rc;
}
