/**
 * @file test_dom_oom.c
 * Out of memory: every DOM call that can fail is run with its 1st, 2nd, ...
 * allocation failing until it succeeds; each failure must return FL_ENOMEM
 * and leave the tree, the observers' queues and registrations exactly as
 * they were ("the tree is never left half-changed").
 *
 * The binary replaces malloc, calloc, realloc and free with versions that
 * can fail on request, count live blocks (so failure paths are checked for
 * leaks too) and otherwise call glibc's. AddressSanitizer owns malloc, so the
 * cases are skipped in sanitizer builds.
 */
#include "test_dom_util.h"

#include <stdlib.h>

#include "dom/dom_internal.h"

/* A sanitizer owns malloc: injecting failures through it is not possible. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define FL_TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define FL_TEST_ASAN 1
#endif

#if !defined(FL_TEST_ASAN) && defined(__GLIBC__)
#define FL_TEST_INJECT 1

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);
void __libc_free(void *p);

/* The allocation that fails: 0 the next one, 1 the one after, ...; -1 none. */
static long fail_at = -1;
/* Blocks allocated and not freed: a loop made and freed must leave it as it was. */
static long live;

static int fail_now(void)
{
    if (fail_at < 0)
        return 0;
    return fail_at-- == 0;
}

static void *counted(void *p)
{
    live += p != NULL;
    return p;
}

void *malloc(size_t size)
{
    return fail_now() ? NULL : counted(__libc_malloc(size));
}

void *calloc(size_t n, size_t size)
{
    return fail_now() ? NULL : counted(__libc_calloc(n, size));
}

void *realloc(void *p, size_t size)
{
    if (fail_now())
        return NULL;
    void *q = __libc_realloc(p, size);
    live += p == NULL && q != NULL;
    return q;
}

void free(void *p)
{
    live -= p != NULL;
    __libc_free(p);
}
#endif

typedef struct world {
    fl_loop *loop;
    fl_document *doc;
    fl_node *body, *a, *b, *a1, *loose, *text;
    fl_mutation_observer *mo[2];
    mo_capture cap;
} world;

#ifdef FL_TEST_INJECT
/* The whole state a failed call must leave alone, as text. */
static void describe(mo_capture *out, const fl_node *node)
{
    if (fl_node_type_of(node) == FL_NODE_TEXT) {
        cap_add(out, "'%s'", fl_text_data(node));
        return;
    }
    cap_add(out, "<%s", fl_node_name(node));
    for (size_t i = 0; i < fl_element_attribute_count(node); i++) {
        const char *name, *value;
        fl_element_attribute_at(node, i, &name, &value);
        cap_add(out, " %s=%s", name, value);
    }
    cap_add(out, " regs:");
    for (const fl__reg *r = node->regs; r; r = r->node_next)
        cap_add(out, "%c", r->source ? 't' : 'r');
    cap_add(out, ">");
    for (fl_node *c = fl_node_first_child(node); c; c = fl_node_next_sibling(c))
        describe(out, c);
    cap_add(out, "</>");
}

static void snapshot(world *w, mo_capture *out)
{
    memset(out, 0, sizeof(*out));
    describe(out, fl_document_node(w->doc));
    describe(out, w->loose);
    cap_add(out, " queued:%zu,%zu regs:%zu pending:%zu", w->mo[0]->len, w->mo[1]->len,
            w->doc->nregs, fl_loop_pending(w->loop));
}

static void build(world *w)
{
    memset(w, 0, sizeof(*w));
    w->loop = test_loop_new(FL_POLICY_FIFO);
    w->doc = fl_document_of(w->loop);
    w->body = fl_document_body(w->doc);
    w->a = add_el(w->body, "div", "a");
    w->b = add_el(w->body, "div", "b");
    w->a1 = add_el(w->a, "p", "a1");
    w->text = add_text(w->a1, "some text");
    w->loose = make_el(w->doc, "span", "loose");
    fl_observe_options all = opts("childList attributes characterData subtree attributeOldValue "
                                  "characterDataOldValue");
    fl_observe_options plain = opts("childList attributes");
    w->mo[0] = observe_with(w->body, &all, &w->cap);
    w->mo[1] = observe_with(w->a, &plain, &w->cap);
    fl_observe_options sub = opts("childList subtree");
    assert_int_equal(fl_mutation_observer_observe(w->mo[1], w->a1, &sub), 0);
}

#endif

typedef int (*op_fn)(world *w);

/* Runs `op` with allocation k failing, k = 0, 1, ... until it succeeds. */
static void exhaust(op_fn op)
{
#ifdef FL_TEST_INJECT
    long live_before = live;
    world w;
    build(&w);
    mo_capture before, after;
    int rc = FL_ENOMEM;
    long k = 0;
    for (; rc == FL_ENOMEM; k++) {
        snapshot(&w, &before);
        fail_at = k;
        rc = op(&w);
        fail_at = -1;
        snapshot(&w, &after);
        if (rc == FL_ENOMEM)
            assert_string_equal(after.text, before.text);
    }
    assert_int_equal(rc, 0);
    assert_true(k > 1); /* at least one allocation was made to fail */
    /* Still working: one more change is delivered with the rest. */
    assert_int_equal(fl_element_set_attribute(w.b, "class", "after"), 0);
    run_idle(w.loop);
    assert_true(w.cap.records > 0);
    assert_non_null(strstr(w.cap.text, "attributes b name=class"));
    test_loop_free_drained(w.loop);
    assert_int_equal(live, live_before); /* nothing leaked on the failure paths */
#else
    (void)op;
    skip();
#endif
}

static int move_between_parents(world *w)
{
    return fl_node_append_child(w->b, w->a1);
}

static int replace_with_moved(world *w)
{
    return fl_node_replace_child(w->a, w->b, w->a1);
}

static int remove_subtree(world *w)
{
    return fl_node_remove_child(w->a, w->a1);
}

static int add_attribute(world *w)
{
    return fl_element_set_attribute(w->a1, "data-new", "value");
}

static int grow_attribute(world *w)
{
    return fl_element_set_attribute(w->a, "id", "a much longer id than before");
}

static int remove_attribute(world *w)
{
    return fl_element_remove_attribute(w->a, "id");
}

static int grow_text(world *w)
{
    return fl_text_replace_data(w->text, 4, 0, " longer, much longer");
}

static int replace_all(world *w)
{
    return fl_node_set_text_content(w->a, "replaced");
}

static int observe_with_filter(world *w)
{
    static const char *const filter[] = {"id", "class"};
    fl_observe_options o = opts("attributes");
    o.attribute_filter = filter;
    o.attribute_filter_len = 2;
    return fl_mutation_observer_observe(w->mo[0], w->b, &o);
}

static void test_dom_oom_move_between_parents(void **state)
{
    (void)state;
    exhaust(move_between_parents);
}

static void test_dom_oom_replace_child(void **state)
{
    (void)state;
    exhaust(replace_with_moved);
}

static void test_dom_oom_remove_child(void **state)
{
    (void)state;
    exhaust(remove_subtree);
}

static void test_dom_oom_set_attribute_new(void **state)
{
    (void)state;
    exhaust(add_attribute);
}

static void test_dom_oom_set_attribute_longer(void **state)
{
    (void)state;
    exhaust(grow_attribute);
}

static void test_dom_oom_remove_attribute(void **state)
{
    (void)state;
    exhaust(remove_attribute);
}

static void test_dom_oom_replace_data(void **state)
{
    (void)state;
    exhaust(grow_text);
}

static void test_dom_oom_set_text_content(void **state)
{
    (void)state;
    exhaust(replace_all);
}

static void test_dom_oom_observe(void **state)
{
    (void)state;
    exhaust(observe_with_filter);
}

static void test_dom_oom_constructors(void **state)
{
    (void)state;
#ifdef FL_TEST_INJECT
    long live_before = live;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_document *doc = NULL;
    for (long k = 0; !doc; k++) {
        fail_at = k;
        doc = fl_document_of(loop);
        fail_at = -1;
    }
    fl_node *el = NULL, *text = NULL;
    fl_mutation_observer *mo = NULL;
    for (long k = 0; !el || !text || !mo; k++) {
        fail_at = k;
        el = fl_document_create_element(doc, "div");
        text = fl_document_create_text(doc, "text");
        mo = fl_mutation_observer_new(loop, cap_callback, NULL);
        fail_at = -1;
    }
    assert_string_equal(fl_element_tag(el), "div");
    assert_string_equal(fl_text_data(text), "text");
    assert_non_null(fl_document_body(doc));
    test_loop_free_drained(loop);
    assert_int_equal(live, live_before);
#else
    skip();
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dom_oom_move_between_parents),
        cmocka_unit_test(test_dom_oom_replace_child),
        cmocka_unit_test(test_dom_oom_remove_child),
        cmocka_unit_test(test_dom_oom_set_attribute_new),
        cmocka_unit_test(test_dom_oom_set_attribute_longer),
        cmocka_unit_test(test_dom_oom_remove_attribute),
        cmocka_unit_test(test_dom_oom_replace_data),
        cmocka_unit_test(test_dom_oom_set_text_content),
        cmocka_unit_test(test_dom_oom_observe),
        cmocka_unit_test(test_dom_oom_constructors),
    };
    /* libevent and libc keep a few blocks for the process after their first
     * use: take them now, so the tests count only their own. */
    fl_loop *warm = fl_loop_new(NULL);
    fl_document_of(warm);
    fl_loop_free(warm);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
