/**
 * @file test_dom_wpt_chardata.c
 * Ports of web-platform-tests dom/nodes/MutationObserver-characterData.html.
 * appendData, insertData, deleteData and replaceData are all the standard's
 * "replace data", which fl_text_replace_data() is: insertData(o, s) is
 * replace(o, 0, s), deleteData(o, n) is replace(o, n, ""). The cases on
 * ProcessingInstruction and Comment nodes, Ranges, and `null` arguments (JS
 * turns them into "null") have no C counterpart and are left out.
 */
#include "test_dom_util.h"

/* `<p id=id>data</p>` in the section; returns the text node. */
static fl_node *p_text(wpt *w, const char *id, const char *data)
{
    return add_text(add_el(w->section, "p", id), data);
}

/* MutationObserver-characterData.html: "characterData Text.data: simple mutation without
 * oldValue" */
static void test_wpt_chardata_data_without_old_value(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n = p_text(&w, "n", "text content");
    wpt_observe(&w, n, "characterData");
    fl_text_set_data(n, "NEW VALUE");
    wpt_end(&w, "characterData 'NEW VALUE'");
}

/* MutationObserver-characterData.html: "characterData Text.data: simple mutation" */
static void test_wpt_chardata_data(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n00 = p_text(&w, "n00", "text content");
    wpt_observe(&w, n00, "characterData characterDataOldValue");
    fl_text_set_data(n00, "CHANGED");
    wpt_end(&w, "characterData 'CHANGED' old=text content");
}

/* MutationObserver-characterData.html: "characterData Text.appendData: simple mutation" */
static void test_wpt_chardata_append_data(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n10 = p_text(&w, "n10", "CHAN");
    wpt_observe(&w, n10, "characterData characterDataOldValue");
    fl_text_append_data(n10, "GED");
    wpt_end(&w, "characterData 'CHANGED' old=CHAN");
}

/* MutationObserver-characterData.html: "characterData Text.appendData: empty string mutation" */
static void test_wpt_chardata_append_empty(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n11 = p_text(&w, "n11", "CHANGED");
    wpt_observe(&w, n11, "characterData characterDataOldValue");
    fl_text_append_data(n11, "");
    wpt_end(&w, "characterData 'CHANGED' old=CHANGED");
}

/* MutationObserver-characterData.html: "characterData Text.insertData: simple mutation" */
static void test_wpt_chardata_insert_data(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n20 = p_text(&w, "n20", "CHGED");
    wpt_observe(&w, n20, "characterData characterDataOldValue");
    fl_text_replace_data(n20, 2, 0, "AN");
    wpt_end(&w, "characterData 'CHANGED' old=CHGED");
}

/* MutationObserver-characterData.html: "characterData Text.insertData: empty string mutation" */
static void test_wpt_chardata_insert_empty(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n21 = p_text(&w, "n21", "CHANGED");
    wpt_observe(&w, n21, "characterData characterDataOldValue");
    fl_text_replace_data(n21, 2, 0, "");
    wpt_end(&w, "characterData 'CHANGED' old=CHANGED");
}

/* MutationObserver-characterData.html: "characterData Text.deleteData: simple mutation" */
static void test_wpt_chardata_delete_data(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n30 = p_text(&w, "n30", "CCCHANGED");
    wpt_observe(&w, n30, "characterData characterDataOldValue");
    fl_text_replace_data(n30, 0, 2, "");
    wpt_end(&w, "characterData 'CHANGED' old=CCCHANGED");
}

/* MutationObserver-characterData.html: "characterData Text.deleteData: empty mutation" */
static void test_wpt_chardata_delete_empty(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n31 = p_text(&w, "n31", "CHANGED");
    wpt_observe(&w, n31, "characterData characterDataOldValue");
    fl_text_replace_data(n31, 0, 0, "");
    fl_text_set_data(n31, "n31");
    wpt_end(&w, "characterData 'n31' old=CHANGED; characterData 'n31' old=CHANGED");
}

/* MutationObserver-characterData.html: "characterData Text.replaceData: simple mutation" */
static void test_wpt_chardata_replace_data(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n40 = p_text(&w, "n40", "CCCHANGED");
    wpt_observe(&w, n40, "characterData characterDataOldValue");
    fl_text_replace_data(n40, 0, 2, "CH");
    wpt_end(&w, "characterData 'CHCHANGED' old=CCCHANGED");
}

/* MutationObserver-characterData.html: "characterData Text.replaceData: empty mutation" */
static void test_wpt_chardata_replace_empty(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n41 = p_text(&w, "n41", "CHANGED");
    wpt_observe(&w, n41, "characterData characterDataOldValue");
    fl_text_replace_data(n41, 0, 0, "CH");
    wpt_end(&w, "characterData 'CHCHANGED' old=CHANGED");
}

/* MutationObserver-characterData.html: "characterData/characterDataOldValue alone Text.data:
 * simple mutation" */
static void test_wpt_chardata_old_value_alone(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n90 = p_text(&w, "n90", "CHANN");
    wpt_observe(&w, n90, "characterDataOldValue");
    fl_text_set_data(n90, "CHANGED");
    wpt_end(&w, "characterData 'CHANGED' old=CHANN");
}

/* MutationObserver-characterData.html: "subtree mutations" (masterMO on the section, with
 * subtree and characterData, sees one record per change) */
static void test_wpt_chardata_subtree_master(void **state)
{
    (void)state;
    wpt w;
    wpt_begin(&w);
    fl_node *n = p_text(&w, "n", "text content");
    fl_node *n31 = p_text(&w, "n31", "CHANGED");
    fl_node *n40 = p_text(&w, "n40", "CCCHANGED");
    wpt_observe(&w, w.section, "subtree characterData");
    mo_capture own = {0};
    fl_observe_options o = opts("characterData characterDataOldValue");
    observe_with(n31, &o, &own);
    fl_text_set_data(n, "NEW VALUE");
    fl_text_replace_data(n31, 0, 0, "");
    fl_text_set_data(n31, "n31");
    fl_text_replace_data(n40, 0, 2, "CH");
    run_idle(w.loop);
    assert_int_equal(w.cap.calls, 1);
    assert_int_equal(w.cap.records, 4);
    /* Without characterDataOldValue the master's records carry no old value. */
    assert_null(strstr(w.cap.text, "old="));
    assert_int_equal(own.records, 2);
    test_loop_free_drained(w.loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wpt_chardata_data_without_old_value),
        cmocka_unit_test(test_wpt_chardata_data),
        cmocka_unit_test(test_wpt_chardata_append_data),
        cmocka_unit_test(test_wpt_chardata_append_empty),
        cmocka_unit_test(test_wpt_chardata_insert_data),
        cmocka_unit_test(test_wpt_chardata_insert_empty),
        cmocka_unit_test(test_wpt_chardata_delete_data),
        cmocka_unit_test(test_wpt_chardata_delete_empty),
        cmocka_unit_test(test_wpt_chardata_replace_data),
        cmocka_unit_test(test_wpt_chardata_replace_empty),
        cmocka_unit_test(test_wpt_chardata_old_value_alone),
        cmocka_unit_test(test_wpt_chardata_subtree_master),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
