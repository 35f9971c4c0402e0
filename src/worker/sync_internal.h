/*
 * Virtual-time synchronization of loops that post to each other (a window and
 * its workers: one group) and of a loop with its own external work in flight
 * (fetches), as a conservative parallel discrete-event simulation.
 *
 * Each member publishes a horizon: the earliest loop time at which it may
 * still do anything, so the earliest time a message it sends can carry (its
 * time while it runs; its next timer, or its earliest queued message, while
 * idle; INT64_MAX when it only waits for messages). A message sent at time t
 * is due at the receiver at t + FL__SYNC_HOP_US. A member runs a turn at time
 * T only once every other member's horizon is at least T: then every message
 * due by T is already in its inbox, whatever the threads' real timing, and
 * one arriving later is due after T. The hop is what lets two loops at the
 * same time both go on (the simulation's lookahead).
 */
#ifndef FL_WORKER_SYNC_INTERNAL_H
#define FL_WORKER_SYNC_INTERNAL_H

#include "core/loop_internal.h"

/* A posted message's transit time in virtual time: one microsecond. */
#define FL__SYNC_HOP_US 1

typedef struct fl__group fl__group;

/* The loop's group, made (a group of one) and hooked into the loop on first
 * use. Loop thread only. NULL when out of memory. */
fl__group *fl__sync_group(fl_loop *loop);

/* Puts `child` (a new worker's loop, not running yet) into `parent`'s group,
 * with its clock at the parent's time. Parent thread. @return 0, FL_ENOMEM. */
int fl__sync_join(fl_loop *parent, fl_loop *child);

/* Takes the loop out of its group (its thread is done): peers stop waiting
 * for it and tasks still due to it are dropped. Any thread; idempotent. */
void fl__sync_leave(fl_loop *loop);

/* Queues a task on `to` due at loop time `due` (virtual clock): it joins
 * `source` at the first turn of `to` at or after `due`, in (due, sender,
 * sequence) order. `from` is the sending loop (its thread calls this); it may
 * be `to`. @return 0, FL_ECLOSED (`to` left its group), FL_ENOMEM. */
int fl__sync_post_at(fl_loop *from, fl_loop *to, int64_t due, fl_source source, fl_task_fn fn,
                     void *arg, const char *name, fl_destroy_fn destroy);

/* Counts external work of the loop's own (a fetch) in flight: the loop runs
 * no turn while any is, so its outcome lands at a time that never depends on
 * real timing. Loop thread only. */
void fl__sync_external(fl_loop *loop, int delta);

/* A message between members is in flight from send until its task ran or
 * was dropped: a run until idle waits for it. Each takes a group reference. */
void fl__sync_message_sent(fl__group *group);
void fl__sync_message_done(fl__group *group);

#endif /* FL_WORKER_SYNC_INTERNAL_H */
