/**
 * @file async.h
 * Async functions in C: stackless coroutines over a state block, with the
 * ECMAScript await semantics.
 *
 *     typedef struct { int i; } counter_locals;
 *
 *     static void count(fl_async *co)
 *     {
 *         counter_locals *l = fl_async_locals(co);
 *         FL_ASYNC_BEGIN(co);
 *         for (l->i = 0; l->i < 3; l->i++)
 *             FL_AWAIT(co, fl_promise_after(fl_async_loop(co), FL_MS(10), NULL));
 *         FL_ASYNC_RETURN(co, fl_int(l->i));
 *         FL_ASYNC_END(co);
 *     }
 *
 *     fl_promise *p = fl_async_call(loop, count, sizeof(counter_locals), NULL);
 *
 * The body runs synchronously from fl_async_call() up to its first await,
 * like an async function. Each FL_AWAIT suspends by returning from the body;
 * the await's reaction job calls the body again, which jumps back to where it
 * stopped. So locals do not survive an await: keep state in the zeroed block
 * fl_async_locals() gives (its size is the `locals_size` passed at the call).
 * Write at most one FL_AWAIT per source line.
 *
 * Costs, as in V8: `await` of a native promise takes one job after it
 * settles, of a plain value one job; returning a promise from an async
 * function resolves its promise through a resolve-thenable job (two more).
 * A rejected await throws: FL_AWAIT rejects the async function's promise with
 * the reason and returns (an uncaught throw); FL_AWAIT_SETTLED resumes
 * instead, with fl_async_threw() telling which way it settled (a try/catch).
 */
#ifndef FRAMELOOP_ASYNC_H
#define FRAMELOOP_ASYNC_H

#include <stddef.h>

#include "frameloop/promise.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fl_async fl_async;

/** An async function's body; see the macros below. */
typedef void (*fl_async_fn)(fl_async *co);

/**
 * Calls an async function: allocates its zeroed locals, runs the body up to
 * its first await, and returns the promise it settles (valid until the end of
 * the current checkpoint, as promise.h describes).
 *
 * @return the promise, or NULL for a NULL loop or body, or OOM.
 */
fl_promise *fl_async_call(fl_loop *loop, fl_async_fn body, size_t locals_size, void *arg);

/** The zeroed block of `locals_size` bytes, the same across awaits. */
void *fl_async_locals(fl_async *co);
/** The `arg` given to fl_async_call(). */
void *fl_async_arg(fl_async *co);
fl_loop *fl_async_loop(fl_async *co);
/** The last await's value or reason (borrowed until the next await). */
fl_value *fl_async_value(fl_async *co);
/** 1 when the last FL_AWAIT_SETTLED's promise rejected. */
int fl_async_threw(fl_async *co);

/* Internal steps the macros call. */
int fl__async_resume_point(fl_async *co);
void fl__async_await(fl_async *co, fl_promise *promise, int resume_point);
void fl__async_await_value(fl_async *co, fl_value *value, int resume_point);
int fl__async_rethrow(fl_async *co);
void fl__async_finish(fl_async *co, fl_value *value, int threw);

/** Starts the body: everything between BEGIN and END may await. */
#define FL_ASYNC_BEGIN(co)                                                                         \
    switch (fl__async_resume_point(co)) {                                                          \
    case 0:

/** `await promise` (an fl_promise *): a rejection rejects the function's promise. */
#define FL_AWAIT(co, promise)                                                                      \
    do {                                                                                           \
        fl__async_await((co), (promise), __LINE__);                                                \
        return;                                                                                    \
    case __LINE__:                                                                                 \
        if (fl__async_rethrow(co))                                                                 \
            return;                                                                                \
    } while (0)

/** `await value` (an fl_value *, taken over; a promise value awaits that promise). */
#define FL_AWAIT_VALUE(co, value)                                                                  \
    do {                                                                                           \
        fl__async_await_value((co), (value), __LINE__);                                            \
        return;                                                                                    \
    case __LINE__:                                                                                 \
        if (fl__async_rethrow(co))                                                                 \
            return;                                                                                \
    } while (0)

/** `try { await promise } catch`: resumes either way; see fl_async_threw(). */
#define FL_AWAIT_SETTLED(co, promise)                                                              \
    do {                                                                                           \
        fl__async_await((co), (promise), -__LINE__);                                               \
        return;                                                                                    \
    case -__LINE__:;                                                                               \
    } while (0)

/** `return value` (taken over; a promise value is adopted). */
#define FL_ASYNC_RETURN(co, value)                                                                 \
    do {                                                                                           \
        fl__async_finish((co), (value), 0);                                                        \
        return;                                                                                    \
    } while (0)

/** `throw reason` (taken over): rejects the function's promise. */
#define FL_ASYNC_THROW(co, reason)                                                                 \
    do {                                                                                           \
        fl__async_finish((co), (reason), 1);                                                       \
        return;                                                                                    \
    } while (0)

/** Ends the body: falling off the end returns undefined. */
#define FL_ASYNC_END(co)                                                                           \
    }                                                                                              \
    fl__async_finish((co), NULL, 0)

#ifdef __cplusplus
}
#endif

#endif /* FRAMELOOP_ASYNC_H */
