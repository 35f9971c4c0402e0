/**
 * @file promise.h
 * Promises with ECMAScript's job semantics, the four combinators, and the HTML
 * spec's unhandled-rejection tracking.
 *
 * Jobs are microtasks on the loop, queued exactly where the spec queues them:
 * `then` on a settled promise queues one reaction job; resolving a promise
 * with another promise queues a resolve-thenable job, which costs two more
 * ticks than resolving with a plain value; settling twice is ignored; reactions
 * run in registration order. So C scenarios print what V8 prints.
 *
 * Lifetimes: a promise pointer returned by these calls is valid until the end
 * of the current microtask checkpoint (an autorelease pool, drained after each
 * checkpoint; outside a run, until the next one). The loop keeps a promise alive
 * for as long as anything can still settle it or react to it; call
 * fl_promise_ref() only to use a pointer in a later task. fl_loop_free() frees
 * every promise that is left, so a scenario never leaks by dropping promises
 * pending.
 *
 * Values follow value.h: `value` arguments are taken over; values a handler
 * receives are borrowed.
 */
#ifndef FRAMELOOP_PROMISE_H
#define FRAMELOOP_PROMISE_H

#include "frameloop/loop.h"
#include "frameloop/value.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum fl_promise_state {
    FL_PROMISE_PENDING = 0,
    FL_PROMISE_FULFILLED = 1,
    FL_PROMISE_REJECTED = 2
} fl_promise_state;

/**
 * A then/catch handler. Returns the value that resolves the derived promise
 * (a new reference; NULL is undefined; a FL_VALUE_PROMISE adopts that
 * promise's state). Return fl_throw(reason) to "throw": the derived promise
 * rejects. Returning an error value without fl_throw fulfills with it, as
 * `return new Error()` does in JS.
 */
typedef fl_value *(*fl_then_fn)(fl_loop *loop, fl_value *value, void *arg);

/**
 * An executor: runs synchronously inside fl_promise_create(), like the
 * function given to `new Promise`. Settle `promise` now or later with
 * fl_promise_resolve()/fl_promise_reject(). Return NULL, or fl_throw(reason)
 * to reject it.
 */
typedef fl_value *(*fl_executor_fn)(fl_loop *loop, fl_promise *promise, void *arg);

/** A finally callback: returns NULL, a promise value to wait for, or fl_throw(reason). */
typedef fl_value *(*fl_finally_fn)(fl_loop *loop, void *arg);

/**
 * Marks `reason` as thrown: returned from a handler, executor or finally
 * callback, it rejects instead of fulfilling. Takes `reason` over.
 */
fl_value *fl_throw(fl_value *reason);

/** A pending promise, settled later with fl_promise_resolve()/reject(). NULL for a NULL loop or
 * OOM. */
fl_promise *fl_promise_new(fl_loop *loop);

/** `new Promise(executor)`: runs the executor now. NULL for NULL loop/executor or OOM. */
fl_promise *fl_promise_create(fl_loop *loop, fl_executor_fn executor, void *arg);

/**
 * Resolves through the promise's own resolve function (as `resolve(value)`):
 * a plain value fulfills it; a promise value makes it follow that promise
 * (a resolve-thenable job); the promise itself rejects it with a TypeError.
 * Ignored once the promise was resolved or rejected.
 *
 * @return 0 (also when ignored), or FL_EINVAL for NULL.
 */
int fl_promise_resolve(fl_promise *promise, fl_value *value);

/** Rejects through the promise's own reject function. @return 0 (also when ignored), FL_EINVAL. */
int fl_promise_reject(fl_promise *promise, fl_value *reason);

/**
 * `promise.then(on_fulfilled, on_rejected)`: either handler may be NULL (the
 * value or reason passes through). Both get `arg`.
 *
 * @return the derived promise, or NULL for a NULL promise or OOM.
 */
fl_promise *fl_promise_then(fl_promise *promise, fl_then_fn on_fulfilled, fl_then_fn on_rejected,
                            void *arg);

/** `promise.catch(on_rejected)`. */
fl_promise *fl_promise_catch(fl_promise *promise, fl_then_fn on_rejected, void *arg);

/**
 * `promise.finally(on_finally)`: runs the callback on either outcome, waits for
 * a promise it returns, then passes the original value or reason through (or
 * rejects with what the callback threw), costing the jobs the spec's
 * thenFinally/catchFinally functions cost.
 */
fl_promise *fl_promise_finally(fl_promise *promise, fl_finally_fn on_finally, void *arg);

/** `Promise.resolve(value)`: a promise value is returned as it is. */
fl_promise *fl_promise_resolved(fl_loop *loop, fl_value *value);
/** `Promise.reject(reason)`. */
fl_promise *fl_promise_rejected(fl_loop *loop, fl_value *reason);

/**
 * The combinators, over an array value (taken over) of promises or plain
 * values, each passed through Promise.resolve as the spec's iteration does.
 * A non-array `iterable` rejects with a TypeError, as a non-iterable does.
 *
 * - all: fulfills with the array of values in input order, or rejects with
 *   the first rejection;
 * - allSettled: fulfills with `{"status":"fulfilled","value":v}` /
 *   `{"status":"rejected","reason":r}` records;
 * - race: settles like the first input to settle;
 * - any: fulfills with the first fulfillment, or rejects with an
 *   AggregateError ("All promises were rejected") whose `errors` are the
 *   reasons in input order.
 */
fl_promise *fl_promise_all(fl_loop *loop, fl_value *iterable);
fl_promise *fl_promise_all_settled(fl_loop *loop, fl_value *iterable);
fl_promise *fl_promise_race(fl_loop *loop, fl_value *iterable);
fl_promise *fl_promise_any(fl_loop *loop, fl_value *iterable);

/**
 * `new Promise(resolve => setTimeout(() => resolve(value), delay))`: a
 * promise a timer fulfills. The timer keeps it alive.
 */
fl_promise *fl_promise_after(fl_loop *loop, int64_t delay_us, fl_value *value);

fl_promise_state fl_promise_state_of(const fl_promise *promise);
/** The value or reason once settled (borrowed), NULL while pending. */
fl_value *fl_promise_result(const fl_promise *promise);
/** Whether a handler was ever attached ([[PromiseIsHandled]]). */
int fl_promise_is_handled(const fl_promise *promise);

/** Keeps a promise past the current checkpoint; returns it. */
fl_promise *fl_promise_ref(fl_promise *promise);
/** Drops a reference taken with fl_promise_ref(). NULL is a no-op. */
void fl_promise_unref(fl_promise *promise);

/**
 * Called for each rejected promise with no handler when the HTML spec fires
 * `unhandledrejection` (a task queued by the microtask checkpoint that saw
 * it), and with `handled_later` = 1 when a handler is attached afterwards
 * (`rejectionhandled`, also a task). Return 1 from an unhandledrejection call
 * to cancel the default report, which logs `Uncaught (in promise) <reason>`.
 */
typedef int (*fl_rejection_fn)(fl_loop *loop, fl_promise *promise, fl_value *reason,
                               int handled_later, void *arg);

/** Sets (or with NULL removes) the rejection callback. @return 0 or FL_EINVAL / FL_ENOMEM. */
int fl_promise_set_rejection_handler(fl_loop *loop, fl_rejection_fn fn, void *arg);

#ifdef __cplusplus
}
#endif

#endif /* FRAMELOOP_PROMISE_H */
