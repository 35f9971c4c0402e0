/**
 * @file test_dom_wpt_attributes.c
 * Ports of web-platform-tests dom/nodes/MutationObserver-attributes.html:
 * each case builds the elements the HTML file declares, observes with the
 * same options, makes the same change and checks the same records. JS
 * property setters become the attribute change they reflect (`el.id = v`
 * and `el.className = v` are setAttribute, classList edits set "class").
 * Cases about expandos, invalid classList tokens and namespaced attributes
 * have no C counterpart and are left out.
 */
#include "test_dom_util.h"

/* `<p id=id class=cls>` in the section (cls NULL: no class). */
static fl_node *p_el(wpt *w, const char *id, const char *cls)
{
    fl_node *p = add_el(w->section, "p", id);
    if (cls)
        assert_int_equal(fl_element_set_attribute(p, "class", cls), 0);
    return p;
}

/* MutationObserver-attributes.html: "attributes Element.id: update, no oldValue, mutation" */
static void test_wpt_attributes_id_update_no_old_value(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n = p_el(&w, "n", NULL);
    wpt_observe(&w, n, "attributes");
    fl_element_set_attribute(n, "id", "n000");
    wpt_end(&w, "attributes n000 name=id");
}

/* MutationObserver-attributes.html: "attributes Element.id: update mutation" */
static void test_wpt_attributes_id_update(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n00 = p_el(&w, "n00", NULL);
    wpt_observe(&w, n00, "attributes attributeOldValue");
    fl_element_set_attribute(n00, "id", "n000");
    wpt_end(&w, "attributes n000 name=id old=n00");
}

/* MutationObserver-attributes.html: "attributes Element.id: empty string update mutation" */
static void test_wpt_attributes_id_empty_string(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n01 = p_el(&w, "n01", NULL);
    wpt_observe(&w, n01, "attributes attributeOldValue");
    fl_element_set_attribute(n01, "id", "");
    wpt_end(&w, "attributes p name=id old=n01");
}

/* MutationObserver-attributes.html: "attributes Element.id: same value mutation" */
static void test_wpt_attributes_id_same_value(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n02 = p_el(&w, "n02", NULL);
    wpt_observe(&w, n02, "attributes attributeOldValue");
    fl_element_set_attribute(n02, "id", "n02");
    fl_element_set_attribute(n02, "class", "c01");
    wpt_end(&w, "attributes n02 name=id old=n02; attributes n02 name=class");
}

/* MutationObserver-attributes.html: "attributes HTMLInputElement.type: type update mutation" */
static void test_wpt_attributes_input_type_update(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n04 = add_el(w.section, "input", "n04");
    fl_element_set_attribute(n04, "type", "text");
    wpt_observe(&w, n04, "attributes attributeOldValue");
    fl_element_set_attribute(n04, "type", "unknown");
    fl_element_set_attribute(n04, "id", "n040");
    wpt_end(&w, "attributes n040 name=type old=text; attributes n040 name=id old=n04");
}

/* MutationObserver-attributes.html: "attributes Element.className: new value mutation" */
static void test_wpt_attributes_class_name_new_value(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n10 = p_el(&w, "n10", NULL);
    wpt_observe(&w, n10, "attributes attributeOldValue");
    fl_element_set_attribute(n10, "class", "c01");
    wpt_end(&w, "attributes n10 name=class"); /* no old value: it was absent */
}

/* MutationObserver-attributes.html: "attributes Element.className: empty string update
 * mutation" */
static void test_wpt_attributes_class_name_empty_string(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n11 = p_el(&w, "n11", NULL);
    wpt_observe(&w, n11, "attributes attributeOldValue");
    fl_element_set_attribute(n11, "class", "");
    wpt_end(&w, "attributes n11 name=class");
}

/* MutationObserver-attributes.html: "attributes Element.className: same value mutation" */
static void test_wpt_attributes_class_name_same_value(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n12 = p_el(&w, "n12", "c01");
    wpt_observe(&w, n12, "attributes attributeOldValue");
    fl_element_set_attribute(n12, "class", "c01");
    wpt_end(&w, "attributes n12 name=class old=c01");
}

/* MutationObserver-attributes.html: "attributes Element.className: same multiple values
 * mutation" */
static void test_wpt_attributes_class_name_same_multiple_values(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n13 = p_el(&w, "n13", "c01 c02");
    wpt_observe(&w, n13, "attributes attributeOldValue");
    fl_element_set_attribute(n13, "class", "c01 c02");
    wpt_end(&w, "attributes n13 name=class old=c01 c02");
}

/* MutationObserver-attributes.html: "attributes Element.classList.add: single token addition
 * mutation" */
static void test_wpt_attributes_class_list_add(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n20 = p_el(&w, "n20", NULL);
    wpt_observe(&w, n20, "attributes attributeOldValue");
    fl_element_set_attribute(n20, "class", "c01");
    wpt_end(&w, "attributes n20 name=class");
}

/* MutationObserver-attributes.html: "attributes Element.classList.add: same value mutation" */
static void test_wpt_attributes_class_list_add_same_value(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n24 = p_el(&w, "n24", "c01 c02");
    wpt_observe(&w, n24, "attributes attributeOldValue");
    fl_element_set_attribute(n24, "class", "c01 c02"); /* add("c02"): the set is unchanged */
    fl_element_set_attribute(n24, "id", "n240");
    wpt_end(&w, "attributes n240 name=class old=c01 c02; attributes n240 name=id old=n24");
}

/* MutationObserver-attributes.html: "attributes Element.classList.remove: single token
 * removal mutation" */
static void test_wpt_attributes_class_list_remove(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n30 = p_el(&w, "n30", "c01 c02");
    wpt_observe(&w, n30, "attributes attributeOldValue");
    fl_element_set_attribute(n30, "class", "c02");
    wpt_end(&w, "attributes n30 name=class old=c01 c02");
}

/* MutationObserver-attributes.html: "attributes Element.attributes.value: update mutation" */
static void test_wpt_attributes_attr_value_update(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n50 = p_el(&w, "n50", "c01 c02");
    wpt_observe(&w, n50, "attributes attributeOldValue");
    for (size_t i = 0; i < fl_element_attribute_count(n50); i++) {
        const char *name;
        fl_element_attribute_at(n50, i, &name, NULL);
        if (strcmp(name, "class") == 0)
            fl_element_set_attribute(n50, name, "c03");
    }
    wpt_end(&w, "attributes n50 name=class old=c01 c02");
}

/* MutationObserver-attributes.html: "attributes Element.setAttribute: id mutation" */
static void test_wpt_attributes_set_attribute_id(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n60 = p_el(&w, "n60", NULL);
    wpt_observe(&w, n60, "attributes attributeOldValue");
    fl_element_set_attribute(n60, "id", "n601");
    wpt_end(&w, "attributes n601 name=id old=n60");
}

/* MutationObserver-attributes.html: "attributes Element.setAttribute: same class mutation" */
static void test_wpt_attributes_set_attribute_same_class(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n61 = p_el(&w, "n61", "c01");
    wpt_observe(&w, n61, "attributes attributeOldValue");
    fl_element_set_attribute(n61, "class", "c01");
    wpt_end(&w, "attributes n61 name=class old=c01");
}

/* MutationObserver-attributes.html: "attributes Element.setAttribute: classname mutation" */
static void test_wpt_attributes_set_attribute_classname(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n62 = p_el(&w, "n62", NULL);
    wpt_observe(&w, n62, "attributes attributeOldValue");
    fl_element_set_attribute(n62, "classname", "c01");
    wpt_end(&w, "attributes n62 name=classname");
}

/* MutationObserver-attributes.html: "attributes Element.removeAttribute: removal mutation" */
static void test_wpt_attributes_remove_attribute(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n70 = p_el(&w, "n70", "c01");
    wpt_observe(&w, n70, "attributes attributeOldValue");
    fl_element_remove_attribute(n70, "class");
    wpt_end(&w, "attributes n70 name=class old=c01");
}

/* MutationObserver-attributes.html: "attributes Element.removeAttribute: removal no mutation" */
static void test_wpt_attributes_remove_absent_attribute(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n71 = p_el(&w, "n71", NULL);
    wpt_observe(&w, n71, "attributes attributeOldValue");
    fl_element_remove_attribute(n71, "class");
    fl_element_set_attribute(n71, "id", "n710");
    wpt_end(&w, "attributes n710 name=id old=n71");
}

/* MutationObserver-attributes.html: "childList HTMLInputElement.removeAttribute: type removal
 * mutation" */
static void test_wpt_attributes_input_remove_type(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n72 = add_el(w.section, "input", "n72");
    fl_element_set_attribute(n72, "type", "text");
    wpt_observe(&w, n72, "attributes attributeOldValue");
    fl_element_remove_attribute(n72, "type");
    fl_element_set_attribute(n72, "id", "n720");
    wpt_end(&w, "attributes n720 name=type old=text; attributes n720 name=id old=n72");
}

static fl_mutation_observer *observe_filtered(wpt *w, fl_node *target, const char *options,
                                              const char *const *filter, size_t n)
{
    fl_observe_options o = opts(options);
    o.attribute_filter = filter;
    o.attribute_filter_len = n;
    return observe_with(target, &o, &w->cap);
}

/* MutationObserver-attributes.html: "attributes/attributeFilter Element.id/Element.className:
 * update mutation" */
static void test_wpt_attributes_filter_id(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n1000 = p_el(&w, "n1000", NULL);
    static const char *const filter[] = {"id"};
    observe_filtered(&w, n1000, "attributes attributeOldValue", filter, 1);
    fl_element_set_attribute(n1000, "id", "abc");
    fl_element_set_attribute(n1000, "class", "c01");
    wpt_end(&w, "attributes abc name=id old=n1000");
}

/* MutationObserver-attributes.html: "attributes/attributeFilter Element.id/Element.className:
 * multiple filter update mutation" */
static void test_wpt_attributes_filter_id_class(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n1001 = p_el(&w, "n1001", "c01");
    static const char *const filter[] = {"id", "class"};
    observe_filtered(&w, n1001, "attributes attributeOldValue", filter, 2);
    fl_element_set_attribute(n1001, "id", "abc");
    fl_element_set_attribute(n1001, "class", "c02");
    fl_element_set_attribute(n1001, "lang", "fr");
    wpt_end(&w, "attributes abc name=id old=n1001; attributes abc name=class old=c01");
}

/* MutationObserver-attributes.html: "attributes/attributeOldValue alone Element.id: update
 * mutation" */
static void test_wpt_attributes_old_value_alone(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n2000 = p_el(&w, "n2000", NULL);
    wpt_observe(&w, n2000, "attributeOldValue");
    fl_element_set_attribute(n2000, "id", "abc");
    wpt_end(&w, "attributes abc name=id old=n2000");
}

/* MutationObserver-attributes.html: "attributes/attributeFilter alone Element.id/
 * Element.className: multiple filter update mutation" */
static void test_wpt_attributes_filter_alone(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n2001 = p_el(&w, "n2001", "c01");
    static const char *const filter[] = {"id", "class"};
    observe_filtered(&w, n2001, "", filter, 2);
    fl_element_set_attribute(n2001, "id", "abcd");
    fl_element_set_attribute(n2001, "class", "c02");
    fl_element_set_attribute(n2001, "lang", "fr");
    wpt_end(&w, "attributes abcd name=id; attributes abcd name=class");
}

/* MutationObserver-attributes.html: "attributes false: no childList mutation" */
static void test_wpt_attributes_no_child_list(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n3000 = p_el(&w, "n3000", NULL);
    wpt_observe(&w, n3000, "subtree -childList attributes");
    fl_node_set_text_content(n3000, "CHANGED");
    fl_element_set_attribute(n3000, "id", "abc");
    wpt_end(&w, "attributes abc name=id");
}

/* MutationObserver-attributes.html: "subtree mutations" (masterMO on the section sees every
 * record of the cases, the filtered-out ones included) */
static void test_wpt_attributes_subtree_master(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n = p_el(&w, "n", NULL);
    fl_node *n02 = p_el(&w, "n02", NULL);
    fl_node *n1000 = p_el(&w, "n1000", NULL);
    wpt_observe(&w, w.section, "subtree attributes");
    mo_capture own = {0};
    fl_observe_options o = opts("attributes");
    static const char *const filter[] = {"id"};
    o.attribute_filter = filter;
    o.attribute_filter_len = 1;
    observe_with(n1000, &o, &own);
    fl_element_set_attribute(n, "id", "n000");
    fl_element_set_attribute(n02, "id", "n02");
    fl_element_set_attribute(n02, "class", "c01");
    fl_element_set_attribute(n1000, "id", "abc");
    fl_element_set_attribute(n1000, "class", "c01");
    run_idle(w.loop);
    assert_int_equal(w.cap.calls, 1);
    assert_int_equal(w.cap.records, 5);
    assert_int_equal(own.records, 1);
    test_loop_free_drained(w.loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wpt_attributes_id_update_no_old_value),
        cmocka_unit_test(test_wpt_attributes_id_update),
        cmocka_unit_test(test_wpt_attributes_id_empty_string),
        cmocka_unit_test(test_wpt_attributes_id_same_value),
        cmocka_unit_test(test_wpt_attributes_input_type_update),
        cmocka_unit_test(test_wpt_attributes_class_name_new_value),
        cmocka_unit_test(test_wpt_attributes_class_name_empty_string),
        cmocka_unit_test(test_wpt_attributes_class_name_same_value),
        cmocka_unit_test(test_wpt_attributes_class_name_same_multiple_values),
        cmocka_unit_test(test_wpt_attributes_class_list_add),
        cmocka_unit_test(test_wpt_attributes_class_list_add_same_value),
        cmocka_unit_test(test_wpt_attributes_class_list_remove),
        cmocka_unit_test(test_wpt_attributes_attr_value_update),
        cmocka_unit_test(test_wpt_attributes_set_attribute_id),
        cmocka_unit_test(test_wpt_attributes_set_attribute_same_class),
        cmocka_unit_test(test_wpt_attributes_set_attribute_classname),
        cmocka_unit_test(test_wpt_attributes_remove_attribute),
        cmocka_unit_test(test_wpt_attributes_remove_absent_attribute),
        cmocka_unit_test(test_wpt_attributes_input_remove_type),
        cmocka_unit_test(test_wpt_attributes_filter_id),
        cmocka_unit_test(test_wpt_attributes_filter_id_class),
        cmocka_unit_test(test_wpt_attributes_old_value_alone),
        cmocka_unit_test(test_wpt_attributes_filter_alone),
        cmocka_unit_test(test_wpt_attributes_no_child_list),
        cmocka_unit_test(test_wpt_attributes_subtree_master),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
