/*
 * The DOM standard's "queue a mutation observer microtask" and "notify
 * mutation observers".
 *
 * The notify set is the observers that had a record queued since the last
 * notification, visited in creation order (as Chromium orders delivery; the
 * standard's set keeps the order in which they first got a record). Each
 * observer's queue is taken whole, its transient registrations are dropped,
 * and its callback runs through fl_invoke_callback(). A callback that changes
 * the tree queues another notify microtask, which runs later in the same
 * checkpoint; an observer later in the current set still gets, in this
 * round, the records queued for it by an earlier callback.
 */
#include "dom/dom_internal.h"

#include <stdlib.h>

/* What the callback trampoline needs: fl_invoke_callback passes one pointer. */
typedef struct delivery {
    fl_mutation_observer *mo;
    fl_mutation_record **records;
    size_t count;
} delivery;

static void invoke(fl_loop *loop, void *arg)
{
    delivery *d = arg;
    d->mo->callback(loop, d->mo, d->records, d->count, d->mo->arg);
}

static void deliver(fl_loop *loop, fl_mutation_observer *mo)
{
    delivery d = {mo, mo->queue, mo->len};
    /* Steps 6.1-6.2: take the queue whole; new records start a new one. */
    mo->queue = NULL;
    mo->len = mo->cap = 0;
    fl__transients_drop(mo, NULL);
    if (d.count > 0)
        fl_invoke_callback(loop, invoke, &d);
    fl_mutation_records_free(d.records, d.count);
}

/* Reclaims observers freed while a notification was walking the list. */
static void sweep(fl_document *doc)
{
    fl_mutation_observer *mo = doc->observers;
    while (mo) {
        fl_mutation_observer *next = mo->next;
        if (mo->freed)
            fl__observer_destroy(mo);
        mo = next;
    }
    doc->has_freed = 0;
}

static void notify_mutation_observers(fl_loop *loop, void *arg)
{
    fl_document *doc = arg;
    doc->microtask_queued = 0;
    /* Steps 2-3: the notify set is a snapshot; the pending set starts over. */
    uint64_t round = ++doc->round;
    for (fl_mutation_observer *mo = doc->observers; mo; mo = mo->next) {
        if (mo->pending) {
            mo->pending = 0;
            mo->round = round;
        }
    }
    /* Observers made by a callback join the tail and are not in this round;
     * freed ones stay linked until the walk is over. */
    doc->notifying++;
    for (fl_mutation_observer *mo = doc->observers; mo; mo = mo->next)
        if (mo->round == round && !mo->freed)
            deliver(loop, mo);
    doc->notifying--;
    if (doc->notifying == 0 && doc->has_freed)
        sweep(doc);
}

int fl__queue_notify(fl_document *doc)
{
    if (doc->microtask_queued)
        return 0;
    int rc = fl_queue_microtask_named(doc->loop, notify_mutation_observers, doc,
                                      "notify mutation observers");
    if (rc == 0)
        doc->microtask_queued = 1;
    return rc;
}
