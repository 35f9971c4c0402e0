/*
 * setTimeout(0) against setImmediate (seed 002, section 2.4.5):
 *
 *   setTimeout(() => console.log('timeout'), 0);
 *   setImmediate(() => console.log('immediate'));
 *
 * From the main script the order depends on how long entering the loop took:
 * Node turns setTimeout(0) into 1 ms from the cached loop time, so if the
 * first turn starts less than 1 ms later the timer is not due yet and the
 * check phase runs the immediate first; 1 ms or more, and the timers phase
 * runs the timeout first. Inside an I/O callback (here a real pipe watched
 * with fl_watch_fd) the poll phase is followed by the check phase before any
 * timers phase, so the immediate always runs first.
 */
#include <unistd.h>

#include "frameloop/harness.h"
#include "frameloop/node.h"

static void log_task(fl_loop *loop, void *arg)
{
    fl_log(loop, "%s", (const char *)arg);
}

static void set_both(fl_loop *loop)
{
    fl_set_timeout(loop, log_task, "timeout", 0);
    fl_set_immediate(loop, log_task, "immediate");
}

static void from_main(fl_loop *loop)
{
    set_both(loop);
}

typedef struct pipe_watch {
    int fds[2];
    fl_watch_id watch;
} pipe_watch;

static pipe_watch io;

static void on_readable(fl_loop *loop, int fd, int events, void *arg)
{
    (void)events;
    (void)arg;
    char byte;
    if (read(fd, &byte, 1) == 1)
        fl_log(loop, "I/O callback (poll phase)");
    fl_unwatch_fd(loop, io.watch);
    set_both(loop);
}

static void from_io(fl_loop *loop)
{
    if (pipe(io.fds) != 0) {
        fl_log(loop, "pipe failed");
        return;
    }
    io.watch = fl_watch_fd(loop, io.fds[0], FL_READABLE, on_readable, NULL);
    if (write(io.fds[1], "x", 1) != 1)
        fl_log(loop, "write failed");
}

FL_SCENARIO(immediate_vs_timeout,
            "node: setTimeout(0) vs setImmediate from main (both starts) and I/O")
{
    fl_loop_options opt = *fl_loop_options_of(loop);
    opt.profile = FL_PROFILE_NODE;
    opt.node_startup_us = 0;
    fl_scenario_subrun(loop, "[main, loop entered at once]", &opt, from_main);
    opt.node_startup_us = FL_MS(1);
    fl_scenario_subrun(loop, "[main, loop entered after 1 ms]", &opt, from_main);
    opt.node_startup_us = 0;
    fl_scenario_subrun(loop, "[inside an I/O callback]", &opt, from_io);
    close(io.fds[0]);
    close(io.fds[1]);
}
FL_SCENARIO_FLAGS(immediate_vs_timeout, FL_SCENARIO_NODE);
