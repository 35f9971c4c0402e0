/**
 * @file test_dom.c
 * The node tree: the lazy per-loop document, element and text creation,
 * append / insertBefore / removeChild / replaceChild / textContent, the
 * HierarchyRequestError and NotFoundError cases (and that a failed call
 * changes nothing), navigation, attributes, getElementById, character data,
 * damage flags and node lifetimes.
 */
#include "test_dom_util.h"

/* The children of `parent`, as "a b c" (labels as test_dom_util.h prints them). */
static const char *kids(const fl_node *parent)
{
    static mo_capture c;
    memset(&c, 0, sizeof(c));
    for (fl_node *n = fl_node_first_child(parent); n; n = fl_node_next_sibling(n)) {
        if (n != fl_node_first_child(parent))
            cap_add(&c, " ");
        cap_node(&c, n);
    }
    return c.text;
}

static void test_dom_document_is_lazy_and_per_loop(void **state)
{
    (void)state;
    fl_loop *a = test_loop_new(FL_POLICY_FIFO);
    fl_loop *b = fl_loop_new(NULL);
    fl_document *doc = fl_document_of(a);
    assert_non_null(doc);
    assert_ptr_equal(fl_document_of(a), doc);
    assert_ptr_not_equal(fl_document_of(b), doc);
    assert_ptr_equal(fl_document_loop(doc), a);
    assert_null(fl_document_of(NULL));

    fl_node *root = fl_document_node(doc);
    fl_node *html = fl_document_element(doc);
    fl_node *body = fl_document_body(doc);
    assert_int_equal(fl_node_type_of(root), FL_NODE_DOCUMENT);
    assert_string_equal(fl_node_name(root), "#document");
    assert_ptr_equal(fl_node_parent(html), root);
    assert_string_equal(fl_element_tag(html), "html");
    assert_ptr_equal(fl_node_parent(body), html);
    assert_string_equal(fl_element_tag(body), "body");
    assert_true(fl_node_is_connected(body));
    test_loop_free_drained(a);
    test_loop_free_drained(b);
}

static void test_dom_create_element_validates_and_lowercases(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_document *doc = fl_document_of(loop);
    fl_node *div = fl_document_create_element(doc, "DiV");
    assert_non_null(div);
    assert_string_equal(fl_element_tag(div), "div");
    assert_string_equal(fl_node_name(div), "div");
    assert_int_equal(fl_node_type_of(div), FL_NODE_ELEMENT);
    assert_false(fl_node_is_connected(div));
    assert_non_null(fl_document_create_element(doc, "my-widget"));
    assert_null(fl_document_create_element(doc, ""));
    assert_null(fl_document_create_element(doc, "1div"));
    assert_null(fl_document_create_element(doc, "a b"));
    assert_null(fl_document_create_element(doc, "a>"));
    assert_null(fl_document_create_element(NULL, "div"));
    assert_null(fl_document_create_element(doc, NULL));
    fl_node *t = fl_document_create_text(doc, "hello");
    assert_int_equal(fl_node_type_of(t), FL_NODE_TEXT);
    assert_string_equal(fl_node_name(t), "#text");
    assert_string_equal(fl_text_data(t), "hello");
    assert_int_equal(fl_text_length(t), 5);
    assert_null(fl_element_tag(t));
    assert_null(fl_document_create_text(doc, NULL));
    test_loop_free_drained(loop);
}

static void test_dom_ids_are_positive_and_in_creation_order(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_document *doc = fl_document_of(loop);
    int64_t last = fl_node_id(fl_document_body(doc));
    assert_true(fl_node_id(fl_document_node(doc)) > 0);
    for (int i = 0; i < 5; i++) {
        fl_node *n = fl_document_create_element(doc, "p");
        assert_true(fl_node_id(n) > last);
        last = fl_node_id(n);
    }
    assert_int_equal(fl_node_id(NULL), 0);
    test_loop_free_drained(loop);
}

static void test_dom_append_and_navigate(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_node *body = fl_document_body(fl_document_of(loop));
    fl_node *a = add_el(body, "p", "a");
    fl_node *b = add_el(body, "p", "b");
    fl_node *c = add_el(body, "p", "c");
    assert_string_equal(kids(body), "a b c");
    assert_int_equal(fl_node_child_count(body), 3);
    assert_ptr_equal(fl_node_first_child(body), a);
    assert_ptr_equal(fl_node_last_child(body), c);
    assert_ptr_equal(fl_node_next_sibling(a), b);
    assert_ptr_equal(fl_node_previous_sibling(c), b);
    assert_null(fl_node_previous_sibling(a));
    assert_null(fl_node_next_sibling(c));
    assert_ptr_equal(fl_node_parent(b), body);
    assert_ptr_equal(fl_node_child_at(body, 1), b);
    assert_null(fl_node_child_at(body, 3));
    assert_null(fl_node_first_child(NULL));
    assert_int_equal(fl_node_child_count(NULL), 0);
    test_loop_free_drained(loop);
}

static void test_dom_insert_before_places_and_moves(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_document *doc = fl_document_of(loop);
    fl_node *body = fl_document_body(doc);
    fl_node *other = add_el(body, "div", "other");
    fl_node *list = add_el(body, "ul", "list");
    fl_node *b = add_el(list, "li", "b");
    fl_node *a = make_el(doc, "li", "a");
    fl_node *c = make_el(doc, "li", "c");
    assert_int_equal(fl_node_insert_before(list, a, b), 0);
    assert_int_equal(fl_node_insert_before(list, c, NULL), 0);
    assert_string_equal(kids(list), "a b c");
    /* Inserting a node before itself leaves it in place. */
    assert_int_equal(fl_node_insert_before(list, b, b), 0);
    assert_string_equal(kids(list), "a b c");
    /* Appending a child again moves it to the end. */
    assert_int_equal(fl_node_append_child(list, a), 0);
    assert_string_equal(kids(list), "b c a");
    /* Inserting a node of another parent moves it. */
    assert_int_equal(fl_node_insert_before(other, c, NULL), 0);
    assert_string_equal(kids(list), "b a");
    assert_string_equal(kids(other), "c");
    assert_ptr_equal(fl_node_parent(c), other);
    test_loop_free_drained(loop);
}

static void test_dom_hierarchy_request_errors_change_nothing(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_document *doc = fl_document_of(loop);
    fl_node *root = fl_document_node(doc);
    fl_node *body = fl_document_body(doc);
    fl_node *outer = add_el(body, "div", "outer");
    fl_node *inner = add_el(outer, "div", "inner");
    fl_node *text = add_text(inner, "t");
    /* A node into itself, or into its own descendant. */
    assert_int_equal(fl_node_append_child(outer, outer), FL_DOM_EHIERARCHY);
    assert_int_equal(fl_node_append_child(inner, outer), FL_DOM_EHIERARCHY);
    assert_int_equal(fl_node_insert_before(inner, body, text), FL_DOM_EHIERARCHY);
    assert_int_equal(fl_node_replace_child(inner, outer, text), FL_DOM_EHIERARCHY);
    /* A text node cannot be a parent; the document cannot be a child. */
    fl_node *p = make_el(doc, "p", "p");
    assert_int_equal(fl_node_append_child(text, p), FL_DOM_EHIERARCHY);
    assert_int_equal(fl_node_append_child(body, root), FL_DOM_EHIERARCHY);
    /* The document takes no text and a single element. */
    assert_int_equal(fl_node_append_child(root, fl_document_create_text(doc, "x")),
                     FL_DOM_EHIERARCHY);
    assert_int_equal(fl_node_append_child(root, p), FL_DOM_EHIERARCHY);
    assert_int_equal(fl_node_insert_before(root, p, fl_document_element(doc)), FL_DOM_EHIERARCHY);
    assert_string_equal(kids(body), "outer");
    assert_string_equal(kids(outer), "inner");
    assert_string_equal(kids(inner), "'t'");
    assert_null(fl_node_parent(p));
    assert_int_equal(fl_node_child_count(root), 1);
    test_loop_free_drained(loop);
}

static void test_dom_not_found_errors(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_document *doc = fl_document_of(loop);
    fl_node *body = fl_document_body(doc);
    fl_node *a = add_el(body, "div", "a");
    fl_node *b = add_el(body, "div", "b");
    fl_node *a1 = add_el(a, "p", "a1");
    fl_node *loose = make_el(doc, "p", "loose");
    assert_int_equal(fl_node_remove_child(b, a1), FL_DOM_ENOTFOUND);
    assert_int_equal(fl_node_remove_child(body, loose), FL_DOM_ENOTFOUND);
    assert_int_equal(fl_node_insert_before(b, loose, a1), FL_DOM_ENOTFOUND);
    assert_int_equal(fl_node_replace_child(b, loose, a1), FL_DOM_ENOTFOUND);
    /* Validity is checked in the standard's order: the ancestor check comes first. */
    assert_int_equal(fl_node_insert_before(a1, a, loose), FL_DOM_EHIERARCHY);
    assert_null(fl_node_parent(loose));
    assert_string_equal(kids(a), "a1");
    assert_int_equal(fl_node_child_count(b), 0);
    test_loop_free_drained(loop);
}

static void test_dom_removed_node_stays_valid_and_reinsertable(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_node *body = fl_document_body(fl_document_of(loop));
    fl_node *box = add_el(body, "div", "box");
    fl_node *child = add_el(box, "span", "child");
    assert_int_equal(fl_node_remove_child(body, box), 0);
    assert_null(fl_node_parent(box));
    assert_false(fl_node_is_connected(box));
    assert_false(fl_node_is_connected(child));
    assert_ptr_equal(fl_node_parent(child), box); /* the subtree goes with it */
    assert_int_equal(fl_element_set_attribute(box, "class", "gone"), 0);
    assert_int_equal(fl_node_append_child(body, box), 0);
    assert_true(fl_node_is_connected(child));
    assert_int_equal(fl_node_remove(child), 0);
    assert_int_equal(fl_node_remove(child), 0); /* no parent: nothing to do */
    assert_int_equal(fl_node_child_count(box), 0);
    test_loop_free_drained(loop);
}

static void test_dom_replace_child(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_document *doc = fl_document_of(loop);
    fl_node *body = fl_document_body(doc);
    fl_node *list = add_el(body, "ul", "list");
    fl_node *a = add_el(list, "li", "a");
    fl_node *b = add_el(list, "li", "b");
    fl_node *c = add_el(list, "li", "c");
    fl_node *x = make_el(doc, "li", "x");
    assert_int_equal(fl_node_replace_child(list, x, b), 0);
    assert_string_equal(kids(list), "a x c");
    assert_null(fl_node_parent(b));
    /* With a sibling: it moves into the replaced child's place. */
    assert_int_equal(fl_node_replace_child(list, c, a), 0);
    assert_string_equal(kids(list), "c x");
    /* With itself: nothing moves. */
    assert_int_equal(fl_node_replace_child(list, x, x), 0);
    assert_string_equal(kids(list), "c x");
    /* The document element can be replaced by another element. */
    fl_node *root = fl_document_node(doc);
    fl_node *html2 = make_el(doc, "html", "html2");
    assert_int_equal(fl_node_replace_child(root, html2, fl_document_element(doc)), 0);
    assert_ptr_equal(fl_document_element(doc), html2);
    assert_null(fl_document_body(doc));
    assert_int_equal(fl_node_replace_child(list, x, NULL), FL_EINVAL);
    test_loop_free_drained(loop);
}

static void test_dom_invalid_arguments(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_loop *other = fl_loop_new(NULL);
    fl_node *body = fl_document_body(fl_document_of(loop));
    fl_node *foreign = fl_document_create_element(fl_document_of(other), "div");
    assert_int_equal(fl_node_append_child(body, foreign), FL_EINVAL);
    assert_int_equal(fl_node_append_child(NULL, body), FL_EINVAL);
    assert_int_equal(fl_node_append_child(body, NULL), FL_EINVAL);
    assert_int_equal(fl_node_remove_child(NULL, body), FL_EINVAL);
    assert_int_equal(fl_node_remove(NULL), FL_EINVAL);
    assert_int_equal(fl_node_set_text_content(NULL, "x"), FL_EINVAL);
    assert_int_equal(fl_element_set_attribute(NULL, "a", "b"), FL_EINVAL);
    assert_int_equal(fl_text_set_data(body, "x"), FL_EINVAL);
    assert_null(fl_node_parent(NULL));
    assert_string_equal(fl_node_name(NULL), "");
    assert_int_equal(fl_node_child_count(foreign), 0);
    test_loop_free_drained(loop);
    test_loop_free_drained(other);
}

static void test_dom_attributes(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_document *doc = fl_document_of(loop);
    fl_node *el = fl_document_create_element(doc, "div");
    assert_int_equal(fl_element_set_attribute(el, "ID", "one"), 0);
    assert_int_equal(fl_element_set_attribute(el, "data-x", "1"), 0);
    assert_int_equal(fl_element_set_attribute(el, "Class", "c"), 0);
    assert_string_equal(fl_element_get_attribute(el, "id"), "one");
    assert_string_equal(fl_element_get_attribute(el, "CLASS"), "c");
    assert_null(fl_element_get_attribute(el, "missing"));
    assert_int_equal(fl_element_attribute_count(el), 3);
    const char *name, *value;
    assert_int_equal(fl_element_attribute_at(el, 0, &name, &value), 0);
    assert_string_equal(name, "id"); /* stored lowercased, in the order added */
    assert_int_equal(fl_element_attribute_at(el, 2, &name, NULL), 0);
    assert_string_equal(name, "class");
    assert_int_equal(fl_element_attribute_at(el, 3, &name, &value), FL_EINVAL);
    /* Changing a value keeps the attribute's place. */
    assert_int_equal(fl_element_set_attribute(el, "id", "a much longer value than before"), 0);
    assert_int_equal(fl_element_attribute_at(el, 0, NULL, &value), 0);
    assert_string_equal(value, "a much longer value than before");
    assert_int_equal(fl_element_remove_attribute(el, "DATA-X"), 0);
    assert_int_equal(fl_element_remove_attribute(el, "data-x"), 0); /* absent: no error */
    assert_int_equal(fl_element_attribute_count(el), 2);
    assert_int_equal(fl_element_attribute_at(el, 1, &name, NULL), 0);
    assert_string_equal(name, "class");
    /* Invalid names and misuse. */
    assert_int_equal(fl_element_set_attribute(el, "", "v"), FL_EINVAL);
    assert_int_equal(fl_element_set_attribute(el, "a b", "v"), FL_EINVAL);
    assert_int_equal(fl_element_set_attribute(el, "a=b", "v"), FL_EINVAL);
    assert_int_equal(fl_element_set_attribute(el, "a", NULL), FL_EINVAL);
    assert_int_equal(fl_element_set_attribute(fl_document_create_text(doc, "t"), "a", "b"),
                     FL_EINVAL);
    test_loop_free_drained(loop);
}

static void test_dom_attribute_set_from_its_own_value(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_node *el = fl_document_create_element(fl_document_of(loop), "div");
    assert_int_equal(fl_element_set_attribute(el, "title", "same text"), 0);
    assert_int_equal(fl_element_set_attribute(el, "title", fl_element_get_attribute(el, "title")),
                     0);
    assert_string_equal(fl_element_get_attribute(el, "title"), "same text");
    assert_int_equal(fl_element_set_attribute(el, "title", "short"), 0);
    assert_string_equal(fl_element_get_attribute(el, "title"), "short");
    test_loop_free_drained(loop);
}

static void test_dom_get_element_by_id(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_document *doc = fl_document_of(loop);
    fl_node *body = fl_document_body(doc);
    fl_node *outer = add_el(body, "div", "outer");
    fl_node *first = add_el(outer, "p", "dup");
    add_el(body, "p", "dup");
    assert_ptr_equal(fl_document_get_element_by_id(doc, "outer"), outer);
    assert_ptr_equal(fl_document_get_element_by_id(doc, "dup"), first); /* tree order */
    assert_null(fl_document_get_element_by_id(doc, "DUP"));
    assert_null(fl_document_get_element_by_id(doc, ""));
    /* Only connected elements are found. */
    fl_node *loose = make_el(doc, "p", "loose");
    assert_null(fl_document_get_element_by_id(doc, "loose"));
    assert_int_equal(fl_node_append_child(first, loose), 0);
    assert_ptr_equal(fl_document_get_element_by_id(doc, "loose"), loose);
    assert_int_equal(fl_node_remove_child(body, outer), 0);
    assert_null(fl_document_get_element_by_id(doc, "loose"));
    assert_int_equal(fl_element_set_attribute(fl_node_last_child(body), "id", "renamed"), 0);
    assert_null(fl_document_get_element_by_id(doc, "dup"));
    assert_non_null(fl_document_get_element_by_id(doc, "renamed"));
    test_loop_free_drained(loop);
}

static void test_dom_character_data(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_node *t = fl_document_create_text(fl_document_of(loop), "CHGED");
    assert_int_equal(fl_text_replace_data(t, 2, 0, "AN"), 0); /* insertData */
    assert_string_equal(fl_text_data(t), "CHANGED");
    assert_int_equal(fl_text_replace_data(t, 0, 2, ""), 0); /* deleteData */
    assert_string_equal(fl_text_data(t), "ANGED");
    assert_int_equal(fl_text_replace_data(t, 3, 100, "LE"), 0); /* count is clipped */
    assert_string_equal(fl_text_data(t), "ANGLE");
    assert_int_equal(fl_text_append_data(t, "S and more text to grow the buffer"), 0);
    assert_string_equal(fl_text_data(t), "ANGLES and more text to grow the buffer");
    assert_int_equal(fl_text_set_data(t, fl_text_data(t) + 7), 0); /* its own data */
    assert_string_equal(fl_text_data(t), "and more text to grow the buffer");
    assert_int_equal(fl_text_replace_data(t, 100, 0, "x"), FL_EINVAL); /* IndexSizeError */
    assert_int_equal(fl_text_set_data(t, ""), 0);
    assert_int_equal(fl_text_length(t), 0);
    test_loop_free_drained(loop);
}

static void test_dom_set_text_content(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_document *doc = fl_document_of(loop);
    fl_node *p = add_el(fl_document_body(doc), "p", "p");
    add_el(p, "span", "s1");
    add_text(p, "old");
    assert_int_equal(fl_node_set_text_content(p, "new"), 0);
    assert_string_equal(kids(p), "'new'");
    fl_node *t = fl_node_first_child(p);
    assert_int_equal(fl_node_set_text_content(t, "newer"), 0);
    assert_ptr_equal(fl_node_first_child(p), t);
    assert_string_equal(fl_text_data(t), "newer");
    assert_int_equal(fl_node_set_text_content(p, ""), 0);
    assert_int_equal(fl_node_child_count(p), 0);
    assert_int_equal(fl_node_set_text_content(fl_document_node(doc), "ignored"), 0);
    assert_int_equal(fl_node_child_count(fl_document_node(doc)), 1);
    test_loop_free_drained(loop);
}

static void test_dom_contains(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_document *doc = fl_document_of(loop);
    fl_node *body = fl_document_body(doc);
    fl_node *a = add_el(body, "div", "a");
    fl_node *b = add_el(a, "div", "b");
    assert_true(fl_node_contains(a, b));
    assert_true(fl_node_contains(a, a));
    assert_false(fl_node_contains(b, a));
    assert_true(fl_node_contains(fl_document_node(doc), b));
    assert_false(fl_node_contains(NULL, a));
    test_loop_free_drained(loop);
}

static void test_dom_tree_changes_damage_boxes(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_document *doc = fl_document_of(loop);
    fl_node *body = fl_document_body(doc);
    fl_document_take_damage(doc);
    fl_node *box = make_el(doc, "div", "box");
    assert_false(fl_document_has_damage(doc)); /* not in the tree: nothing drawn changed */
    assert_int_equal(fl_node_append_child(body, box), 0);
    assert_true(fl_document_has_damage(doc));
    assert_true(fl_document_take_damage(doc));
    assert_false(fl_document_take_damage(doc));
    assert_true(fl_node_take_damage(box));
    assert_false(fl_node_is_damaged(box));
    fl_node_take_damage(body);
    /* A plain attribute is no damage; a removal damages the parent. */
    assert_int_equal(fl_element_set_attribute(box, "title", "t"), 0);
    assert_false(fl_document_has_damage(doc));
    assert_int_equal(fl_node_remove(box), 0);
    assert_true(fl_node_is_damaged(body));
    assert_true(fl_document_take_damage(doc));
    test_loop_free_drained(loop);
}

static void test_dom_nodes_freed_with_the_loop(void **state)
{
    (void)state;
    /* Nodes in and out of the tree, dropped by the script: fl_loop_free frees
     * them all (the sanitizer build checks for leaks). */
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_document *doc = fl_document_of(loop);
    fl_node *body = fl_document_body(doc);
    for (int i = 0; i < 100; i++) {
        fl_node *el = add_el(body, "div", "x");
        add_text(el, "text");
        fl_document_create_element(doc, "orphan");
        if (i % 2)
            fl_node_remove(el);
    }
    test_loop_free_drained(loop);
}

/* The node profile has no document: DOM calls fail instead of building one. */
static void test_dom_none_in_node_profile(void **state)
{
    (void)state;
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.profile = FL_PROFILE_NODE;
    fl_loop *loop = fl_loop_new(&opt);
    assert_null(fl_document_of(loop));
    assert_null(fl_mutation_observer_new(loop, NULL, NULL));
    assert_int_equal(fl_loop_free(loop), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dom_document_is_lazy_and_per_loop),
        cmocka_unit_test(test_dom_create_element_validates_and_lowercases),
        cmocka_unit_test(test_dom_ids_are_positive_and_in_creation_order),
        cmocka_unit_test(test_dom_append_and_navigate),
        cmocka_unit_test(test_dom_insert_before_places_and_moves),
        cmocka_unit_test(test_dom_hierarchy_request_errors_change_nothing),
        cmocka_unit_test(test_dom_not_found_errors),
        cmocka_unit_test(test_dom_removed_node_stays_valid_and_reinsertable),
        cmocka_unit_test(test_dom_replace_child),
        cmocka_unit_test(test_dom_invalid_arguments),
        cmocka_unit_test(test_dom_attributes),
        cmocka_unit_test(test_dom_attribute_set_from_its_own_value),
        cmocka_unit_test(test_dom_get_element_by_id),
        cmocka_unit_test(test_dom_character_data),
        cmocka_unit_test(test_dom_set_text_content),
        cmocka_unit_test(test_dom_contains),
        cmocka_unit_test(test_dom_tree_changes_damage_boxes),
        cmocka_unit_test(test_dom_nodes_freed_with_the_loop),
        cmocka_unit_test(test_dom_none_in_node_profile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
