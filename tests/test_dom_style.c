/**
 * @file test_dom_style.c
 * The style attribute: CSS colors, each supported property, declarations
 * ignored one by one as CSS does, and the computed style and damage flags an
 * element's style attribute drives.
 */
#include "test_dom_util.h"

static fl_color color(const char *text)
{
    fl_color c = {1, 2, 3, 4};
    assert_int_equal(fl_color_parse(text, &c), 0);
    return c;
}

static void assert_rgba(fl_color c, int r, int g, int b, int a)
{
    assert_int_equal(c.r, r);
    assert_int_equal(c.g, g);
    assert_int_equal(c.b, b);
    assert_int_equal(c.a, a);
}

static void test_dom_style_hex_colors(void **state)
{
    (void)state;
    assert_rgba(color("#f00"), 255, 0, 0, 255);
    assert_rgba(color("#F0a8"), 255, 0, 170, 136);
    assert_rgba(color("#12ab3C"), 0x12, 0xab, 0x3c, 255);
    assert_rgba(color("#12ab3c80"), 0x12, 0xab, 0x3c, 0x80);
    fl_color c = {9, 9, 9, 9};
    assert_int_equal(fl_color_parse("#12", &c), FL_EINVAL);
    assert_int_equal(fl_color_parse("#12345", &c), FL_EINVAL);
    assert_int_equal(fl_color_parse("#ggg", &c), FL_EINVAL);
    assert_int_equal(fl_color_parse("#", &c), FL_EINVAL);
    assert_rgba(c, 9, 9, 9, 9); /* untouched on failure */
}

static void test_dom_style_rgb_functions(void **state)
{
    (void)state;
    assert_rgba(color("rgb(255, 128, 0)"), 255, 128, 0, 255);
    assert_rgba(color("rgba(0,0,255,0.5)"), 0, 0, 255, 128);
    assert_rgba(color("RGB( 10 , 20 , 30 )"), 10, 20, 30, 255);
    assert_rgba(color("rgb(100%, 50%, 0%)"), 255, 128, 0, 255);
    assert_rgba(color("rgb(300, -5, 12.6)"), 255, 0, 13, 255); /* clamped, rounded */
    assert_rgba(color("rgba(1, 2, 3, 25%)"), 1, 2, 3, 64);
    assert_rgba(color("rgb(1 2 3)"), 1, 2, 3, 255);
    assert_rgba(color("rgb(1 2 3 / 0.2)"), 1, 2, 3, 51);
    assert_rgba(color("rgba(1 2 3/2)"), 1, 2, 3, 255);
    fl_color c;
    assert_int_equal(fl_color_parse("rgb(1, 2)", &c), FL_EINVAL);
    assert_int_equal(fl_color_parse("rgb(1, 2, 3, 4, 5)", &c), FL_EINVAL);
    assert_int_equal(fl_color_parse("rgb(1 2 3 4)", &c), FL_EINVAL);
    assert_int_equal(fl_color_parse("rgb(1, 2 3)", &c), FL_EINVAL);
    assert_int_equal(fl_color_parse("rgb(1,,3)", &c), FL_EINVAL);
    assert_int_equal(fl_color_parse("rgb(a, b, c)", &c), FL_EINVAL);
    assert_int_equal(fl_color_parse("rgb(1, 2, 3", &c), FL_EINVAL);
    assert_int_equal(fl_color_parse("rgb(1px, 2, 3)", &c), FL_EINVAL);
}

static void test_dom_style_named_colors(void **state)
{
    (void)state;
    assert_rgba(color("red"), 255, 0, 0, 255);
    assert_rgba(color("Navy"), 0, 0, 128, 255);
    assert_rgba(color("FUCHSIA"), 255, 0, 255, 255);
    assert_rgba(color("silver"), 192, 192, 192, 255);
    assert_rgba(color("orange"), 255, 165, 0, 255);
    assert_rgba(color(" teal "), 0, 128, 128, 255);
    assert_rgba(color("transparent"), 0, 0, 0, 0);
    fl_color c;
    assert_int_equal(fl_color_parse("reds", &c), FL_EINVAL);
    assert_int_equal(fl_color_parse("", &c), FL_EINVAL);
    assert_int_equal(fl_color_parse(NULL, &c), FL_EINVAL);
}

static fl_style parse(const char *text, int expect_applied)
{
    fl_style s;
    assert_int_equal(fl_style_parse(text, &s), expect_applied);
    return s;
}

static void test_dom_style_initial_values(void **state)
{
    (void)state;
    fl_style s = parse("", 0);
    assert_int_equal(s.specified, 0);
    assert_true(s.opacity == 1);
    assert_rgba(s.background, 0, 0, 0, 0);
    assert_true(s.border_width == 0);
    assert_false(s.display_none);
    assert_false(s.overflow_hidden);
    assert_int_equal(fl_style_parse(NULL, &s), 0);
    assert_int_equal(fl_style_parse("left: 1px", NULL), FL_EINVAL);
}

static void test_dom_style_box_lengths(void **state)
{
    (void)state;
    fl_style s = parse("left: 10px; top: -4.5px; width: 1e2px; height: 0", 4);
    assert_true(s.left == 10 && s.top == -4.5 && s.width == 100 && s.height == 0);
    assert_int_equal(s.specified, FL_STYLE_LEFT | FL_STYLE_TOP | FL_STYLE_WIDTH | FL_STYLE_HEIGHT);
    /* Unitless non-zero, other units, negative sizes: each ignored. */
    s = parse("left: 10; top: 3em; width: -1px; height: 5PX", 1);
    assert_int_equal(s.specified, FL_STYLE_HEIGHT);
    assert_true(s.height == 5);
    s = parse("width: 20px; width: auto", 2);
    assert_int_equal(s.specified, 0);
    assert_true(s.width == 0);
}

static void test_dom_style_background_and_opacity(void **state)
{
    (void)state;
    fl_style s = parse("background: #00f; opacity: 0.25", 2);
    assert_rgba(s.background, 0, 0, 255, 255);
    assert_true(s.opacity == 0.25);
    s = parse("background-color: rgba(255, 0, 0, 0.5); opacity: 50%", 2);
    assert_rgba(s.background, 255, 0, 0, 128);
    assert_true(s.opacity == 0.5);
    s = parse("opacity: 2", 1);
    assert_true(s.opacity == 1);
    s = parse("opacity: -1", 1);
    assert_true(s.opacity == 0);
    s = parse("background: url(x.png); background-color: none; opacity: half", 0);
    assert_int_equal(s.specified, 0);
    s = parse("background: none", 1);
    assert_rgba(s.background, 0, 0, 0, 0);
}

static void test_dom_style_display_overflow(void **state)
{
    (void)state;
    fl_style s = parse("display: none; overflow: hidden", 2);
    assert_true(s.display_none && s.overflow_hidden);
    s = parse("display: NONE; display: block; overflow: clip", 3);
    assert_false(s.display_none);
    assert_true(s.overflow_hidden);
    s = parse("display: nonsense; overflow: sideways", 0);
    assert_int_equal(s.specified, 0);
}

static void test_dom_style_border(void **state)
{
    (void)state;
    fl_style s = parse("border: 2px solid red", 1);
    assert_true(s.border_width == 2);
    assert_rgba(s.border_color, 255, 0, 0, 255);
    s = parse("border: #00ff00 solid 4px", 1); /* any order */
    assert_true(s.border_width == 4);
    assert_rgba(s.border_color, 0, 255, 0, 255);
    s = parse("border: solid", 1); /* medium, currentcolor (black) */
    assert_true(s.border_width == 3);
    assert_rgba(s.border_color, 0, 0, 0, 255);
    s = parse("border: 2px red", 1); /* no style: none, no border */
    assert_true(s.border_width == 0);
    s = parse("border: thick solid rgb(1, 2, 3)", 1);
    assert_true(s.border_width == 5);
    assert_rgba(s.border_color, 1, 2, 3, 255);
    s = parse("border: 1px solid red; border: none", 2);
    assert_true(s.border_width == 0);
    /* Unsupported styles, repeats and junk drop the declaration. */
    s = parse("border: 2px dashed red; border: 1px 2px solid; border: solid red blue", 0);
    assert_int_equal(s.specified, 0);
}

static void test_dom_style_transform(void **state)
{
    (void)state;
    fl_style s = parse("transform: translate(10px, -20px)", 1);
    assert_true(s.translate_x == 10 && s.translate_y == -20);
    s = parse("transform: translate(5px)", 1);
    assert_true(s.translate_x == 5 && s.translate_y == 0);
    s = parse("transform: TRANSLATE(1px,2px); transform: none", 2);
    assert_true(s.translate_x == 0 && s.translate_y == 0);
    assert_true(s.specified & FL_STYLE_TRANSFORM);
    s = parse("transform: rotate(10deg); transform: translate(1em, 2px); transform: translate(1px",
              0);
    assert_int_equal(s.specified, 0);
}

static void test_dom_style_malformed_declarations_are_ignored_one_by_one(void **state)
{
    (void)state;
    fl_style s = parse("left: 10px; top: ; width: abc; height: 20px; color: red; :; garbage;"
                       " background: #f00; ;; opacity",
                       3);
    assert_int_equal(s.specified, FL_STYLE_LEFT | FL_STYLE_HEIGHT | FL_STYLE_BACKGROUND);
    assert_true(s.left == 10 && s.height == 20);
    /* A later invalid declaration does not undo an earlier valid one. */
    s = parse("left: 5px; left: bogus", 1);
    assert_true(s.left == 5);
    /* Keywords and property names are case-insensitive; !important is accepted. */
    s = parse("LEFT: 7PX !important; Background-Color: RED ! IMPORTANT; top: 1px !imp", 2);
    assert_true(s.left == 7);
    assert_rgba(s.background, 255, 0, 0, 255);
    assert_false(s.specified & FL_STYLE_TOP);
    /* initial and unset reset a property. */
    s = parse("opacity: 0.5; opacity: initial; left: 3px; left: unset", 4);
    assert_true(s.opacity == 1 && s.left == 0);
    assert_int_equal(s.specified, 0);
}

static void test_dom_style_attribute_drives_computed_style_and_damage(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_document *doc = fl_document_of(loop);
    fl_node *box = add_el(fl_document_body(doc), "div", "box");
    fl_document_take_damage(doc);
    fl_node_take_damage(box);
    assert_int_equal(fl_element_set_attribute(box, "style", "left: 4px; background: blue"), 0);
    const fl_style *s = fl_element_style(box);
    assert_true(s->left == 4);
    assert_rgba(s->background, 0, 0, 255, 255);
    assert_true(fl_node_take_damage(box));
    assert_true(fl_document_take_damage(doc));
    /* The same computed style is no damage, even written differently. */
    assert_int_equal(fl_element_set_attribute(box, "STYLE", "background:#00f;left:4px;junk"), 0);
    assert_false(fl_node_is_damaged(box));
    assert_false(fl_document_has_damage(doc));
    /* Removing the attribute goes back to the initial values. */
    assert_int_equal(fl_element_remove_attribute(box, "style"), 0);
    assert_int_equal(fl_element_style(box)->specified, 0);
    assert_true(fl_node_is_damaged(box));
    assert_true(fl_document_take_damage(doc));
    assert_null(fl_element_style(fl_document_create_text(doc, "t")));
    test_loop_free_drained(loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dom_style_hex_colors),
        cmocka_unit_test(test_dom_style_rgb_functions),
        cmocka_unit_test(test_dom_style_named_colors),
        cmocka_unit_test(test_dom_style_initial_values),
        cmocka_unit_test(test_dom_style_box_lengths),
        cmocka_unit_test(test_dom_style_background_and_opacity),
        cmocka_unit_test(test_dom_style_display_overflow),
        cmocka_unit_test(test_dom_style_border),
        cmocka_unit_test(test_dom_style_transform),
        cmocka_unit_test(test_dom_style_malformed_declarations_are_ignored_one_by_one),
        cmocka_unit_test(test_dom_style_attribute_drives_computed_style_and_damage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
