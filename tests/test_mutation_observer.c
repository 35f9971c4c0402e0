/**
 * @file test_mutation_observer.c
 * MutationObserver as the DOM standard defines it: observe()'s option
 * checks, batching into one callback per checkpoint, the single notify
 * microtask per agent, delivery in creation order and its place among
 * promise jobs and tasks, nested mutations, takeRecords, disconnect,
 * re-observing, transient registered observers, and observer lifetimes.
 * The web-platform-tests ports are in test_dom_wpt_*.c.
 */
#include "test_dom_util.h"

#include "frameloop/promise.h"

typedef struct fixture {
    fl_loop *loop;
    fl_document *doc;
    fl_node *body;
} fixture;

static fixture setup(void)
{
    fixture f;
    f.loop = test_loop_new(FL_POLICY_FIFO);
    f.doc = fl_document_of(f.loop);
    f.body = fl_document_body(f.doc);
    return f;
}

static void observe_rc(fl_node *target, fl_observe_options o, int rc)
{
    static mo_capture unused;
    fl_mutation_observer *mo =
        fl_mutation_observer_new(fl_document_loop(fl_node_document(target)), cap_callback, &unused);
    assert_int_equal(fl_mutation_observer_observe(mo, target, &o), rc);
    fl_mutation_observer_free(mo);
}

static void test_mutation_observer_observe_type_errors(void **state)
{
    (void)state;
    fixture f = setup();
    observe_rc(f.body, opts(""), FL_EINVAL);
    observe_rc(f.body, opts("subtree"), FL_EINVAL);
    observe_rc(f.body, opts("-childList -attributes -characterData"), FL_EINVAL);
    observe_rc(f.body, opts("-attributes attributeOldValue"), FL_EINVAL);
    observe_rc(f.body, opts("-characterData characterDataOldValue"), FL_EINVAL);
    fl_observe_options o = opts("-attributes childList");
    const char *names[] = {"id"};
    o.attribute_filter = names;
    o.attribute_filter_len = 1;
    observe_rc(f.body, o, FL_EINVAL);
    /* Present members imply attributes / characterData, even when false. */
    observe_rc(f.body, opts("-attributeOldValue"), 0);
    observe_rc(f.body, opts("-characterDataOldValue"), 0);
    observe_rc(f.body, opts("attributeOldValue -childList"), 0);
    o = opts("");
    o.attribute_filter = names;
    o.attribute_filter_len = 1;
    observe_rc(f.body, o, 0);
    const char *bad[] = {NULL};
    o.attribute_filter = bad;
    observe_rc(f.body, o, FL_EINVAL);
    o.attribute_filter = NULL;
    observe_rc(f.body, o, FL_EINVAL); /* a length without names */
    fl_mutation_observer *mo = fl_mutation_observer_new(f.loop, cap_callback, NULL);
    o = opts("childList");
    assert_int_equal(fl_mutation_observer_observe(mo, NULL, &o), FL_EINVAL);
    assert_int_equal(fl_mutation_observer_observe(mo, f.body, NULL), FL_EINVAL);
    assert_int_equal(fl_mutation_observer_observe(NULL, f.body, &o), FL_EINVAL);
    assert_null(fl_mutation_observer_new(f.loop, NULL, NULL));
    assert_null(fl_mutation_observer_new(NULL, cap_callback, NULL));
    test_loop_free_drained(f.loop);
}

static fl_value *log_then(fl_loop *loop, fl_value *value, void *arg)
{
    (void)loop;
    (void)value;
    rec_add("%s", (const char *)arg);
    return NULL;
}

static void rec_callback(fl_loop *loop, fl_mutation_observer *mo,
                         fl_mutation_record *const *records, size_t count, void *arg)
{
    (void)loop;
    (void)mo;
    (void)records;
    rec_add("%s:%zu", (const char *)arg, count);
}

static void hundred_mutations(fl_loop *loop, void *arg)
{
    fl_node *el = arg;
    fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, rec_task, "next-task", "next-task");
    fl_promise_then(fl_promise_resolved(loop, NULL), log_then, NULL, "then-before");
    char value[16];
    for (int i = 0; i < 100; i++) {
        snprintf(value, sizeof(value), "%d", i);
        assert_int_equal(fl_element_set_attribute(el, "data-i", value), 0);
    }
    fl_promise_then(fl_promise_resolved(loop, NULL), log_then, NULL, "then-after");
    rec_add("task-end");
}

static void test_mutation_observer_batches_a_task_into_one_callback(void **state)
{
    (void)state;
    fixture f = setup();
    fl_node *el = add_el(f.body, "div", "el");
    fl_mutation_observer *mo = fl_mutation_observer_new(f.loop, rec_callback, "mo");
    fl_observe_options o = opts("attributes");
    assert_int_equal(fl_mutation_observer_observe(mo, el, &o), 0);
    fl_post_task(f.loop, FL_SOURCE_DOM_MANIPULATION, hundred_mutations, el, "mutate");
    run_idle(f.loop);
    assert_string_equal(rec_str(), "task-end then-before mo:100 then-after next-task");
    test_loop_free_drained(f.loop);
}

static void test_mutation_observer_one_notify_microtask_per_agent(void **state)
{
    (void)state;
    fixture f = setup();
    mo_capture a = {0}, b = {0};
    fl_observe_options o = opts("attributes childList subtree");
    observe_with(f.body, &o, &a);
    observe_with(f.body, &o, &b);
    assert_int_equal(fl_loop_pending(f.loop), 0);
    fl_node *p = add_el(f.body, "p", "p");
    for (int i = 0; i < 10; i++)
        fl_element_set_attribute(p, "x", "y");
    /* Records for two observers, yet one microtask. */
    assert_int_equal(fl_loop_pending(f.loop), 1);
    run_idle(f.loop);
    assert_int_equal(a.calls, 1);
    assert_int_equal(a.records, 11); /* the insertion, ten changes */
    assert_int_equal(b.records, 11);
    test_loop_free_drained(f.loop);
}

static void test_mutation_observer_no_observer_no_microtask(void **state)
{
    (void)state;
    fixture f = setup();
    fl_node *p = add_el(f.body, "p", "p");
    fl_element_set_attribute(p, "x", "y");
    fl_node_remove(p);
    assert_int_equal(fl_loop_pending(f.loop), 0);
    test_loop_free_drained(f.loop);
}

static void test_mutation_observer_delivers_in_creation_order(void **state)
{
    (void)state;
    fixture f = setup();
    fl_node *a = add_el(f.body, "p", "a");
    fl_node *b = add_el(f.body, "p", "b");
    fl_observe_options o = opts("attributes");
    fl_mutation_observer *first = fl_mutation_observer_new(f.loop, rec_callback, "first");
    fl_mutation_observer *second = fl_mutation_observer_new(f.loop, rec_callback, "second");
    assert_int_equal(fl_mutation_observer_observe(first, a, &o), 0);
    assert_int_equal(fl_mutation_observer_observe(second, b, &o), 0);
    /* The second observer gets its record first; the first is still called first. */
    fl_element_set_attribute(b, "x", "1");
    fl_element_set_attribute(a, "x", "1");
    run_idle(f.loop);
    assert_string_equal(rec_str(), "first:1 second:1");
    test_loop_free_drained(f.loop);
}

typedef struct nested {
    fl_node *a, *b;
    int calls;
} nested;

/* First call: mutates a (seen by this observer: next round) and b (seen by the
 * second observer, later in this round's set), and queues a promise job. */
static void nesting_callback(fl_loop *loop, fl_mutation_observer *mo,
                             fl_mutation_record *const *records, size_t count, void *arg)
{
    (void)mo;
    (void)records;
    nested *n = arg;
    rec_add("first:%zu", count);
    if (n->calls++ == 0) {
        fl_element_set_attribute(n->a, "x", "nested");
        fl_element_set_attribute(n->b, "x", "nested");
        fl_promise_then(fl_promise_resolved(loop, NULL), log_then, NULL, "job");
    }
}

static void test_mutation_observer_nested_mutations_same_checkpoint(void **state)
{
    (void)state;
    fixture f = setup();
    nested n = {add_el(f.body, "p", "a"), add_el(f.body, "p", "b"), 0};
    fl_observe_options o = opts("attributes");
    fl_mutation_observer *first = fl_mutation_observer_new(f.loop, nesting_callback, &n);
    fl_mutation_observer *second = fl_mutation_observer_new(f.loop, rec_callback, "second");
    assert_int_equal(fl_mutation_observer_observe(first, n.a, &o), 0);
    assert_int_equal(fl_mutation_observer_observe(second, n.b, &o), 0);
    fl_post_task(f.loop, FL_SOURCE_DOM_MANIPULATION, rec_task, "next-task", "next-task");
    fl_element_set_attribute(n.a, "x", "1");
    fl_element_set_attribute(n.b, "x", "1");
    run_idle(f.loop);
    /* second gets its own record and the nested one in one batch. The first
     * callback's mutation queued the next notify microtask before its promise
     * job, so the second round comes first; all before the next task. */
    assert_string_equal(rec_str(), "first:1 second:2 first:1 job next-task");
    test_loop_free_drained(f.loop);
}

static void test_mutation_observer_take_records(void **state)
{
    (void)state;
    fixture f = setup();
    fl_node *p = add_el(f.body, "p", "p");
    mo_capture cap = {0}, taken = {0};
    fl_observe_options o = opts("attributes attributeOldValue");
    fl_mutation_observer *mo = observe_with(p, &o, &cap);
    fl_element_set_attribute(p, "class", "a");
    fl_element_set_attribute(p, "class", "b");
    cap_take(&taken, mo);
    assert_string_equal(taken.text, "attributes p name=class; attributes p name=class old=a");
    size_t n = 99;
    assert_null(fl_mutation_observer_take_records(mo, &n));
    assert_int_equal(n, 0);
    assert_null(fl_mutation_observer_take_records(mo, NULL));
    run_idle(f.loop);
    assert_int_equal(cap.calls, 0); /* taken records are not delivered */
    fl_element_set_attribute(p, "class", "c");
    run_idle(f.loop);
    assert_string_equal(cap.text, "attributes p name=class old=b");
    test_loop_free_drained(f.loop);
}

static void test_mutation_observer_taken_records_outlive_the_observer(void **state)
{
    (void)state;
    fixture f = setup();
    fl_node *p = add_el(f.body, "p", "p");
    mo_capture cap = {0};
    fl_observe_options o = opts("childList");
    fl_mutation_observer *mo = observe_with(p, &o, &cap);
    fl_node *t = add_text(p, "hello");
    size_t n;
    fl_mutation_record **records = fl_mutation_observer_take_records(mo, &n);
    fl_mutation_observer_free(mo);
    assert_int_equal(n, 1);
    size_t added;
    assert_ptr_equal(fl_mutation_record_added_nodes(records[0], &added)[0], t);
    assert_int_equal(added, 1);
    fl_mutation_records_free(records, n);
    fl_mutation_records_free(NULL, 0);
    run_idle(f.loop);
    test_loop_free_drained(f.loop);
}

static void test_mutation_observer_disconnect_drops_pending(void **state)
{
    (void)state;
    fixture f = setup();
    fl_node *p = add_el(f.body, "p", "p");
    mo_capture cap = {0};
    fl_observe_options o = opts("attributes");
    fl_mutation_observer *mo = observe_with(p, &o, &cap);
    fl_element_set_attribute(p, "x", "1");
    fl_mutation_observer_disconnect(mo);
    fl_element_set_attribute(p, "x", "2"); /* no longer observed */
    run_idle(f.loop);
    assert_int_equal(cap.calls, 0);
    /* It can observe again. */
    assert_int_equal(fl_mutation_observer_observe(mo, p, &o), 0);
    fl_element_set_attribute(p, "x", "3");
    run_idle(f.loop);
    assert_string_equal(cap.text, "attributes p name=x");
    fl_mutation_observer_disconnect(NULL);
    test_loop_free_drained(f.loop);
}

static void test_mutation_observer_observe_again_replaces_options(void **state)
{
    (void)state;
    fixture f = setup();
    fl_node *p = add_el(f.body, "p", "p");
    mo_capture cap = {0};
    fl_observe_options o = opts("attributes");
    fl_mutation_observer *mo = observe_with(p, &o, &cap);
    o = opts("childList");
    assert_int_equal(fl_mutation_observer_observe(mo, p, &o), 0);
    fl_element_set_attribute(p, "x", "1");
    add_text(p, "t");
    run_idle(f.loop);
    assert_string_equal(cap.text, "childList p added=['t']");
    test_loop_free_drained(f.loop);
}

static void test_mutation_observer_old_value_from_any_registration(void **state)
{
    (void)state;
    fixture f = setup();
    fl_node *p = add_el(f.body, "p", "p");
    mo_capture cap = {0};
    fl_observe_options sub = opts("attributes attributeOldValue subtree");
    fl_observe_options plain = opts("attributes");
    fl_mutation_observer *mo = observe_with(p, &plain, &cap);
    assert_int_equal(fl_mutation_observer_observe(mo, f.body, &sub), 0);
    fl_element_set_attribute(p, "id", "q");
    run_idle(f.loop);
    /* One record for an observer registered twice, with the old value. */
    assert_string_equal(cap.text, "attributes q name=id old=p");
    test_loop_free_drained(f.loop);
}

static void test_mutation_observer_empty_filter_matches_nothing(void **state)
{
    (void)state;
    fixture f = setup();
    fl_node *p = add_el(f.body, "p", "p");
    mo_capture cap = {0};
    fl_observe_options o = opts("attributes childList");
    const char *none[1] = {"unused"};
    o.attribute_filter = none;
    o.attribute_filter_len = 0;
    observe_with(p, &o, &cap);
    fl_element_set_attribute(p, "id", "q");
    add_text(p, "t");
    run_idle(f.loop);
    assert_string_equal(cap.text, "childList q added=['t']");
    test_loop_free_drained(f.loop);
}

static void test_mutation_observer_transient_until_delivery(void **state)
{
    (void)state;
    fixture f = setup();
    fl_node *box = add_el(f.body, "div", "box");
    fl_node *child = add_el(box, "p", "child");
    fl_node *leaf = add_el(child, "span", "leaf");
    mo_capture cap = {0};
    fl_observe_options o = opts("attributes childList subtree");
    observe_with(f.body, &o, &cap);
    assert_int_equal(fl_node_remove(box), 0);
    /* Still observed through the transient registration on the removed box. */
    fl_element_set_attribute(leaf, "x", "1");
    run_idle(f.loop);
    assert_string_equal(cap.text, "childList body removed=[box]; attributes leaf name=x");
    /* After the delivery the transient registration is gone. */
    fl_element_set_attribute(leaf, "x", "2");
    run_idle(f.loop);
    assert_int_equal(cap.calls, 1);
    test_loop_free_drained(f.loop);
}

static void test_mutation_observer_transient_dropped_by_observe(void **state)
{
    (void)state;
    fixture f = setup();
    fl_node *box = add_el(f.body, "div", "box");
    mo_capture cap = {0};
    fl_observe_options o = opts("attributes subtree");
    fl_mutation_observer *mo = observe_with(f.body, &o, &cap);
    assert_int_equal(fl_node_remove(box), 0);
    /* Observing body again replaces its options and drops the copies made from them. */
    assert_int_equal(fl_mutation_observer_observe(mo, f.body, &o), 0);
    fl_element_set_attribute(box, "x", "1");
    run_idle(f.loop);
    assert_int_equal(cap.calls, 0);
    test_loop_free_drained(f.loop);
}

static void test_mutation_observer_shared_node_lists(void **state)
{
    (void)state;
    fixture f = setup();
    mo_capture a = {0}, b = {0};
    fl_observe_options o = opts("childList");
    observe_with(f.body, &o, &a);
    observe_with(f.body, &o, &b);
    add_el(f.body, "p", "p");
    run_idle(f.loop);
    assert_string_equal(a.text, "childList body added=[p]");
    assert_string_equal(b.text, a.text);
    test_loop_free_drained(f.loop);
}

static void test_mutation_observer_failed_calls_queue_nothing(void **state)
{
    (void)state;
    fixture f = setup();
    fl_node *box = add_el(f.body, "div", "box");
    mo_capture cap = {0};
    fl_observe_options o = opts("childList attributes characterData subtree");
    observe_with(f.body, &o, &cap);
    assert_int_equal(fl_node_append_child(box, f.body), FL_DOM_EHIERARCHY);
    assert_int_equal(fl_node_remove_child(box, f.body), FL_DOM_ENOTFOUND);
    assert_int_equal(fl_element_set_attribute(box, "a b", "x"), FL_EINVAL);
    assert_int_equal(fl_element_remove_attribute(box, "absent"), 0);
    assert_int_equal(fl_loop_pending(f.loop), 0);
    run_idle(f.loop);
    assert_int_equal(cap.calls, 0);
    test_loop_free_drained(f.loop);
}

typedef struct freeing {
    fl_mutation_observer *victim;
    int self;
} freeing;

static void freeing_callback(fl_loop *loop, fl_mutation_observer *mo,
                             fl_mutation_record *const *records, size_t count, void *arg)
{
    (void)loop;
    (void)records;
    freeing *fr = arg;
    rec_add("freer:%zu", count);
    fl_mutation_observer_free(fr->self ? mo : fr->victim);
}

static void test_mutation_observer_free_inside_callbacks(void **state)
{
    (void)state;
    fixture f = setup();
    fl_node *p = add_el(f.body, "p", "p");
    fl_observe_options o = opts("attributes");
    freeing kill_other = {NULL, 0}, kill_self = {NULL, 1};
    fl_mutation_observer *freer = fl_mutation_observer_new(f.loop, freeing_callback, &kill_other);
    fl_mutation_observer *victim = fl_mutation_observer_new(f.loop, rec_callback, "victim");
    fl_mutation_observer *suicidal = fl_mutation_observer_new(f.loop, freeing_callback, &kill_self);
    kill_other.victim = victim;
    assert_int_equal(fl_mutation_observer_observe(freer, p, &o), 0);
    assert_int_equal(fl_mutation_observer_observe(victim, p, &o), 0);
    assert_int_equal(fl_mutation_observer_observe(suicidal, p, &o), 0);
    fl_element_set_attribute(p, "x", "1");
    run_idle(f.loop);
    /* The victim, later in the round, is never called; the suicidal one frees itself. */
    assert_string_equal(rec_str(), "freer:1 freer:1");
    fl_mutation_observer_free(freer);
    fl_mutation_observer_free(NULL);
    fl_element_set_attribute(p, "x", "2");
    run_idle(f.loop);
    assert_string_equal(rec_str(), "freer:1 freer:1");
    test_loop_free_drained(f.loop);
}

static void test_mutation_observer_freed_with_the_loop(void **state)
{
    (void)state;
    /* Observers never freed, records never delivered: fl_loop_free frees them. */
    fixture f = setup();
    mo_capture cap = {0};
    fl_observe_options o = opts("attributes childList subtree");
    observe_with(f.body, &o, &cap);
    fl_node *box = add_el(f.body, "div", "box");
    fl_node_remove(box);
    assert_int_equal(fl_loop_free(f.loop), 1); /* the notify microtask */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mutation_observer_observe_type_errors),
        cmocka_unit_test(test_mutation_observer_batches_a_task_into_one_callback),
        cmocka_unit_test(test_mutation_observer_one_notify_microtask_per_agent),
        cmocka_unit_test(test_mutation_observer_no_observer_no_microtask),
        cmocka_unit_test(test_mutation_observer_delivers_in_creation_order),
        cmocka_unit_test(test_mutation_observer_nested_mutations_same_checkpoint),
        cmocka_unit_test(test_mutation_observer_take_records),
        cmocka_unit_test(test_mutation_observer_taken_records_outlive_the_observer),
        cmocka_unit_test(test_mutation_observer_disconnect_drops_pending),
        cmocka_unit_test(test_mutation_observer_observe_again_replaces_options),
        cmocka_unit_test(test_mutation_observer_old_value_from_any_registration),
        cmocka_unit_test(test_mutation_observer_empty_filter_matches_nothing),
        cmocka_unit_test(test_mutation_observer_transient_until_delivery),
        cmocka_unit_test(test_mutation_observer_transient_dropped_by_observe),
        cmocka_unit_test(test_mutation_observer_shared_node_lists),
        cmocka_unit_test(test_mutation_observer_failed_calls_queue_nothing),
        cmocka_unit_test(test_mutation_observer_free_inside_callbacks),
        cmocka_unit_test(test_mutation_observer_freed_with_the_loop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
