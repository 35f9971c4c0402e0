/*
 * Observers and their order. Notification visits observers in creation
 * order: B's first record is queued before A's, yet A, created first, is
 * called first (Chromium and Firefox order delivery by creation; the
 * standard's pending set would call B first). A callback's own mutations are
 * delivered in the same checkpoint: to an observer later in the round at
 * once, to one already called in a second round, which the notify microtask
 * it queued runs ahead of the promise job the callback queued after them.
 * takeRecords empties C's queue and disconnect drops what came after, so C's
 * callback never runs.
 *
 *   const list = document.body.appendChild(document.createElement('ul'));
 *   const a = list.appendChild(li('a')), b = list.appendChild(li('b'));
 *   const A = new MutationObserver(cbA);  // logs, and on its first call:
 *       // b.className = 'z'; list.appendChild(li('c')); Promise.resolve().then(...)
 *   A.observe(list, {childList: true, subtree: true, attributes: true});
 *   const B = new MutationObserver(cbB);
 *   B.observe(b, {attributes: true, attributeOldValue: true});
 *   const C = new MutationObserver(cbC);  // never called
 *   C.observe(a, {attributes: true});
 *   setTimeout(() => console.log('next task'), 0);
 *   b.className = 'x';  a.className = 'y';
 *   console.log(C.takeRecords());  a.title = 't';  C.disconnect();
 *   Promise.resolve().then(() => console.log('then queued by the script'));
 */
#include <stdio.h>

#include "frameloop/dom.h"
#include "frameloop/harness.h"
#include "frameloop/promise.h"

typedef struct page {
    fl_node *list, *b;
    int a_calls;
} page;

static page the_page;

static fl_value *log_then(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    fl_log(loop, "%s", (const char *)arg);
    return NULL;
}

/* "li#b", "ul#list", "null". */
static const char *label(const fl_node *node, char *buf, size_t size)
{
    const char *id = fl_element_get_attribute(node, "id");
    snprintf(buf, size, "%s%s%s", node ? fl_node_name(node) : "null", id ? "#" : "", id ? id : "");
    return buf;
}

/* One record as `type target [added=.. prev=..] [name old=..]`. */
static void log_record(fl_loop *loop, const fl_mutation_record *r)
{
    char target[32], added[32], prev[32], line[160];
    size_t n;
    fl_node *const *nodes = fl_mutation_record_added_nodes(r, &n);
    const char *name = fl_mutation_record_attribute_name(r);
    const char *old = fl_mutation_record_old_value(r);
    int len =
        snprintf(line, sizeof(line), "  %s %s", fl_mutation_type_name(fl_mutation_record_type(r)),
                 label(fl_mutation_record_target(r), target, sizeof(target)));
    if (n > 0 && len > 0 && (size_t)len < sizeof(line))
        len += snprintf(line + len, sizeof(line) - (size_t)len, " added=[%s] prev=%s",
                        label(nodes[0], added, sizeof(added)),
                        label(fl_mutation_record_previous_sibling(r), prev, sizeof(prev)));
    if (name && len > 0 && (size_t)len < sizeof(line))
        snprintf(line + len, sizeof(line) - (size_t)len, " %s old=%s", name, old ? old : "null");
    fl_log(loop, "%s", line);
}

static void log_batch(fl_loop *loop, const char *who, fl_mutation_record *const *records,
                      size_t count)
{
    fl_log(loop, "%s: %zu record%s", who, count, count == 1 ? "" : "s");
    for (size_t i = 0; i < count; i++)
        log_record(loop, records[i]);
}

static fl_node *li(fl_document *doc, const char *id)
{
    fl_node *el = fl_document_create_element(doc, "li");
    fl_element_set_attribute(el, "id", id);
    return el;
}

static void callback_a(fl_loop *loop, fl_mutation_observer *observer,
                       fl_mutation_record *const *records, size_t count, void *arg)
{
    (void)observer;
    page *p = arg;
    log_batch(loop, "A", records, count);
    if (p->a_calls++ > 0)
        return;
    fl_log(loop, "A's first callback: b.className = 'z', appends li#c, queues a then");
    fl_element_set_attribute(p->b, "class", "z");
    fl_node_append_child(p->list, li(fl_node_document(p->list), "c"));
    fl_promise_then(fl_promise_resolved(loop, NULL), log_then, NULL,
                    "then queued by A's first callback");
}

static void callback_b(fl_loop *loop, fl_mutation_observer *observer,
                       fl_mutation_record *const *records, size_t count, void *arg)
{
    (void)observer;
    (void)arg;
    log_batch(loop, "B", records, count);
}

static void callback_c(fl_loop *loop, fl_mutation_observer *observer,
                       fl_mutation_record *const *records, size_t count, void *arg)
{
    (void)observer;
    (void)arg;
    log_batch(loop, "C (never called)", records, count);
}

static void next_task(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "next task");
}

static fl_mutation_observer *observer(fl_loop *loop, fl_mutation_callback cb, fl_node *target,
                                      int child_list, int subtree, int old_value)
{
    fl_mutation_observer *mo = fl_mutation_observer_new(loop, cb, &the_page);
    fl_observe_options opt;
    fl_observe_options_init(&opt);
    opt.attributes = 1;
    opt.child_list = child_list;
    opt.subtree = subtree;
    opt.attribute_old_value = old_value;
    fl_mutation_observer_observe(mo, target, &opt);
    return mo;
}

FL_SCENARIO(mutation_order, "2 observers in order, nested mutations, takeRecords, disconnect")
{
    fl_document *doc = fl_document_of(loop);
    page *p = &the_page;
    *p = (page){0};
    p->list = fl_document_create_element(doc, "ul");
    fl_element_set_attribute(p->list, "id", "list");
    fl_node_append_child(fl_document_body(doc), p->list);
    fl_node *a = li(doc, "a");
    fl_node_append_child(p->list, a);
    p->b = li(doc, "b");
    fl_node_append_child(p->list, p->b);

    observer(loop, callback_a, p->list, 1, 1, FL_OPTION_UNSET);
    observer(loop, callback_b, p->b, 0, 0, 1);
    fl_mutation_observer *c = observer(loop, callback_c, a, 0, 0, FL_OPTION_UNSET);
    fl_set_timeout(loop, next_task, NULL, 0);

    fl_element_set_attribute(p->b, "class", "x");
    fl_element_set_attribute(a, "class", "y");
    size_t n;
    fl_mutation_record **taken = fl_mutation_observer_take_records(c, &n);
    log_batch(loop, "C.takeRecords()", taken, n);
    fl_mutation_records_free(taken, n);
    fl_element_set_attribute(a, "title", "t");
    fl_mutation_observer_disconnect(c);
    fl_log(loop, "C.disconnect(): the title record queued for C is dropped");
    fl_promise_then(fl_promise_resolved(loop, NULL), log_then, NULL, "then queued by the script");
    fl_log(loop, "script end");
}
