/*
 * The loop's clock. Virtual time is a counter that moves only by fl_work and
 * by the idle jumps of the run loop, which is what makes every run exact and
 * repeatable. Real time is CLOCK_MONOTONIC since the loop was made.
 */
#include "core/loop_internal.h"

#include <time.h>

static int64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void fl__clock_init(fl_loop *loop)
{
    loop->now_virtual = 0;
    loop->real_origin_ns = monotonic_ns();
}

int64_t fl__real_now(const fl_loop *loop)
{
    return (monotonic_ns() - loop->real_origin_ns) / 1000;
}

int64_t fl_now(const fl_loop *loop)
{
    return loop ? fl__now(loop) : 0;
}

void fl__clock_advance_to(fl_loop *loop, int64_t t)
{
    if (t > loop->now_virtual)
        loop->now_virtual = t;
}

int fl_work(fl_loop *loop, int64_t usec)
{
    if (!loop || usec < 0)
        return FL_EINVAL;
    if (loop->opt.clock == FL_CLOCK_VIRTUAL) {
        loop->now_virtual += usec;
        return 0;
    }
    /* Real work occupies the thread: spin rather than sleep, as a long task would. */
    int64_t end = monotonic_ns() + usec * 1000;
    while (monotonic_ns() < end)
        ;
    return 0;
}
