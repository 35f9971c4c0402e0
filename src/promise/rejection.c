/*
 * Unhandled rejections, as the HTML spec tracks them (§8.1.4.7).
 *
 * HostPromiseRejectionTracker lists a promise rejected without a handler in
 * the realm's "about-to-be-notified rejected promises"; attaching a handler
 * before the checkpoint ends takes it off again. At the end of each
 * checkpoint, "notify about rejected promises" queues one task on the DOM
 * manipulation source that fires unhandledrejection for each promise still
 * unhandled (by default logging `Uncaught (in promise) <reason>`) and puts it
 * in the outstanding set; a handler attached later queues a rejectionhandled
 * task.
 */
#include "promise/promise_internal.h"

#include <stdlib.h>

void fl__track_rejection(fl_promise *p)
{
    fl__realm *realm = fl__promise_realm(p);
    if (p->about_to_notify || fl__list_push(&realm->about_to_notify, p) != 0)
        return;
    fl__promise_ref(p);
    p->about_to_notify = 1;
}

static void report(fl_loop *loop, fl_promise *p, int handled_later)
{
    fl__realm *realm = fl__realm_of(loop);
    /* Without a callback both events are logged; with one, only an
     * unhandledrejection it did not cancel is (a console shows no
     * rejectionhandled line either). */
    int quiet = handled_later;
    if (realm->on_rejection)
        quiet = realm->on_rejection(loop, p, p->result, handled_later, realm->on_rejection_arg) ||
                handled_later;
    else
        quiet = 0;
    if (!quiet)
        fl_log_value(loop, handled_later ? "rejectionhandled" : "Uncaught (in promise)", p->result);
}

static void fire_rejection_handled(fl_loop *loop, void *arg)
{
    fl_promise *p = arg;
    report(loop, p, 1);
    fl__promise_unref(p);
}

static void drop_promise(void *arg)
{
    fl__promise_unref(arg);
}

void fl__track_handled(fl_promise *p)
{
    if (p->about_to_notify) {
        /* Still in the list: the notify step will skip it. */
        p->about_to_notify = 0;
        return;
    }
    if (!p->outstanding)
        return;
    p->outstanding = 0;
    fl__promise_ref(p);
    if (fl_post_task_ex(fl__promise_realm(p)->loop, FL_SOURCE_DOM_MANIPULATION,
                        fire_rejection_handled, p, "rejectionhandled", drop_promise) < 0)
        fl__promise_unref(p);
}

static void fire_unhandled(fl_loop *loop, void *arg)
{
    fl__promise_list *list = arg;
    for (size_t i = 0; i < list->len; i++) {
        fl_promise *p = list->v[i];
        if (!p->is_handled) {
            report(loop, p, 0);
            if (!p->is_handled)
                p->outstanding = 1;
        }
        fl__promise_unref(p);
    }
    free(list->v);
    free(list);
}

static void drop_list(void *arg)
{
    fl__promise_list *list = arg;
    for (size_t i = 0; i < list->len; i++)
        fl__promise_unref(list->v[i]);
    free(list->v);
    free(list);
}

void fl__notify_rejected(fl_loop *loop, void *arg)
{
    fl__realm *realm = arg;
    if (realm->about_to_notify.len == 0)
        return;
    fl__promise_list *list = calloc(1, sizeof(*list));
    fl__promise_list *pending = &realm->about_to_notify;
    for (size_t i = 0; i < pending->len; i++) {
        fl_promise *p = pending->v[i];
        int keep = p->about_to_notify && list && fl__list_push(list, p) == 0;
        p->about_to_notify = 0;
        if (!keep)
            fl__promise_unref(p);
    }
    pending->len = 0;
    if (!list)
        return;
    if (list->len == 0 || fl_post_task_ex(loop, FL_SOURCE_DOM_MANIPULATION, fire_unhandled, list,
                                          "unhandledrejection", drop_list) < 0)
        drop_list(list);
}
