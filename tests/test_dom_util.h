/**
 * @file test_dom_util.h
 * Helpers shared by the DOM and MutationObserver tests: node construction,
 * and an observer callback that writes every record it gets as one line of
 * text, so a test asserts a whole delivery at once, e.g.
 * `assert_string_equal(cap.text, "attributes n00 name=id old=n00")`.
 *
 * Nodes print as their id attribute when they have a non-empty one, text nodes as their
 * data in quotes, other elements as their tag. A record prints its type and
 * target, then only the members that are not empty or null: added=[...],
 * removed=[...], prev=, next=, name=, old=. Records of one callback are
 * joined by "; ", callbacks by " | " (the WPT checkRecords fields, in order).
 */
#ifndef FL_TEST_DOM_UTIL_H
#define FL_TEST_DOM_UTIL_H

#include "test_util.h"

#include "frameloop/dom.h"

typedef struct mo_capture {
    int calls;
    size_t records;
    char text[16384];
    size_t len;
} mo_capture;

static inline void cap_add(mo_capture *cap, const char *fmt, ...) FL_PRINTF_LIKE(2, 3);
static inline void cap_add(mo_capture *cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cap->text + cap->len, sizeof(cap->text) - cap->len, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof(cap->text) - cap->len);
    cap->len += (size_t)n;
}

static inline void cap_node(mo_capture *cap, const fl_node *node)
{
    const char *id = fl_element_get_attribute(node, "id");
    if (!node)
        cap_add(cap, "null");
    else if (id && *id)
        cap_add(cap, "%s", id);
    else if (fl_node_type_of(node) == FL_NODE_TEXT)
        cap_add(cap, "'%s'", fl_text_data(node));
    else
        cap_add(cap, "%s", fl_node_name(node));
}

static inline void cap_nodes(mo_capture *cap, const char *what, fl_node *const *v, size_t n)
{
    if (n == 0)
        return;
    cap_add(cap, " %s=[", what);
    for (size_t i = 0; i < n; i++) {
        if (i)
            cap_add(cap, ",");
        cap_node(cap, v[i]);
    }
    cap_add(cap, "]");
}

static inline void cap_record(mo_capture *cap, const fl_mutation_record *r)
{
    size_t n;
    cap_add(cap, "%s ", fl_mutation_type_name(fl_mutation_record_type(r)));
    cap_node(cap, fl_mutation_record_target(r));
    fl_node *const *added = fl_mutation_record_added_nodes(r, &n);
    cap_nodes(cap, "added", added, n);
    fl_node *const *removed = fl_mutation_record_removed_nodes(r, &n);
    cap_nodes(cap, "removed", removed, n);
    if (fl_mutation_record_previous_sibling(r)) {
        cap_add(cap, " prev=");
        cap_node(cap, fl_mutation_record_previous_sibling(r));
    }
    if (fl_mutation_record_next_sibling(r)) {
        cap_add(cap, " next=");
        cap_node(cap, fl_mutation_record_next_sibling(r));
    }
    if (fl_mutation_record_attribute_name(r))
        cap_add(cap, " name=%s", fl_mutation_record_attribute_name(r));
    if (fl_mutation_record_old_value(r))
        cap_add(cap, " old=%s", fl_mutation_record_old_value(r));
}

/* Appends a batch of records (a callback's, or takeRecords') as one group. */
static inline void cap_batch(mo_capture *cap, fl_mutation_record *const *records, size_t count)
{
    if (cap->calls++ > 0)
        cap_add(cap, " | ");
    for (size_t i = 0; i < count; i++) {
        if (i)
            cap_add(cap, "; ");
        cap_record(cap, records[i]);
    }
    cap->records += count;
}

/* An observer callback whose arg is a mo_capture. */
static inline void cap_callback(fl_loop *loop, fl_mutation_observer *mo,
                                fl_mutation_record *const *records, size_t count, void *arg)
{
    (void)loop;
    (void)mo;
    assert_true(count > 0);
    cap_batch(arg, records, count);
}

/* takeRecords into a capture (a group even when empty), freeing them. */
static inline void cap_take(mo_capture *cap, fl_mutation_observer *mo)
{
    size_t n;
    fl_mutation_record **records = fl_mutation_observer_take_records(mo, &n);
    cap_batch(cap, records, n);
    fl_mutation_records_free(records, n);
}

/* An element with an id attribute (NULL: none). */
static inline fl_node *make_el(fl_document *doc, const char *tag, const char *id)
{
    fl_node *el = fl_document_create_element(doc, tag);
    assert_non_null(el);
    if (id)
        assert_int_equal(fl_element_set_attribute(el, "id", id), 0);
    return el;
}

/* An element appended to `parent`, with an id attribute (NULL: none). */
static inline fl_node *add_el(fl_node *parent, const char *tag, const char *id)
{
    fl_node *el = make_el(fl_node_document(parent), tag, id);
    assert_int_equal(fl_node_append_child(parent, el), 0);
    return el;
}

/* A text node appended to `parent`. */
static inline fl_node *add_text(fl_node *parent, const char *data)
{
    fl_node *t = fl_document_create_text(fl_node_document(parent), data);
    assert_non_null(t);
    assert_int_equal(fl_node_append_child(parent, t), 0);
    return t;
}

/*
 * A MutationObserverInit written as the WPT files write their dictionaries:
 * opts("attributes attributeOldValue") sets those members to true, a leading
 * '-' ("-childList") sets one to false, members not named stay absent.
 */
static inline fl_observe_options opts(const char *spec)
{
    static const char *const names[] = {"childList", "attributes",        "characterData",
                                        "subtree",   "attributeOldValue", "characterDataOldValue"};
    fl_observe_options o;
    fl_observe_options_init(&o);
    int *fields[] = {&o.child_list, &o.attributes,          &o.character_data,
                     &o.subtree,    &o.attribute_old_value, &o.character_data_old_value};
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", spec);
    for (char *save = NULL, *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        int value = *w != '-';
        const char *name = value ? w : w + 1;
        size_t i = 0;
        while (i < 6 && strcmp(names[i], name) != 0)
            i++;
        assert_true(i < 6);
        *fields[i] = value;
    }
    return o;
}

/* A capturing observer on `target`. */
static inline fl_mutation_observer *observe_with(fl_node *target, const fl_observe_options *o,
                                                 mo_capture *cap)
{
    fl_loop *loop = fl_document_loop(fl_node_document(target));
    fl_mutation_observer *mo = fl_mutation_observer_new(loop, cap_callback, cap);
    assert_non_null(mo);
    assert_int_equal(fl_mutation_observer_observe(mo, target, o), 0);
    return mo;
}

/*
 * The web-platform-tests ports: a fresh loop whose body holds
 * `<section style="display: none">`, as the WPT files do, and a capture for
 * the observer under test (runMutationTest's callback).
 */
typedef struct wpt {
    fl_loop *loop;
    fl_document *doc;
    fl_node *section;
    mo_capture cap;
} wpt;

static inline void wpt_begin(wpt *w)
{
    memset(w, 0, sizeof(*w));
    w->loop = test_loop_new(FL_POLICY_FIFO);
    w->doc = fl_document_of(w->loop);
    w->section = add_el(fl_document_body(w->doc), "section", NULL);
    assert_int_equal(fl_element_set_attribute(w->section, "style", "display: none"), 0);
}

/* new MutationObserver(capture).observe(target, opts(options)). */
static inline fl_mutation_observer *wpt_observe(wpt *w, fl_node *target, const char *options)
{
    fl_observe_options o = opts(options);
    return observe_with(target, &o, &w->cap);
}

/* Runs the loop (the callbacks come at its first checkpoint), checks what the
 * observer got (checkRecords), and frees the loop. */
static inline void wpt_end(wpt *w, const char *expected)
{
    run_idle(w->loop);
    assert_string_equal(w->cap.text, expected);
    test_loop_free_drained(w->loop);
}

#endif /* FL_TEST_DOM_UTIL_H */
