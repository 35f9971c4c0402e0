/*
 * Tasks posted to several task sources in one interleaved order. The HTML
 * spec lets the browser pick any source with a runnable task; each policy
 * picks differently, but within one source the order never changes. Run with
 * --policy fifo|priority|round-robin|random to compare.
 */
#include "frameloop/harness.h"

typedef struct posted {
    fl_source source; /* 0: the "idle-work" source made by the script */
    const char *name;
} posted;

static const posted plan[] = {
    {FL_SOURCE_NETWORKING, "net-1"},       {FL_SOURCE_USER_INTERACTION, "click-1"},
    {FL_SOURCE_DOM_MANIPULATION, "dom-1"}, {0, "idle-1"},
    {FL_SOURCE_POSTED_MESSAGE, "msg-1"},   {FL_SOURCE_TIMER, "timeout-1"},
    {FL_SOURCE_NETWORKING, "net-2"},       {FL_SOURCE_USER_INTERACTION, "click-2"},
    {FL_SOURCE_DOM_MANIPULATION, "dom-2"}, {0, "idle-2"},
    {FL_SOURCE_POSTED_MESSAGE, "msg-2"},   {FL_SOURCE_TIMER, "timeout-2"},
};

static void run_posted(fl_loop *loop, void *arg)
{
    const posted *p = arg;
    fl_log(loop, "%-9s from %s", p->name, fl_source_name(loop, p->source));
}

/* Timers reach the timer source through setTimeout, so log the same way. */
static void run_timeout(fl_loop *loop, void *arg)
{
    run_posted(loop, arg);
}

FL_SCENARIO(task_sources, "tasks on six sources: how each --policy orders them, FIFO per source")
{
    fl_source idle = fl_source_new(loop, "idle-work", FL_PRIORITY_BEST_EFFORT);
    static posted resolved[sizeof(plan) / sizeof(plan[0])];
    for (size_t i = 0; i < sizeof(plan) / sizeof(plan[0]); i++) {
        resolved[i] = plan[i];
        if (resolved[i].source == 0)
            resolved[i].source = idle;
        if (resolved[i].source == FL_SOURCE_TIMER)
            fl_set_timeout(loop, run_timeout, &resolved[i], 0);
        else
            fl_post_task(loop, resolved[i].source, run_posted, &resolved[i], resolved[i].name);
    }
}
FL_SCENARIO_FLAGS(task_sources, FL_SCENARIO_ORDER_DEPENDENT);
