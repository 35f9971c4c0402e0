/*
 * The corpus's C mirrors. Each puzzle_<name>() is the C form of
 * tests/corpus/<name>.js: run as a page's first task (browser profile) or as
 * Node's main module before the loop starts (node profile, the node_*
 * puzzles), its transcript (time stamps stripped) must equal <name>.expected,
 * which is what Node prints.
 *
 * The helpers below keep the mirrors close to the JS lines they copy. A
 * handler's `arg` is usually the text the JS line prints.
 */
#ifndef FL_CORPUS_PUZZLES_H
#define FL_CORPUS_PUZZLES_H

#include "frameloop/frameloop.h"

/* ---- Helpers (puzzles_common.c) ---------------------------------------- */

/* `console.log(show(v))` when prefix is NULL, else `console.log(prefix + ' ' + show(v))`. */
void log_line_value(fl_loop *loop, const char *prefix, const fl_value *v);

/* `() => console.log(arg)`: a then handler that logs its arg (a string). */
fl_value *log_tag(fl_loop *loop, fl_value *value, void *arg);
/* `(v) => console.log(arg + ' ' + show(v))`, or `console.log(show(v))` for a NULL arg. */
fl_value *log_with_value(fl_loop *loop, fl_value *value, void *arg);

/* Two prefixes for then(onFulfilled, onRejected) whose handlers both log. */
typedef struct log_pair {
    const char *fulfilled;
    const char *rejected;
} log_pair;
/* `(v) => console.log(pair.fulfilled + ' ' + show(v))`; arg is a log_pair. */
fl_value *log_pair_fulfilled(fl_loop *loop, fl_value *value, void *arg);
/* `(e) => console.log(pair.rejected + ' ' + show(e))`; arg is a log_pair. */
fl_value *log_pair_rejected(fl_loop *loop, fl_value *value, void *arg);

/* `(e) => console.log(arg + ' ' + e.name)`: for errors whose message is the engine's own. */
fl_value *log_error_name(fl_loop *loop, fl_value *reason, void *arg);

/* `() => console.log(arg)` as a task, timer or microtask body. */
void log_task(fl_loop *loop, void *arg);

/* `() => console.log(arg)` as a finally callback. */
fl_value *finally_log(fl_loop *loop, void *arg);

/* An executor `(resolve) => resolve(arg)`: arg is an fl_value *, taken over. */
fl_value *executor_resolve(fl_loop *loop, fl_promise *promise, void *arg);

/*
 * Promise.resolve().then(() => console.log('t1')).then(...)... up to 'tN':
 * the reference chain most puzzles interleave with (n <= 8).
 */
void tick_chain(fl_loop *loop, int n);

/*
 * new Promise((resolve, reject) => setTimeout(() => {
 *     console.log(note);              // when note is not NULL
 *     resolve(value);                 // or reject(value) when `reject` is set
 * }, delay))
 * `value` is taken over.
 */
fl_promise *timer_settle(fl_loop *loop, int64_t delay_us, fl_value *value, int reject,
                         const char *note);

/* Math.round(ms / 1000) * 1000 of the loop time since `start_us`. */
long long elapsed_rounded_ms(fl_loop *loop, int64_t start_us);

/* ---- Node helpers (puzzles_node.c; node profile only) ------------------ */

/* fs.readFile(__filename, callback): `callback(loop, arg)` runs once, in a poll phase. */
void fs_read_file(fl_loop *loop, fl_task_fn callback, void *arg);

/* ---- Mirrors ----------------------------------------------------------- */

/* puzzles_then.c */
void puzzle_then_nested(fl_loop *loop);
void puzzle_then_settled_vs_pending(fl_loop *loop);
void puzzle_then_registration_order(fl_loop *loop);
void puzzle_then_return_promise(fl_loop *loop);
void puzzle_resolve_thenable_ticks(fl_loop *loop);
void puzzle_resolve_identity(fl_loop *loop);
void puzzle_settle_once(fl_loop *loop);
void puzzle_resolve_self_type_error(fl_loop *loop);
void puzzle_then_in_later_task(fl_loop *loop);
void puzzle_resolve_locked_in(fl_loop *loop);

/* puzzles_errors.c */
void puzzle_throw_in_then_caught_later(fl_loop *loop);
void puzzle_catch_returns_value(fl_loop *loop);
void puzzle_reject_passthrough(fl_loop *loop);
void puzzle_return_rejected_promise(fl_loop *loop);
void puzzle_finally_value_passthrough(fl_loop *loop);
void puzzle_finally_reason_passthrough(fl_loop *loop);
void puzzle_finally_pending_promise(fl_loop *loop);
void puzzle_finally_returns_rejected(fl_loop *loop);

/* puzzles_async.c */
void puzzle_async_return_promise_vs_value(fl_loop *loop);
void puzzle_await_non_promise(fl_loop *loop);
void puzzle_await_pending_timer(fl_loop *loop);
void puzzle_await_vs_then_ticks(fl_loop *loop);
void puzzle_async_throw_try_catch(fl_loop *loop);
void puzzle_async_nested_calls(fl_loop *loop);
void puzzle_async_rejections(fl_loop *loop);
void puzzle_async_handler_in_then(fl_loop *loop);
void puzzle_await_loop_many(fl_loop *loop);

/* puzzles_combinators.c */
void puzzle_all_interleaved(fl_loop *loop);
void puzzle_all_first_rejection(fl_loop *loop);
void puzzle_all_settled_mixed(fl_loop *loop);
void puzzle_race_interleaved(fl_loop *loop);
void puzzle_any_aggregate_error(fl_loop *loop);
void puzzle_combinators_empty(fl_loop *loop);
void puzzle_combinators_not_iterable(fl_loop *loop);
void puzzle_race_adoption_delay(fl_loop *loop);
void puzzle_all_vs_all_settled_ticks(fl_loop *loop);
void puzzle_all_input_order(fl_loop *loop);

/* puzzles_values.c */
void puzzle_all_value_formats(fl_loop *loop);

/* puzzles_host.c */
void puzzle_queue_microtask_interleave(fl_loop *loop);
void puzzle_timeout_zero_vs_jobs(fl_loop *loop);
void puzzle_seed002_timers_and_promises(fl_loop *loop);

/* puzzles_seed000.c */
void puzzle_seed000_promise_all(fl_loop *loop);
void puzzle_seed000_sequential_await(fl_loop *loop);
void puzzle_seed000_homemade_promise_all(fl_loop *loop);

/* puzzles_node.c (node profile) */
void puzzle_node_tick_before_promise(fl_loop *loop);
void puzzle_node_nested_ticks(fl_loop *loop);
void puzzle_node_tick_inside_then(fl_loop *loop);
void puzzle_node_then_inside_tick(fl_loop *loop);
void puzzle_node_tick_starvation_bounded(fl_loop *loop);
void puzzle_node_queue_microtask_vs_tick(fl_loop *loop);
void puzzle_node_async_in_tick(fl_loop *loop);

/* puzzles_node_immediate.c (node profile) */
void puzzle_node_immediate_in_immediate(fl_loop *loop);
void puzzle_node_microtasks_in_immediates(fl_loop *loop);
void puzzle_node_clear_immediate(fl_loop *loop);
void puzzle_node_await_immediate(fl_loop *loop);
void puzzle_node_io_immediate_before_timeout(fl_loop *loop);
void puzzle_node_io_callback_phases(fl_loop *loop);
void puzzle_node_seed002_io_immediate_first(fl_loop *loop);

/* puzzles_node_timers.c (node profile) */
void puzzle_node_timeout_one_vs_zero(fl_loop *loop);
void puzzle_node_timeout_out_of_range(fl_loop *loop);
void puzzle_node_interval_with_immediates(fl_loop *loop);
void puzzle_node_busy_script_timeout_first(fl_loop *loop);
void puzzle_node_timers_phase_before_check(fl_loop *loop);
void puzzle_node_timer_then_immediate(fl_loop *loop);
void puzzle_node_seed002_one_ms_minimum(fl_loop *loop);
void puzzle_node_clear_timeout_same_phase(fl_loop *loop);
/* Node's finer timer rules */
void puzzle_node_timer_start_after_busy_script(fl_loop *loop);
void puzzle_node_timer_lists_order(fl_loop *loop);
void puzzle_node_timeout_fraction_truncated(fl_loop *loop);
void puzzle_node_interval_after_slow_timer(fl_loop *loop);

/* Puzzles whose mirror is a shipped scenario (harness/scenarios/). */
void fl_scenario_async_await_order(fl_loop *loop);
void fl_scenario_classic_order(fl_loop *loop);

#endif /* FL_CORPUS_PUZZLES_H */
