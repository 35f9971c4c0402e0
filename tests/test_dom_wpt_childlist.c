/**
 * @file test_dom_wpt_childlist.c
 * Ports of web-platform-tests dom/nodes/MutationObserver-childList.html.
 * `textContent = s` is fl_node_set_text_content(). Spans the HTML file
 * leaves without an id get one here when a case must tell them apart (the
 * records print nodes by id). The cases on nodeValue, normalize(),
 * DocumentFragments and Ranges have no C counterpart and are left out.
 */
#include "test_dom_util.h"

typedef struct fixture {
    wpt w;
    fl_node *dummies; /* <p id='dummies'> in a section of its own */
} fixture;

static void begin(fixture *f)
{
    wpt_begin(&f->w);
    fl_node *first = make_el(f->w.doc, "section", NULL);
    assert_int_equal(fl_node_insert_before(fl_node_parent(f->w.section), first, f->w.section), 0);
    f->dummies = add_el(first, "p", "dummies");
}

/* `<p id=id><span>text content</span></p>` in the observed section. */
static fl_node *p_span(fixture *f, const char *id)
{
    fl_node *p = add_el(f->w.section, "p", id);
    add_text(add_el(p, "span", NULL), "text content");
    return p;
}

/* MutationObserver-childList.html: "childList Node.textContent: replace content mutation" */
static void test_wpt_childlist_text_content_replace(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *n10 = p_span(&f, "n10");
    wpt_observe(&f.w, n10, "childList");
    fl_node_set_text_content(n10, "new data");
    wpt_end(&f.w, "childList n10 added=['new data'] removed=[span]");
}

/* MutationObserver-childList.html: "childList Node.textContent: no previous content mutation" */
static void test_wpt_childlist_text_content_no_previous(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *n11 = add_el(f.w.section, "p", "n11");
    wpt_observe(&f.w, n11, "childList");
    fl_node_set_text_content(n11, "new data");
    wpt_end(&f.w, "childList n11 added=['new data']");
}

/* MutationObserver-childList.html: "childList Node.textContent: textContent no mutation" */
static void test_wpt_childlist_text_content_no_mutation(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *n12 = add_el(f.w.section, "p", "n12");
    wpt_observe(&f.w, n12, "childList attributes");
    fl_node_set_text_content(n12, "");
    fl_element_set_attribute(n12, "class", "dummy");
    wpt_end(&f.w, "attributes n12 name=class");
}

/* MutationObserver-childList.html: "childList Node.textContent: empty string mutation" */
static void test_wpt_childlist_text_content_empty(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *n13 = p_span(&f, "n13");
    wpt_observe(&f.w, n13, "childList");
    fl_node_set_text_content(n13, "");
    wpt_end(&f.w, "childList n13 removed=[span]");
}

/* MutationObserver-childList.html: "childList Node.insertBefore: addition mutation" */
static void test_wpt_childlist_insert_before_addition(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *d30 = add_el(f.dummies, "span", "d30");
    fl_node *n30 = p_span(&f, "n30");
    wpt_observe(&f.w, n30, "childList");
    fl_node_insert_before(n30, d30, fl_node_first_child(n30));
    wpt_end(&f.w, "childList n30 added=[d30] next=span");
}

/* MutationObserver-childList.html: "childList Node.insertBefore: removal mutation" */
static void test_wpt_childlist_insert_before_removal(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *n31 = p_span(&f, "n31");
    wpt_observe(&f.w, n31, "childList");
    fl_node_insert_before(f.dummies, fl_node_first_child(n31), fl_node_first_child(f.dummies));
    wpt_end(&f.w, "childList n31 removed=[span]");
}

/* MutationObserver-childList.html: "childList Node.insertBefore: removal and addition
 * mutations" */
static void test_wpt_childlist_insert_before_move(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *n32 = add_el(f.w.section, "p", "n32");
    fl_node *an = add_el(n32, "span", "an");
    fl_node *ch = add_el(n32, "span", "ch");
    add_el(n32, "span", "ged");
    wpt_observe(&f.w, n32, "childList");
    fl_node_insert_before(n32, ch, an);
    wpt_end(&f.w, "childList n32 removed=[ch] prev=an next=ged; childList n32 added=[ch] next=an");
}

/* MutationObserver-childList.html: "childList Node.insertBefore: last child addition
 * mutation" */
static void test_wpt_childlist_insert_before_null(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *d35 = add_el(f.dummies, "span", "d35");
    fl_node *n35 = p_span(&f, "n35");
    wpt_observe(&f.w, n35, "childList");
    fl_node_insert_before(n35, d35, NULL);
    wpt_end(&f.w, "childList n35 added=[d35] prev=span");
}

/* MutationObserver-childList.html: "childList Node.appendChild: addition mutation" */
static void test_wpt_childlist_append_addition(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *d40 = add_el(f.dummies, "span", "d40");
    fl_node *n40 = p_span(&f, "n40");
    wpt_observe(&f.w, n40, "childList");
    fl_node_append_child(n40, d40);
    wpt_end(&f.w, "childList n40 added=[d40] prev=span");
}

/* MutationObserver-childList.html: "childList Node.appendChild: removal mutation" */
static void test_wpt_childlist_append_removal(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *n41 = p_span(&f, "n41");
    wpt_observe(&f.w, n41, "childList");
    fl_node_append_child(f.dummies, fl_node_first_child(n41));
    wpt_end(&f.w, "childList n41 removed=[span]");
}

/* MutationObserver-childList.html: "childList Node.appendChild: removal and addition
 * mutations" */
static void test_wpt_childlist_append_move(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *n42 = add_el(f.w.section, "p", "n42");
    add_el(n42, "span", "ch");
    fl_node *ged = add_el(n42, "span", "ged");
    add_el(n42, "span", "an");
    wpt_observe(&f.w, n42, "childList");
    fl_node_append_child(n42, ged);
    wpt_end(&f.w, "childList n42 removed=[ged] prev=ch next=an; childList n42 added=[ged] prev=an");
}

/* MutationObserver-childList.html: "childList Node.appendChild: addition outside document tree
 * mutation" */
static void test_wpt_childlist_append_outside_document(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *n45 = fl_document_create_element(f.w.doc, "p");
    fl_node *d45 = fl_document_create_element(f.w.doc, "span");
    wpt_observe(&f.w, n45, "childList");
    fl_node_append_child(n45, d45);
    wpt_end(&f.w, "childList p added=[span]");
}

/* MutationObserver-childList.html: "childList Node.replaceChild: replacement mutation" */
static void test_wpt_childlist_replace_child(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *d50 = add_el(f.dummies, "span", "d50");
    fl_node *n50 = p_span(&f, "n50");
    wpt_observe(&f.w, n50, "childList");
    fl_node_replace_child(n50, d50, fl_node_first_child(n50));
    wpt_end(&f.w, "childList n50 added=[d50] removed=[span]");
}

/* MutationObserver-childList.html: "childList Node.replaceChild: removal mutation" */
static void test_wpt_childlist_replace_child_removal(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *d51 = add_el(f.dummies, "span", "d51");
    fl_node *n51 = p_span(&f, "n51");
    wpt_observe(&f.w, n51, "childList");
    fl_node_replace_child(fl_node_parent(d51), fl_node_first_child(n51), d51);
    wpt_end(&f.w, "childList n51 removed=[span]");
}

/* MutationObserver-childList.html: "childList Node.replaceChild: internal replacement
 * mutation" */
static void test_wpt_childlist_replace_child_internal(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *n52 = add_el(f.w.section, "p", "n52");
    fl_node *no = add_el(n52, "span", "no");
    fl_node *changed = add_el(n52, "span", "changed");
    wpt_observe(&f.w, n52, "childList");
    fl_node_replace_child(n52, changed, no);
    wpt_end(&f.w, "childList n52 removed=[changed] prev=no; "
                  "childList n52 added=[changed] removed=[no]");
}

/* MutationObserver-childList.html: "childList Node.removeChild: removal mutation" */
static void test_wpt_childlist_remove_child(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *n60 = p_span(&f, "n60");
    wpt_observe(&f.w, n60, "childList");
    fl_node_remove_child(n60, fl_node_first_child(n60));
    wpt_end(&f.w, "childList n60 removed=[span]");
}

/* MutationObserver-childList.html: "subtree mutations" (masterMO on the section, subtree and
 * childList, sees every childList record of the cases, and no attribute ones) */
static void test_wpt_childlist_subtree_master(void **state)
{
    (void)state;
    fixture f;
    begin(&f);
    fl_node *n10 = p_span(&f, "n10");
    fl_node *n12 = add_el(f.w.section, "p", "n12");
    fl_node *n32 = add_el(f.w.section, "p", "n32");
    fl_node *an = add_el(n32, "span", "an");
    fl_node *ch = add_el(n32, "span", "ch");
    fl_node *d40 = add_el(f.dummies, "span", "d40");
    wpt_observe(&f.w, f.w.section, "subtree childList");
    fl_node_set_text_content(n10, "new data");           /* 1 */
    fl_node_set_text_content(n12, "");                   /* none */
    fl_element_set_attribute(n12, "class", "dummy");     /* none */
    fl_node_insert_before(n32, ch, an);                  /* 2 */
    fl_node_append_child(n10, d40);                      /* 1 (dummies is not observed) */
    fl_node_remove_child(n10, fl_node_first_child(n10)); /* 1 */
    run_idle(f.w.loop);
    assert_int_equal(f.w.cap.calls, 1);
    assert_int_equal(f.w.cap.records, 5);
    test_loop_free_drained(f.w.loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wpt_childlist_text_content_replace),
        cmocka_unit_test(test_wpt_childlist_text_content_no_previous),
        cmocka_unit_test(test_wpt_childlist_text_content_no_mutation),
        cmocka_unit_test(test_wpt_childlist_text_content_empty),
        cmocka_unit_test(test_wpt_childlist_insert_before_addition),
        cmocka_unit_test(test_wpt_childlist_insert_before_removal),
        cmocka_unit_test(test_wpt_childlist_insert_before_move),
        cmocka_unit_test(test_wpt_childlist_insert_before_null),
        cmocka_unit_test(test_wpt_childlist_append_addition),
        cmocka_unit_test(test_wpt_childlist_append_removal),
        cmocka_unit_test(test_wpt_childlist_append_move),
        cmocka_unit_test(test_wpt_childlist_append_outside_document),
        cmocka_unit_test(test_wpt_childlist_replace_child),
        cmocka_unit_test(test_wpt_childlist_replace_child_removal),
        cmocka_unit_test(test_wpt_childlist_replace_child_internal),
        cmocka_unit_test(test_wpt_childlist_remove_child),
        cmocka_unit_test(test_wpt_childlist_subtree_master),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
