/**
 * @file harness.h
 * Scenarios: named C functions that script the loop, run by the `frameloop`
 * CLI and checked against golden transcripts.
 *
 * A scenario is written in a file under harness/scenarios/ as
 *
 *     FL_SCENARIO(classic_order, "seed 002's example: prints 1 3 5 4 2 6 7")
 *     {
 *         fl_log(loop, "1");
 *         ...
 *     }
 *
 * The body is the page's script: the harness runs it as the first task (named
 * "script", on the DOM manipulation source), so its microtasks run at that
 * task's checkpoint, then runs the loop until idle. The build collects every
 * FL_SCENARIO into the registry; the CLI name is the identifier with '_'
 * turned into '-' (`classic-order`).
 */
#ifndef FRAMELOOP_HARNESS_H
#define FRAMELOOP_HARNESS_H

#include "frameloop/loop.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A scenario's script: runs as the page's first task. */
typedef void (*fl_scenario_fn)(fl_loop *loop);

/** Flags a scenario can declare (FL_SCENARIO_FLAGS after its definition). */
enum fl_scenario_flags {
    /** The run is expected to fail (e.g. a livelock demo): exit status 1. */
    FL_SCENARIO_EXPECT_ERROR = 1 << 0,
    /** The transcript depends on the order of task sources, on purpose. */
    FL_SCENARIO_ORDER_DEPENDENT = 1 << 1,
    /** Written for Node: runs in the node profile unless --profile says otherwise. */
    FL_SCENARIO_NODE = 1 << 2
};

typedef struct fl_scenario {
    const char *name;        /**< CLI name, e.g. "classic-order" */
    const char *description; /**< one line */
    fl_scenario_fn script;
    unsigned flags; /**< fl_scenario_flags */
    /** What `frameloop check` compares beyond the transcript and summary
     * (FL_SCENARIO_GOLDEN), or NULL: every frame, no masks. */
    const char *golden;
} fl_scenario;

/** Defines scenario `id` with a one-line description; the function body follows. */
#define FL_SCENARIO(id, description)                                                               \
    void fl_scenario_##id(fl_loop *loop);                                                          \
    void fl_scenario_##id(fl_loop *loop)

/**
 * Declares flags for scenario `id`: write it at file scope after FL_SCENARIO,
 * with fl_scenario_flags names joined by '|'. The registry copies the
 * expression; here it only checks that it compiles.
 */
#define FL_SCENARIO_FLAGS(id, flags) enum { fl_scenario_flags_##id = (flags) }

/**
 * Declares which frames of scenario `id` are golden and which rectangles the
 * comparison ignores, at file scope after FL_SCENARIO, as one string literal
 * of space-separated words (the registry copies it; here it only has to be a
 * string):
 *
 *   - `frames=LIST`: the vsync indexes whose frames are golden, LIST being
 *     comma-separated `N`, `A-B` or `A-B/S` (every S-th from A to B), e.g.
 *     `frames=0-59/10,59`. Without it every frame is golden.
 *   - `mask=X,Y,W,H`: a rectangle in pixels that frame comparison ignores
 *     (painted in a fixed color in diff images); may repeat.
 */
#define FL_SCENARIO_GOLDEN(id, spec) enum { fl_scenario_golden_##id = sizeof(spec) }

/**
 * Runs a script the way its host does: in the browser profile it is posted as
 * the page's first task ("script", on the DOM manipulation source); in the
 * node profile it runs at once, as Node's main module does before the loop.
 *
 * @return 0, or FL_EINVAL / FL_ENOMEM.
 */
int fl_run_script(fl_loop *loop, fl_scenario_fn script);

/**
 * Runs `script` to idle in a new loop made with `opt`, copying each of its
 * transcript lines into `outer`'s transcript behind `tag` (e.g. `[node 10]
 * 1.000 timer1`). Lets one scenario compare hosts, versions or options.
 *
 * @return the nested run's result, or FL_EINVAL.
 */
int fl_scenario_subrun(fl_loop *outer, const char *tag, const fl_loop_options *opt,
                       fl_scenario_fn script);

/** How many scenarios are registered. */
size_t fl_scenario_count(void);
/** The i-th scenario in name order, or NULL past the end. */
const fl_scenario *fl_scenario_at(size_t i);
/** The scenario called `name`, or NULL. */
const fl_scenario *fl_scenario_find(const char *name);

/**
 * Runs a scenario in a new loop: its script by fl_run_script(), then
 * fl_loop_run(FL_RUN_UNTIL_IDLE).
 *
 * @param opt loop options, or NULL for the defaults.
 * @param sink receives each transcript line as it is logged (may be NULL).
 * @param sink_arg passed to `sink`.
 * @param out receives the loop (for its transcript, error and stats); the
 *        caller frees it with fl_loop_free(). May be NULL.
 * @return the run's result (0, FL_ELIVELOCK, ...), or FL_EINVAL / FL_ENOMEM.
 */
int fl_scenario_run(const fl_scenario *scenario, const fl_loop_options *opt, fl_log_fn sink,
                    void *sink_arg, fl_loop **out);

/**
 * Turns on the frame-stats HUD for `loop`: starts metrics recording
 * (fl_metrics_enable) and draws fl_metrics_draw_hud over every frame through
 * the frame overlay (fl_render_set_overlay). Call it before the run.
 *
 * @return 0, FL_EINVAL, FL_ENOTSUP (node profile), FL_ENOMEM, FL_EBUSY.
 */
int fl_hud_enable(fl_loop *loop);

#ifdef __cplusplus
}
#endif

#endif /* FRAMELOOP_HARNESS_H */
