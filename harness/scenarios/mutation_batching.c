/*
 * A hundred attribute changes in one task reach the observer as one callback
 * with a hundred records. The callback runs in the "notify mutation
 * observers" microtask, queued by the first change: after the promise jobs
 * the task queued before that change, before those it queued after, and
 * before the next task.
 *
 *   const box = document.body.appendChild(document.createElement('div'));
 *   new MutationObserver(records => {
 *       console.log(`observer: ${records.length} records`);
 *       Promise.resolve().then(() => console.log('then queued by the callback'));
 *   }).observe(box, {attributes: true, attributeOldValue: true});
 *   setTimeout(() => console.log('next task'), 0);
 *   Promise.resolve().then(() => console.log('then queued before the first change'));
 *   for (let i = 0; i < 100; i++) box.setAttribute('data-step', i);
 *   Promise.resolve().then(() => console.log('then queued after the last change'));
 */
#include <stdio.h>

#include "frameloop/dom.h"
#include "frameloop/harness.h"
#include "frameloop/promise.h"

#define CHANGES 100

static int callbacks;

static fl_value *log_then(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    fl_log(loop, "%s", (const char *)arg);
    return NULL;
}

static void log_record(fl_loop *loop, const char *which, const fl_mutation_record *r)
{
    const char *old = fl_mutation_record_old_value(r);
    fl_log(loop, "  %s: %s %s old=%s", which, fl_mutation_type_name(fl_mutation_record_type(r)),
           fl_mutation_record_attribute_name(r), old ? old : "null");
}

static void on_mutations(fl_loop *loop, fl_mutation_observer *observer,
                         fl_mutation_record *const *records, size_t count, void *arg)
{
    (void)observer;
    (void)arg;
    callbacks++;
    fl_log(loop, "observer callback %d: %zu records", callbacks, count);
    log_record(loop, "first", records[0]);
    log_record(loop, "last", records[count - 1]);
    fl_promise_then(fl_promise_resolved(loop, NULL), log_then, NULL, "then queued by the callback");
}

static void next_task(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "next task: %d callback so far", callbacks);
}

FL_SCENARIO(mutation_batching, "100 setAttribute calls in one task: one callback, 100 records")
{
    callbacks = 0;
    fl_document *doc = fl_document_of(loop);
    fl_node *box = fl_document_create_element(doc, "div");
    fl_node_append_child(fl_document_body(doc), box);
    fl_mutation_observer *observer = fl_mutation_observer_new(loop, on_mutations, NULL);
    fl_observe_options opt;
    fl_observe_options_init(&opt);
    opt.attributes = 1;
    opt.attribute_old_value = 1;
    fl_mutation_observer_observe(observer, box, &opt);

    fl_set_timeout(loop, next_task, NULL, 0);
    fl_promise_then(fl_promise_resolved(loop, NULL), log_then, NULL,
                    "then queued before the first change");
    char step[16];
    for (int i = 0; i < CHANGES; i++) {
        snprintf(step, sizeof(step), "%d", i);
        fl_element_set_attribute(box, "data-step", step);
    }
    fl_promise_then(fl_promise_resolved(loop, NULL), log_then, NULL,
                    "then queued after the last change");
    fl_log(loop, "script: %d setAttribute calls made", CHANGES);
}
