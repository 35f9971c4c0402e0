/**
 * @file test_dom_wpt_misc.c
 * Ports of the other web-platform-tests dom/nodes/MutationObserver-*.html
 * files: takeRecords, disconnect, document (parser insertions become the
 * appends the parser makes, each script a task) and inner-outer (innerHTML
 * with a text value is textContent's replace all; outerHTML replaces the
 * element in its parent).
 */
#include "test_dom_util.h"

static void take_all_records(fl_mutation_observer *mo, fl_node *n00, mo_capture *taken)
{
    fl_element_set_attribute(n00, "id", "foo");
    fl_element_set_attribute(n00, "id", "bar");
    fl_element_set_attribute(n00, "class", "bar");
    fl_node_set_text_content(n00, "old data");
    fl_text_set_data(fl_node_first_child(n00), "new data");
    cap_take(taken, mo);
}

static fl_mutation_observer *take_records_setup(wpt *w, fl_node **n00, mo_capture *unused)
{
    wpt_begin(w);
    *n00 = add_el(w->section, "p", "n00");
    fl_observe_options master = opts("subtree attributes");
    static const char *const class_only[] = {"class"};
    master.attribute_filter = class_only;
    master.attribute_filter_len = 1;
    observe_with(w->section, &master, &w->cap);
    fl_observe_options o = opts("subtree childList attributes characterData attributeOldValue "
                                "characterDataOldValue");
    static const char *const id_only[] = {"id"};
    o.attribute_filter = id_only;
    o.attribute_filter_len = 1;
    return observe_with(*n00, &o, unused);
}

/* MutationObserver-takeRecords.html: "All records present" */
static void test_wpt_take_records_all_present(void **state)
{
    (void)state;
    wpt w;
    fl_node *n00;
    mo_capture unused = {0}, taken = {0};
    fl_mutation_observer *mo = take_records_setup(&w, &n00, &unused);
    take_all_records(mo, n00, &taken);
    assert_string_equal(taken.text,
                        "attributes bar name=id old=n00; attributes bar name=id old=foo; "
                        "childList bar added=['new data']; "
                        "characterData 'new data' old=old data");
    run_idle(w.loop);
    assert_int_equal(unused.calls, 0); /* "unreachabled test": the callback never fires */
    test_loop_free_drained(w.loop);
}

/* MutationObserver-takeRecords.html: "No more records present" */
static void test_wpt_take_records_no_more(void **state)
{
    (void)state;
    wpt w;
    fl_node *n00;
    mo_capture unused = {0}, taken = {0}, again = {0};
    fl_mutation_observer *mo = take_records_setup(&w, &n00, &unused);
    take_all_records(mo, n00, &taken);
    cap_take(&again, mo);
    assert_int_equal(again.records, 0);
    assert_string_equal(again.text, "");
    run_idle(w.loop);
    assert_int_equal(unused.calls, 0);
    test_loop_free_drained(w.loop);
}

/* MutationObserver-takeRecords.html: "subtree mutations" (masterMO, filtered to class, sees
 * the one class change) */
static void test_wpt_take_records_subtree_master(void **state)
{
    (void)state;
    wpt w;
    fl_node *n00;
    mo_capture unused = {0}, taken = {0};
    fl_mutation_observer *mo = take_records_setup(&w, &n00, &unused);
    take_all_records(mo, n00, &taken);
    wpt_end(&w, "attributes bar name=class");
}

/* MutationObserver-disconnect.html: "disconnect discarded some mutations" and "subtree
 * mutations" (masterMO sees all four) */
static void test_wpt_disconnect_discards_mutations(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n00 = add_el(w.section, "p", "n00");
    mo_capture master = {0};
    fl_observe_options mo_all = opts("subtree attributes");
    observe_with(w.section, &mo_all, &master);
    fl_mutation_observer *observer = wpt_observe(&w, n00, "attributes");
    fl_element_set_attribute(n00, "id", "foo");
    fl_element_set_attribute(n00, "id", "bar");
    fl_mutation_observer_disconnect(observer);
    fl_observe_options o = opts("attributes attributeOldValue");
    assert_int_equal(fl_mutation_observer_observe(observer, n00, &o), 0);
    fl_element_set_attribute(n00, "id", "latest");
    fl_mutation_observer_disconnect(observer);
    assert_int_equal(fl_mutation_observer_observe(observer, n00, &o), 0);
    fl_element_set_attribute(n00, "id", "n0000");
    run_idle(w.loop);
    assert_int_equal(master.records, 4);
    wpt_end(&w, "attributes n0000 name=id old=latest");
}

typedef struct parse_ctx {
    fl_node *body;
    fl_node *d01;
    fl_mutation_observer *observer;
} parse_ctx;

/* MutationObserver-document.html: "parser insertion mutations" */
static void test_wpt_document_parser_insertion(void **state)
{
    (void)state;
    wpt w;
    memset(&w, 0, sizeof(w));
    w.loop = test_loop_new(FL_POLICY_FIFO);
    w.doc = fl_document_of(w.loop);
    fl_node *body = fl_document_body(w.doc);
    add_el(body, "script", "s001");
    /* Script s001 observes the document; the parser goes on with the page. */
    wpt_observe(&w, fl_document_node(w.doc), "subtree childList");
    add_el(body, "p", "n00");
    fl_node *s002 = add_el(body, "script", "s002");
    add_text(s002, "document_observer.disconnect();");
    wpt_end(&w, "childList body added=[n00] prev=s001; childList body added=[s002] prev=n00; "
                "childList s002 added=['document_observer.disconnect();']");
}

/* Script s011: observes the document and removes its own parent, d01. */
static void script_s011(fl_loop *loop, void *arg)
{
    (void)loop;
    parse_ctx *p = arg;
    fl_observe_options o = opts("subtree childList");
    assert_int_equal(
        fl_mutation_observer_observe(p->observer, fl_document_node(fl_node_document(p->body)), &o),
        0);
    assert_int_equal(fl_node_remove_child(fl_node_parent(p->d01), p->d01), 0);
}

/* The parser goes on: into the removed d01 (no longer observed once the
 * records were delivered), then script s012 into the body. */
static void parser_continues(fl_loop *loop, void *arg)
{
    (void)loop;
    parse_ctx *p = arg;
    add_el(p->d01, "p", "n01");
    fl_node *s012 = add_el(p->body, "script", "s012");
    add_text(s012, "document2_observer.disconnect();");
}

/* MutationObserver-document.html: "removal of parent during parsing" */
static void test_wpt_document_removal_of_parent_during_parsing(void **state)
{
    (void)state;
    wpt w;
    memset(&w, 0, sizeof(w));
    w.loop = test_loop_new(FL_POLICY_FIFO);
    w.doc = fl_document_of(w.loop);
    parse_ctx p = {fl_document_body(w.doc), NULL, NULL};
    add_el(p.body, "p", "n012");
    p.d01 = add_el(p.body, "div", "d01");
    add_el(p.d01, "script", "s011");
    p.observer = fl_mutation_observer_new(w.loop, cap_callback, &w.cap);
    fl_post_task(w.loop, FL_SOURCE_DOM_MANIPULATION, script_s011, &p, "s011");
    fl_post_task(w.loop, FL_SOURCE_DOM_MANIPULATION, parser_continues, &p, "parser");
    wpt_end(&w, "childList body removed=[d01] prev=n012 | "
                "childList body added=[s012] prev=n012; "
                "childList s012 added=['document2_observer.disconnect();']");
}

/* MutationObserver-inner-outer.html: "innerHTML mutation" */
static void test_wpt_inner_outer_inner_html(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n00 = add_el(w.section, "p", "n00");
    add_text(n00, "old text");
    wpt_observe(&w, n00, "childList attributes");
    fl_node_set_text_content(n00, "new text");
    fl_element_set_attribute(n00, "class", "c01");
    wpt_end(&w, "childList n00 added=['new text'] removed=['old text']; "
                "attributes n00 name=class");
}

/* MutationObserver-inner-outer.html: "outerHTML mutation" */
static void test_wpt_inner_outer_outer_html(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n02 = add_el(w.section, "div", "n02");
    add_text(add_el(n02, "p", "old"), "old text");
    wpt_observe(&w, n02, "childList");
    fl_node *next = make_el(w.doc, "p", "next");
    add_text(next, "next text");
    fl_node_replace_child(n02, next, fl_node_first_child(n02));
    wpt_end(&w, "childList n02 added=[next] removed=[old]");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wpt_take_records_all_present),
        cmocka_unit_test(test_wpt_take_records_no_more),
        cmocka_unit_test(test_wpt_take_records_subtree_master),
        cmocka_unit_test(test_wpt_disconnect_discards_mutations),
        cmocka_unit_test(test_wpt_document_parser_insertion),
        cmocka_unit_test(test_wpt_document_removal_of_parent_during_parsing),
        cmocka_unit_test(test_wpt_inner_outer_inner_html),
        cmocka_unit_test(test_wpt_inner_outer_outer_html),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
