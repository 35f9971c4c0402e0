/**
 * @file loop.h
 * The event loop: task sources, timers, microtasks, clocks, run modes, the
 * libevent pump and the transcript.
 *
 * One fl_loop is one agent (a window or a worker) and is used from one thread,
 * except for the calls marked thread-safe. Time is an int64_t count of
 * microseconds since the loop was created. Each turn follows the HTML
 * processing model: pick a runnable task by the selection policy, run it,
 * perform a microtask checkpoint, then let the rendering step run if a vsync
 * tick has passed.
 *
 * Callbacks may call any function of this header on their own loop, except
 * fl_loop_run (which returns FL_EBUSY there) and fl_loop_free.
 */
#ifndef FRAMELOOP_LOOP_H
#define FRAMELOOP_LOOP_H

#include <stddef.h>
#include <stdint.h>

#include "frameloop/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define FL_PRINTF_LIKE(fmt, first) __attribute__((format(printf, fmt, first)))
#else
#define FL_PRINTF_LIKE(fmt, first)
#endif

#define FL__STR2(x) #x
#define FL__STR(x)  FL__STR2(x)
/** "file.c:123" of the place it is written: the label macros below use it. */
#define FL_HERE __FILE__ ":" FL__STR(__LINE__)

/** Milliseconds to the microseconds that every time argument takes. */
#define FL_MS(ms) ((int64_t)(ms)*1000)

typedef struct fl_loop fl_loop;

/** A task, timer or microtask body. `arg` is what was passed when queuing. */
typedef void (*fl_task_fn)(fl_loop *loop, void *arg);
/** Frees a task's `arg` when the task will never run (cancelled, loop freed). */
typedef void (*fl_destroy_fn)(void *arg);

/** A task source: one FIFO queue of tasks. Values are > 0. */
typedef int fl_source;
/** The HTML spec's generic task sources, present in every loop. */
enum fl_builtin_source {
    FL_SOURCE_DOM_MANIPULATION = 1,
    FL_SOURCE_USER_INTERACTION = 2,
    FL_SOURCE_NETWORKING = 3,
    FL_SOURCE_TIMER = 4,
    FL_SOURCE_POSTED_MESSAGE = 5
};
/** At most this many sources (built-in ones included) per loop. */
#define FL_MAX_SOURCES 64

/** Source priorities for the `priority` policy: a higher value runs first. */
enum fl_priority {
    FL_PRIORITY_BEST_EFFORT = 0,
    FL_PRIORITY_LOW = 1,
    FL_PRIORITY_NORMAL = 2, /**< default of every source but user interaction */
    FL_PRIORITY_HIGH = 3,
    FL_PRIORITY_HIGHEST = 4 /**< default of FL_SOURCE_USER_INTERACTION */
};

/** A queued task's handle (> 0) or a negative FL_E* code. */
typedef int64_t fl_task_id;
/** A timer's handle (> 0) or a negative FL_E* code. An interval keeps its id. */
typedef int64_t fl_timer_id;
/** An fd watch's handle (> 0) or a negative FL_E* code. */
typedef int64_t fl_watch_id;

typedef enum fl_clock_kind {
    FL_CLOCK_VIRTUAL = 0, /**< time moves only by fl_work and idle jumps: deterministic */
    FL_CLOCK_REAL = 1     /**< monotonic wall time; the loop sleeps in libevent */
} fl_clock_kind;

/** How a turn picks among the sources that hold a runnable task. */
typedef enum fl_policy {
    FL_POLICY_FIFO = 0,        /**< oldest task first across all sources (global enqueue order) */
    FL_POLICY_PRIORITY = 1,    /**< highest source priority first, oldest first within it */
    FL_POLICY_ROUND_ROBIN = 2, /**< the next non-empty source after the last one picked */
    FL_POLICY_RANDOM = 3       /**< a seeded random non-empty source: finds order dependence */
} fl_policy;

/** Which host's event loop the loop models. */
typedef enum fl_profile {
    FL_PROFILE_BROWSER = 0, /**< HTML's event loop: task sources, rendering (the default) */
    FL_PROFILE_NODE = 1     /**< Node's libuv loop: phases, nextTick, setImmediate (node.h) */
} fl_profile;

/** Options for fl_loop_new(). Initialise with fl_loop_options_init(). */
typedef struct fl_loop_options {
    fl_clock_kind clock;       /**< default FL_CLOCK_VIRTUAL */
    fl_policy policy;          /**< default FL_POLICY_FIFO */
    uint64_t seed;             /**< for FL_POLICY_RANDOM; default 1 */
    int64_t vsync_us;          /**< vsync period; default 16000 (16667 gives 60 Hz) */
    uint64_t microtask_limit;  /**< microtasks per checkpoint before FL_ELIVELOCK; 1,000,000 */
    uint64_t timer_task_limit; /**< timer tasks per run-until-idle before FL_ELIVELOCK; 100,000 */
    fl_profile profile;        /**< default FL_PROFILE_BROWSER */
    int node_version;          /**< node profile: 11 (default, and later) or 10 (microtasks
                                    only between phases) */
    int64_t node_startup_us;   /**< node profile: loop time spent entering the loop after the
                                    main script (0: a fast start) */
} fl_loop_options;

/** Fills `opt` with the defaults documented on each field. NULL is a no-op. */
void fl_loop_options_init(fl_loop_options *opt);

/** "fifo", "priority", "round-robin", "random"; "?" for an unknown value. */
const char *fl_policy_name(fl_policy policy);
/** Parses a policy name. @return 0, or FL_EINVAL for an unknown name. */
int fl_policy_parse(const char *name, fl_policy *out);
/** "browser" or "node"; "?" for an unknown value. */
const char *fl_profile_name(fl_profile profile);
/** Parses a profile name. @return 0, or FL_EINVAL for an unknown name. */
int fl_profile_parse(const char *name, fl_profile *out);
/** "virtual" or "real"; "?" for an unknown value. */
const char *fl_clock_name(fl_clock_kind clock);
/** Parses a clock name. @return 0, or FL_EINVAL for an unknown name. */
int fl_clock_parse(const char *name, fl_clock_kind *out);

/**
 * Creates a loop with its own libevent base. Time starts at 0.
 *
 * @param opt options, or NULL for the defaults.
 * @return the loop, or NULL when out of memory or an option is out of range
 *         (vsync_us <= 0, an unknown clock or policy).
 */
fl_loop *fl_loop_new(const fl_loop_options *opt);

/**
 * Frees the loop and everything still queued in it. Pending tasks whose
 * destructor was given have it called, so nothing leaks.
 *
 * @return how many pending tasks, timers, microtasks and thread-safe posts were
 *         dropped (0 for a drained loop), or FL_EBUSY if called from inside a
 *         callback of this loop (the loop is then left intact). NULL returns 0.
 */
int fl_loop_free(fl_loop *loop);

/** What fl_loop_run() runs before it returns. */
typedef enum fl_run_mode {
    FL_RUN_UNTIL_IDLE = 0, /**< until nothing is queued, due or held; `arg` unused */
    FL_RUN_FOR = 1,        /**< for `arg` microseconds of loop time */
    FL_RUN_UNTIL = 2,      /**< until loop time `arg` */
    FL_RUN_NEXT = 3,       /**< up to and including the next timer's task; `arg` unused */
    FL_RUN_TO_LAST = 4     /**< until the latest deadline among timers pending now; `arg` unused */
} fl_run_mode;

/**
 * Runs the loop in a mode. With the virtual clock, time jumps to the next
 * timer deadline (or vsync tick, when the rendering step has work) whenever no
 * task is runnable and nothing external is held (see fl_loop_hold()); FL_RUN_FOR
 * and FL_RUN_UNTIL leave the clock exactly at their end time. With the real
 * clock, the loop sleeps in libevent until the next deadline, fd event or
 * cross-thread post.
 *
 * @return 0 when the mode's end was reached, the loop went idle or
 *         fl_loop_stop() was called; FL_ELIVELOCK when a microtask checkpoint ran
 *         `microtask_limit` microtasks and more were queued (they stay queued)
 *         or, in FL_RUN_UNTIL_IDLE, right after the timer task that took the
 *         count past `timer_task_limit` (a re-arming timer stays pending);
 *         fl_loop_error() names the culprit and where it was queued; FL_EBUSY when called from
 *         inside a callback of this loop; FL_EINVAL for NULL or a bad mode/arg.
 */
int fl_loop_run(fl_loop *loop, fl_run_mode mode, int64_t arg);

/**
 * Makes the running fl_loop_run() return after the current task and its
 * microtask checkpoint. Thread-safe. A stop requested while the loop is not
 * running makes the next fl_loop_run() return at once.
 */
void fl_loop_stop(fl_loop *loop);

/**
 * Counts pending work: queued (not cancelled) tasks, pending timers, queued
 * microtasks and thread-safe posts not yet taken in. 0 for NULL. Tests use it to
 * check that a scenario leaves nothing behind.
 */
size_t fl_loop_pending(const fl_loop *loop);

/**
 * The message of the last run error (livelock details: the microtask or timer
 * and where it was queued), or "" when the last run succeeded.
 */
const char *fl_loop_error(const fl_loop *loop);

/** The options the loop was made with (defaults filled in); NULL for NULL. */
const fl_loop_options *fl_loop_options_of(const fl_loop *loop);

/** Counters since the loop was created. */
typedef struct fl_loop_stats {
    uint64_t tasks_run;      /**< tasks run, timer tasks included */
    uint64_t timers_fired;   /**< timer tasks run */
    uint64_t microtasks_run; /**< microtasks run */
    uint64_t checkpoints;    /**< microtask checkpoints performed */
} fl_loop_stats;

/** Copies the counters. @return 0, or FL_EINVAL for NULL. */
int fl_loop_get_stats(const fl_loop *loop, fl_loop_stats *out);

/* ---- Time ---------------------------------------------------------------- */

/** Loop time in microseconds since fl_loop_new(); 0 for NULL. */
int64_t fl_now(const fl_loop *loop);

/**
 * Models `usec` microseconds of CPU work by the running code: the virtual
 * clock moves forward; the real clock busy-waits. Timers that fall due meanwhile
 * run only after the current task, as in a browser.
 *
 * @return 0, or FL_EINVAL for NULL or a negative `usec`.
 */
int fl_work(fl_loop *loop, int64_t usec);

/* ---- Task sources and tasks ---------------------------------------------- */

/**
 * Creates a task source with its own FIFO queue.
 *
 * @param name copied; NULL or "" is FL_EINVAL.
 * @param priority an fl_priority value (any int: higher runs first).
 * @return the source (> 0), FL_ELIMIT past FL_MAX_SOURCES, FL_EINVAL, FL_ENOMEM.
 */
fl_source fl_source_new(fl_loop *loop, const char *name, int priority);

/** Changes a source's priority. @return 0, FL_EINVAL, or FL_ENOENT. */
int fl_source_set_priority(fl_loop *loop, fl_source source, int priority);

/** A source's name ("timer", "networking", ...); NULL for an unknown source. */
const char *fl_source_name(const fl_loop *loop, fl_source source);

/**
 * Queues a task on a source. The task runs in a later turn, after every older
 * task of the same source.
 *
 * @param name a label for transcripts, traces and errors; not copied, so it must
 *        outlive the task (a string literal); NULL means "task".
 * @return 0, or FL_EINVAL (NULL loop or fn), FL_ENOENT (unknown source), FL_ENOMEM.
 */
int fl_post_task(fl_loop *loop, fl_source source, fl_task_fn fn, void *arg, const char *name);

/**
 * fl_post_task() with a destructor for `arg` and a handle to cancel the task.
 * `destroy` (may be NULL) runs only if the task never runs: cancelled, or still
 * queued when the loop is freed.
 *
 * @return the task id (> 0), or a negative code as fl_post_task().
 */
fl_task_id fl_post_task_ex(fl_loop *loop, fl_source source, fl_task_fn fn, void *arg,
                           const char *name, fl_destroy_fn destroy);

/**
 * Cancels a queued task: it will not run and its destructor runs now.
 *
 * @return 0, or FL_ENOENT when the task already ran, was cancelled or is unknown.
 */
int fl_cancel_task(fl_loop *loop, fl_task_id task);

/* ---- Timers (HTML timer initialization steps, as Chromium's DOMTimer) ---- */

/**
 * setTimeout: runs `fn` as a task on FL_SOURCE_TIMER once `delay_us` has
 * passed. A negative delay is 0; there is no 1 ms minimum; a timer set while
 * the running timer task's nesting level is above 5 waits at least 4 ms. Timers
 * due at the same time run in the order they were set. The task takes its place
 * among other sources' tasks when it falls due, not when it was set.
 *
 * @param label names the timer in errors (see the fl_set_timeout macro); not copied.
 * @return the timer id (> 0), or FL_EINVAL / FL_ENOMEM.
 */
fl_timer_id fl_set_timeout_named(fl_loop *loop, fl_task_fn fn, void *arg, int64_t delay_us,
                                 const char *label);

/**
 * setInterval: as fl_set_timeout_named(), repeating every `interval_us`
 * (at least 1 ms, then clamped to 4 ms once nested deeper than 5) under the
 * same id until cleared.
 */
fl_timer_id fl_set_interval_named(fl_loop *loop, fl_task_fn fn, void *arg, int64_t interval_us,
                                  const char *label);

/** setTimeout, labelled with the callback's name and the place it is set. */
#define fl_set_timeout(loop, fn, arg, delay_us)                                                    \
    fl_set_timeout_named((loop), (fn), (arg), (delay_us), #fn " @ " FL_HERE)
/** setInterval, labelled with the callback's name and the place it is set. */
#define fl_set_interval(loop, fn, arg, interval_us)                                                \
    fl_set_interval_named((loop), (fn), (arg), (interval_us), #fn " @ " FL_HERE)

/**
 * clearTimeout / clearInterval: the timer will not run again, even if it is
 * already due and queued, or is the interval now running.
 *
 * @return 0, or FL_ENOENT when the id is unknown or the timer is done.
 */
int fl_clear_timer(fl_loop *loop, fl_timer_id timer);

/* ---- Microtasks ---------------------------------------------------------- */

/**
 * queueMicrotask: runs `fn` at the next microtask checkpoint, after the
 * microtasks already queued. Microtasks queued during a checkpoint run in it.
 *
 * @param label names the microtask in livelock errors; not copied.
 * @return 0, or FL_EINVAL / FL_ENOMEM.
 */
int fl_queue_microtask_named(fl_loop *loop, fl_task_fn fn, void *arg, const char *label);

/** queueMicrotask, labelled with the callback's name and the place it is queued. */
#define fl_queue_microtask(loop, fn, arg)                                                          \
    fl_queue_microtask_named((loop), (fn), (arg), #fn " @ " FL_HERE)

/**
 * Performs a microtask checkpoint (HTML "perform a microtask checkpoint"): runs
 * microtasks until the queue is empty, then the loop's after-checkpoint hooks.
 * Does nothing when a checkpoint is already being performed.
 *
 * @return 0, or FL_ELIVELOCK past `microtask_limit` (the rest stays queued).
 */
int fl_perform_microtask_checkpoint(fl_loop *loop);

/**
 * Invokes a callback on a script's behalf, then "cleans up after running
 * script": performs a microtask checkpoint when no other callback or task is on
 * the stack. Upper layers run rAF and MutationObserver callbacks through it.
 *
 * @return 0, FL_EINVAL, or FL_ELIVELOCK from the checkpoint.
 */
int fl_invoke_callback(fl_loop *loop, fl_task_fn fn, void *arg);

/* ---- Transcript ---------------------------------------------------------- */

/**
 * Appends a transcript line `<loop time in ms, 3 decimals> <text>`, e.g.
 * `3000.000 result [100,200]`. A newline is added; newlines inside the text are
 * kept as they are.
 *
 * @return 0, or FL_EINVAL / FL_ENOMEM.
 */
int fl_log(fl_loop *loop, const char *fmt, ...) FL_PRINTF_LIKE(2, 3);

/**
 * The transcript so far: every fl_log() line, each ending in '\n'. The pointer
 * is valid until the next fl_log(), fl_transcript_clear() or fl_loop_free().
 *
 * @param len receives the length in bytes; may be NULL.
 * @return the NUL-terminated text ("" when empty or for NULL).
 */
const char *fl_transcript(const fl_loop *loop, size_t *len);

/** Empties the transcript. */
void fl_transcript_clear(fl_loop *loop);

/** Receives each transcript line (without its newline) as it is logged. */
typedef void (*fl_log_fn)(void *arg, const char *line, size_t len);

/** Sets (or with NULL removes) a live sink for transcript lines. @return 0 or FL_EINVAL. */
int fl_loop_set_log_sink(fl_loop *loop, fl_log_fn fn, void *arg);

/* ---- The libevent pump: fds, cross-thread posts, holds ------------------- */

enum fl_fd_events { FL_READABLE = 1, FL_WRITABLE = 2 };

/** Called in a networking task when a watched fd is ready; `events` tells how. */
typedef void (*fl_fd_fn)(fl_loop *loop, int fd, int events, void *arg);

/**
 * Watches an fd (level-triggered, until fl_unwatch_fd()). Readiness queues one
 * task on FL_SOURCE_NETWORKING; while that task is queued, further readiness is
 * merged into it instead of queuing more.
 *
 * @param events FL_READABLE and/or FL_WRITABLE.
 * @return the watch id (> 0), FL_EINVAL (bad fd or events), FL_ENOMEM.
 */
fl_watch_id fl_watch_fd(fl_loop *loop, int fd, int events, fl_fd_fn fn, void *arg);

/** Stops a watch; a readiness task already queued for it will not run. @return 0 or FL_ENOENT. */
int fl_unwatch_fd(fl_loop *loop, fl_watch_id watch);

/**
 * Queues a task from any thread: it lands in the loop's locked inbox and wakes
 * the loop through libevent. The task takes its place in the source's FIFO
 * when the loop takes the inbox in, at its next turn. Thread-safe. The source
 * is checked against FL_MAX_SOURCES only (the loop's own list is not read from
 * another thread); a source the loop does not have when the task arrives
 * lands on FL_SOURCE_POSTED_MESSAGE rather than being lost.
 *
 * @return 0, or FL_EINVAL (NULL loop or fn, source out of 1..FL_MAX_SOURCES) / FL_ENOMEM.
 */
int fl_post_task_threadsafe(fl_loop *loop, fl_source source, fl_task_fn fn, void *arg,
                            const char *name);

/** fl_post_task_threadsafe() with a destructor for `arg` (see fl_post_task_ex()). */
int fl_post_task_threadsafe_ex(fl_loop *loop, fl_source source, fl_task_fn fn, void *arg,
                               const char *name, fl_destroy_fn destroy);

/**
 * Declares external work in flight (a message another thread will post, a
 * network request): while any hold is taken, FL_RUN_UNTIL_IDLE does not return
 * and the virtual clock does not jump forward; the loop waits in libevent for
 * the post instead. Thread-safe.
 *
 * @return 0, or FL_EINVAL for NULL.
 */
int fl_loop_hold(fl_loop *loop);

/** Releases one fl_loop_hold() and wakes the loop. Thread-safe. @return 0, FL_EINVAL. */
int fl_loop_release(fl_loop *loop);

#ifdef __cplusplus
}
#endif

#endif /* FRAMELOOP_LOOP_H */
