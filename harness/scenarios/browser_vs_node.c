/*
 * One script, two hosts, side by side. Where they differ:
 * - timer clamping: the browser has no minimum for setTimeout(0) but clamps
 *   the seventh nested zero-delay timeout to 4 ms; Node turns every delay
 *   under 1 ms into 1 ms and never clamps nesting, so `setTimeout(f, 1)` set
 *   before `setTimeout(g, 0)` runs first in Node and second in a browser;
 * - immediates: setImmediate exists only in Node (FL_ENOTSUP in the browser);
 * - rendering: only the browser has a rendering step between tasks, where
 *   requestAnimationFrame callbacks run at the next vsync tick (16 ms here);
 *   Node's turn is libuv's phases and has no rAF (FL_ENOTSUP).
 * What they share: promise jobs run before the next timer in both.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frameloop/harness.h"
#include "frameloop/node.h"
#include "frameloop/promise.h"
#include "frameloop/render.h"

static void log_task(fl_loop *loop, void *arg)
{
    fl_log(loop, "%s", (const char *)arg);
}

static fl_value *log_job(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    fl_log(loop, "%s", (const char *)arg);
    return NULL;
}

static void animation_frame(fl_loop *loop, double timestamp_ms, void *arg)
{
    (void)arg;
    fl_log(loop, "animation frame (vsync %.0f ms)", timestamp_ms);
}

static void set_raf(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_raf_id id = fl_request_animation_frame(loop, animation_frame, NULL);
    if (id < 0)
        fl_log(loop, "requestAnimationFrame: %s", fl_err_name((int)id));
}

static void chain(fl_loop *loop, void *arg)
{
    intptr_t n = (intptr_t)arg;
    fl_log(loop, "nested timeout %d", (int)n);
    if (n < 7)
        fl_set_timeout(loop, chain, (void *)(n + 1), 0);
}

static void script(fl_loop *loop)
{
    fl_set_timeout(loop, log_task, "timeout 1 ms", FL_MS(1));
    fl_set_timeout(loop, log_task, "timeout 0 ms", 0);
    fl_task_id immediate = fl_set_immediate(loop, log_task, "immediate");
    if (immediate < 0)
        fl_log(loop, "setImmediate: %s", fl_err_name((int)immediate));
    fl_promise_then(fl_promise_resolved(loop, NULL), log_job, NULL, "promise job");
    fl_set_timeout(loop, chain, (void *)(intptr_t)1, FL_MS(10));
    fl_set_timeout(loop, set_raf, NULL, FL_MS(20));
}

/* Runs the script in a fresh loop of `profile`; returns its transcript (owned). */
static char *transcript_of(fl_profile profile)
{
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.profile = profile;
    fl_loop *loop = fl_loop_new(&opt);
    if (!loop || fl_run_script(loop, script) != 0 || fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0) != 0) {
        fl_loop_free(loop);
        return NULL;
    }
    char *copy = strdup(fl_transcript(loop, NULL));
    fl_loop_free(loop);
    return copy;
}

/* Takes the next line of *cursor (NULL when done), advancing it. */
static const char *next_line(char **cursor)
{
    if (!*cursor || !**cursor)
        return NULL;
    char *line = *cursor;
    char *nl = strchr(line, '\n');
    *cursor = nl ? nl + 1 : line + strlen(line);
    if (nl)
        *nl = '\0';
    return line;
}

FL_SCENARIO(browser_vs_node,
            "one script under both hosts, side by side: clamps, immediates, timers")
{
    char *browser = transcript_of(FL_PROFILE_BROWSER);
    char *node = transcript_of(FL_PROFILE_NODE);
    char *b = browser, *n = node;
    fl_log(loop, "%-36s | %s", "browser", "node");
    for (;;) {
        const char *left = next_line(&b);
        const char *right = next_line(&n);
        if (!left && !right)
            break;
        fl_log(loop, "%-36s | %s", left ? left : "", right ? right : "");
    }
    free(browser);
    free(node);
}
