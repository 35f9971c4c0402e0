/**
 * @file error.h
 * Error codes shared by every frameloop function.
 *
 * Every call that can fail returns an `int`: 0 on success, a negative `FL_E*`
 * code on failure. Constructors return NULL on failure. The codes come from one
 * X-macro table, which also generates fl_strerror(), so a new code cannot be
 * added without its message.
 */
#ifndef FRAMELOOP_ERROR_H
#define FRAMELOOP_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* X(name, value, message) */
#define FL_ERRNO_MAP(X)                                                                            \
    X(EINVAL, -1, "invalid argument")                                                              \
    X(ENOMEM, -2, "out of memory")                                                                 \
    X(EBUSY, -3, "the loop is already running (fl_loop_run called from inside a task)")            \
    X(ELIVELOCK, -4, "livelock: work keeps re-queuing itself without end")                         \
    X(ENOENT, -5, "no such task, timer, source or watch (already run, cleared or freed)")          \
    X(ELIMIT, -6, "a fixed limit was reached")                                                     \
    X(EIO, -7, "input/output error")                                                               \
    X(ENOTSUP, -8, "not supported by this loop (wrong clock, profile or agent)")                   \
    X(EHIERARCHY, -9, "hierarchy request error: the node cannot be inserted there")                \
    X(ECLOSED, -10, "closed: the worker was terminated, its message channel is closed")

/** The error codes: each is negative. */
typedef enum fl_errno {
#define FL__ERRNO_ENUM(name, value, msg) FL_##name = (value),
    FL_ERRNO_MAP(FL__ERRNO_ENUM)
#undef FL__ERRNO_ENUM
} fl_errno;

/**
 * A message for an error code.
 *
 * @param err a value returned by a frameloop call (0 or a negative FL_E* code).
 * @return a static, never-NULL string; "success" for 0 and "unknown error" for
 *         a value not in the table.
 */
const char *fl_strerror(int err);

/**
 * The symbolic name of an error code ("FL_EINVAL"), for logs and tests.
 *
 * @return a static string; "FL_OK" for 0, "FL_E?" for an unknown code.
 */
const char *fl_err_name(int err);

#ifdef __cplusplus
}
#endif

#endif /* FRAMELOOP_ERROR_H */
