/**
 * @file worker.h
 * Dedicated workers: a loop of its own on a thread of its own, talking to
 * the loop that made it only by messages.
 *
 * fl_worker_new() starts a thread that owns a new loop (the parent's clock,
 * policy and limits; no document: DOM and requestAnimationFrame calls there
 * return NULL or FL_ENOTSUP). Messages are bytes, copied when posted (the
 * structured clone's stand-in), and each one is a task on the receiver's
 * FL_SOURCE_POSTED_MESSAGE source that calls the receiver's onmessage.
 *
 * Virtual clock: each loop keeps its own time. A message posted at the
 * sender's time t is due at the receiver at t + 1 us, and a loop never runs a
 * turn at a time T while another loop of its group (the window and every
 * worker made from it, transitively) may still post something due by T; see
 * the README's "Workers and fetch" for the rule. Transcripts stay exact.
 * Real clock: a post goes through the receiver's thread-safe inbox and wakes
 * it through libevent.
 *
 * FL_RUN_UNTIL_IDLE on the window returns once no loop of the group has a
 * task, timer or message left. Handles are used from the thread of the loop
 * named in each call's comment.
 */
#ifndef FRAMELOOP_WORKER_H
#define FRAMELOOP_WORKER_H

#include <stddef.h>

#include "frameloop/loop.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fl_worker fl_worker;

/** The worker's script: runs as the worker loop's first task, on its thread. */
typedef void (*fl_worker_main_fn)(fl_loop *loop, void *arg);

/**
 * An onmessage handler. `loop` is the receiving loop; `data` (borrowed for the
 * call) holds the `len` bytes that were posted.
 */
typedef void (*fl_message_fn)(fl_loop *loop, const void *data, size_t len, void *arg);

/**
 * new Worker(): makes the worker's loop and starts its thread, which runs
 * `main` as its first task, then runs its loop until terminated. With the
 * virtual clock the worker's time starts at the parent's. Parent thread.
 *
 * @param parent a browser-profile loop (a window or another worker).
 * @return the worker, or NULL for a NULL argument, a node-profile parent, or
 *         when out of memory or a thread cannot start.
 */
fl_worker *fl_worker_new(fl_loop *parent, fl_worker_main_fn main, void *arg);

/**
 * worker.onmessage = fn: handles the worker's messages on the parent's loop
 * (NULL drops them). Parent thread. @return 0 or FL_EINVAL.
 */
int fl_worker_set_onmessage(fl_worker *worker, fl_message_fn fn, void *arg);

/**
 * worker.postMessage(): copies `len` bytes and queues a message task on the
 * worker. Parent thread.
 *
 * @return 0, FL_EINVAL (NULL worker, or NULL data with len > 0), FL_ECLOSED
 *         (the worker was terminated: the message is refused), FL_ENOMEM.
 */
int fl_worker_post_message(fl_worker *worker, const void *data, size_t len);

/**
 * worker.terminate(): the worker stops at its next task boundary and its
 * thread frees its loop; its queued tasks never run, messages it posted that
 * the parent has not yet handled are dropped, and later posts either way
 * return FL_ECLOSED. Thread-safe; returns at once (fl_worker_free() waits for
 * the thread).
 *
 * @return 0, or FL_EINVAL for NULL.
 */
int fl_worker_terminate(fl_worker *worker);

/**
 * Terminates the worker, waits for its thread and frees it and its loop.
 * Parent thread, outside the worker's callbacks. fl_loop_free() of the parent
 * frees the workers still alive, which makes their handles invalid.
 *
 * @return the worker loop's last run result: 0, or FL_ELIVELOCK when its run
 *         failed (the worker stopped then); 0 for NULL.
 */
int fl_worker_free(fl_worker *worker);

/* ---- Inside the worker (DedicatedWorkerGlobalScope) ---------------------- */

/**
 * self.onmessage = fn, on the worker's own loop. Worker thread.
 *
 * @return 0, FL_EINVAL, or FL_ENOTSUP when `loop` is not a worker's.
 */
int fl_self_set_onmessage(fl_loop *loop, fl_message_fn fn, void *arg);

/**
 * self.postMessage(): copies `len` bytes and queues a message task on the
 * parent. Worker thread.
 *
 * @return 0, FL_EINVAL, FL_ENOTSUP (not a worker's loop), FL_ECLOSED (the
 *         worker was terminated), FL_ENOMEM.
 */
int fl_self_post_message(fl_loop *loop, const void *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* FRAMELOOP_WORKER_H */
