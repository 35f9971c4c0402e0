/**
 * @file test_sources.c
 * Task sources and selection policies: per-source FIFO under every policy,
 * fifo / priority / round-robin / random selection, source limits and errors,
 * and fl_post_task_ex's cancel handle and destructor.
 */
#include "test_util.h"

/* ---- Source creation and errors -------------------------------------------- */

static void test_sources_builtin_names(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_string_equal(fl_source_name(loop, FL_SOURCE_TIMER), "timer");
    assert_string_equal(fl_source_name(loop, FL_SOURCE_NETWORKING), "networking");
    for (int s = FL_SOURCE_DOM_MANIPULATION; s <= FL_SOURCE_POSTED_MESSAGE; s++)
        assert_non_null(fl_source_name(loop, s));
    assert_null(fl_source_name(loop, 999));
    assert_null(fl_source_name(NULL, FL_SOURCE_TIMER));
    test_loop_free_drained(loop);
}

static void test_sources_new_copies_name(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    char name[16] = "custom";
    fl_source s = fl_source_new(loop, name, FL_PRIORITY_NORMAL);
    assert_true(s > FL_SOURCE_POSTED_MESSAGE);
    strcpy(name, "changed");
    assert_string_equal(fl_source_name(loop, s), "custom");
    fl_source t = fl_source_new(loop, "other", FL_PRIORITY_LOW);
    assert_true(t > 0 && t != s);
    test_loop_free_drained(loop);
}

static void test_sources_new_bad_args_are_einval(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_source_new(loop, NULL, FL_PRIORITY_NORMAL), FL_EINVAL);
    assert_int_equal(fl_source_new(loop, "", FL_PRIORITY_NORMAL), FL_EINVAL);
    assert_int_equal(fl_source_new(NULL, "x", FL_PRIORITY_NORMAL), FL_EINVAL);
    test_loop_free_drained(loop);
}

static void test_sources_new_limit_is_elimit(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    int made = 0;
    for (int i = FL_SOURCE_POSTED_MESSAGE; i < FL_MAX_SOURCES; i++) {
        char name[32];
        snprintf(name, sizeof(name), "s%d", i);
        assert_true(fl_source_new(loop, name, FL_PRIORITY_NORMAL) > 0);
        made++;
    }
    assert_int_equal(made, FL_MAX_SOURCES - 5);
    assert_int_equal(fl_source_new(loop, "one-too-many", FL_PRIORITY_NORMAL), FL_ELIMIT);
    assert_int_equal(fl_source_new(loop, "still-too-many", FL_PRIORITY_NORMAL), FL_ELIMIT);
    test_loop_free_drained(loop);
}

static void test_sources_unknown_source_is_enoent(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_post_task(loop, 999, rec_task, "x", NULL), FL_ENOENT);
    assert_int_equal(fl_post_task(loop, 0, rec_task, "x", NULL), FL_ENOENT);
    assert_int_equal(fl_post_task(loop, -3, rec_task, "x", NULL), FL_ENOENT);
    assert_int_equal(fl_post_task_ex(loop, 999, rec_task, "x", NULL, NULL), FL_ENOENT);
    assert_int_equal(fl_source_set_priority(loop, 999, FL_PRIORITY_HIGH), FL_ENOENT);
    assert_int_equal(fl_source_set_priority(NULL, FL_SOURCE_TIMER, FL_PRIORITY_HIGH), FL_EINVAL);
    assert_int_equal(fl_post_task(NULL, FL_SOURCE_TIMER, rec_task, "x", NULL), FL_EINVAL);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_TIMER, NULL, "x", NULL), FL_EINVAL);
    assert_int_equal(fl_post_task_ex(loop, FL_SOURCE_TIMER, NULL, "x", NULL, NULL), FL_EINVAL);
    test_loop_free_drained(loop);
}

static void test_sources_policy_names_round_trip(void **state)
{
    (void)state;
    static const char *const names[] = {"fifo", "priority", "round-robin", "random"};
    for (int p = FL_POLICY_FIFO; p <= FL_POLICY_RANDOM; p++) {
        assert_string_equal(fl_policy_name((fl_policy)p), names[p]);
        fl_policy out = FL_POLICY_FIFO;
        assert_int_equal(fl_policy_parse(names[p], &out), 0);
        assert_int_equal(out, p);
    }
    assert_string_equal(fl_policy_name((fl_policy)42), "?");
    fl_policy out;
    assert_int_equal(fl_policy_parse("lifo", &out), FL_EINVAL);
}

/* ---- fifo -------------------------------------------------------------------- */

static void post(fl_loop *loop, fl_source s, const char *tok)
{
    assert_int_equal(fl_post_task(loop, s, rec_task, (void *)tok, tok), 0);
}

static void test_sources_fifo_is_global_post_order(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    post(loop, FL_SOURCE_DOM_MANIPULATION, "d1");
    post(loop, FL_SOURCE_NETWORKING, "n1");
    post(loop, FL_SOURCE_USER_INTERACTION, "u1");
    post(loop, FL_SOURCE_DOM_MANIPULATION, "d2");
    post(loop, FL_SOURCE_POSTED_MESSAGE, "p1");
    post(loop, FL_SOURCE_NETWORKING, "n2");
    run_idle(loop);
    assert_string_equal(rec_str(), "d1 n1 u1 d2 p1 n2");
    test_loop_free_drained(loop);
}

/* ---- priority ---------------------------------------------------------------- */

static void post_mixed(fl_loop *loop)
{
    post(loop, FL_SOURCE_DOM_MANIPULATION, "d1");
    post(loop, FL_SOURCE_NETWORKING, "n1");
    post(loop, FL_SOURCE_USER_INTERACTION, "u1");
    post(loop, FL_SOURCE_DOM_MANIPULATION, "d2");
    post(loop, FL_SOURCE_USER_INTERACTION, "u2");
    post(loop, FL_SOURCE_NETWORKING, "n2");
}

static void test_sources_priority_user_interaction_first(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_PRIORITY);
    post_mixed(loop);
    run_idle(loop);
    assert_string_equal(rec_str(), "u1 u2 d1 n1 d2 n2");
    test_loop_free_drained(loop);
}

static void test_sources_priority_set_priority_changes_order(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_PRIORITY);
    assert_int_equal(fl_source_set_priority(loop, FL_SOURCE_NETWORKING, FL_PRIORITY_HIGH), 0);
    assert_int_equal(fl_source_set_priority(loop, FL_SOURCE_USER_INTERACTION, FL_PRIORITY_LOW), 0);
    post_mixed(loop);
    run_idle(loop);
    assert_string_equal(rec_str(), "n1 n2 d1 d2 u1 u2");
    test_loop_free_drained(loop);
}

static void test_sources_priority_custom_sources(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_PRIORITY);
    fl_source low = fl_source_new(loop, "low", FL_PRIORITY_BEST_EFFORT);
    fl_source top = fl_source_new(loop, "top", 100);
    assert_true(low > 0 && top > 0);
    post(loop, low, "l1");
    post(loop, FL_SOURCE_TIMER, "t1");
    post(loop, top, "x1");
    post(loop, FL_SOURCE_USER_INTERACTION, "u1");
    post(loop, low, "l2");
    post(loop, top, "x2");
    run_idle(loop);
    assert_string_equal(rec_str(), "x1 x2 u1 t1 l1 l2");
    test_loop_free_drained(loop);
}

static void post_user_task(fl_loop *loop, void *arg)
{
    (void)arg;
    rec_add("d1");
    post(loop, FL_SOURCE_USER_INTERACTION, "u-new");
}

static void test_sources_priority_reevaluated_each_turn(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_PRIORITY);
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, post_user_task, NULL, "d1"), 0);
    post(loop, FL_SOURCE_DOM_MANIPULATION, "d2");
    post(loop, FL_SOURCE_NETWORKING, "n1");
    run_idle(loop);
    assert_string_equal(rec_str(), "d1 u-new d2 n1");
    test_loop_free_drained(loop);
}

/* ---- round-robin -------------------------------------------------------------- */

static void test_sources_round_robin_cycles_non_empty_sources(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_ROUND_ROBIN);
    post(loop, FL_SOURCE_POSTED_MESSAGE, "p1");
    post(loop, FL_SOURCE_DOM_MANIPULATION, "d1");
    post(loop, FL_SOURCE_DOM_MANIPULATION, "d2");
    post(loop, FL_SOURCE_NETWORKING, "n1");
    post(loop, FL_SOURCE_DOM_MANIPULATION, "d3");
    post(loop, FL_SOURCE_NETWORKING, "n2");
    run_idle(loop);
    assert_string_equal(rec_str(), "d1 n1 p1 d2 n2 d3");
    test_loop_free_drained(loop);
}

static void test_sources_round_robin_picks_source_filled_by_task(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_ROUND_ROBIN);
    /* d1 (source 1) fills source 2, which is next after source 1. */
    assert_int_equal(fl_post_task(loop, FL_SOURCE_DOM_MANIPULATION, post_user_task, NULL, "d1"), 0);
    post(loop, FL_SOURCE_DOM_MANIPULATION, "d2");
    post(loop, FL_SOURCE_NETWORKING, "n1");
    run_idle(loop);
    assert_string_equal(rec_str(), "d1 u-new n1 d2");
    test_loop_free_drained(loop);
}

/* ---- random and per-source FIFO ------------------------------------------------ */

enum { MIX_SOURCES = 5, MIX_PER_SOURCE = 8, MIX_TOTAL = MIX_SOURCES * MIX_PER_SOURCE };

typedef struct mix {
    int order[MIX_TOTAL]; /* source * 100 + seq, in run order */
    int n;
} mix;

static mix g_mix;

static void mix_task(fl_loop *loop, void *arg)
{
    (void)loop;
    if (g_mix.n < MIX_TOTAL)
        g_mix.order[g_mix.n] = (int)(intptr_t)arg;
    g_mix.n++;
}

/* Posts MIX_PER_SOURCE tasks on each built-in source, interleaved, and runs them. */
static void run_mix(fl_policy policy, uint64_t seed, mix *out)
{
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.policy = policy;
    opt.seed = seed;
    fl_loop *loop = test_loop_new_opts(&opt);
    memset(&g_mix, 0, sizeof(g_mix));
    for (int k = 0; k < MIX_PER_SOURCE; k++) {
        for (int s = 1; s <= MIX_SOURCES; s++) {
            int src = (k % 2) ? MIX_SOURCES + 1 - s : s;
            void *tag = (void *)(intptr_t)(src * 100 + k);
            assert_int_equal(fl_post_task(loop, src, mix_task, tag, "mix"), 0);
        }
    }
    run_idle(loop);
    test_loop_free_drained(loop);
    assert_int_equal(g_mix.n, MIX_TOTAL);
    *out = g_mix;
}

static void assert_per_source_fifo(const mix *m)
{
    int next[MIX_SOURCES + 1] = {0};
    for (int i = 0; i < m->n; i++) {
        int src = m->order[i] / 100;
        int seq = m->order[i] % 100;
        assert_in_range(src, 1, MIX_SOURCES);
        assert_int_equal(seq, next[src]);
        next[src]++;
    }
    for (int s = 1; s <= MIX_SOURCES; s++)
        assert_int_equal(next[s], MIX_PER_SOURCE);
}

static void test_sources_per_source_fifo_under_every_policy(void **state)
{
    (void)state;
    mix m;
    for (int p = FL_POLICY_FIFO; p <= FL_POLICY_RANDOM; p++) {
        for (uint64_t seed = 1; seed <= 3; seed++) {
            run_mix((fl_policy)p, seed, &m);
            assert_per_source_fifo(&m);
        }
    }
}

static void test_sources_random_same_seed_same_order(void **state)
{
    (void)state;
    mix a, b;
    run_mix(FL_POLICY_RANDOM, 12345, &a);
    run_mix(FL_POLICY_RANDOM, 12345, &b);
    assert_memory_equal(a.order, b.order, sizeof(a.order));
}

static void test_sources_random_seeds_differ(void **state)
{
    (void)state;
    mix first, other;
    run_mix(FL_POLICY_RANDOM, 1, &first);
    int differs = 0;
    for (uint64_t seed = 2; seed <= 10 && !differs; seed++) {
        run_mix(FL_POLICY_RANDOM, seed, &other);
        differs = memcmp(first.order, other.order, sizeof(first.order)) != 0;
    }
    assert_true(differs);
}

static void test_sources_random_is_not_fifo(void **state)
{
    (void)state;
    mix fifo, rnd;
    run_mix(FL_POLICY_FIFO, 1, &fifo);
    int differs = 0;
    for (uint64_t seed = 1; seed <= 5 && !differs; seed++) {
        run_mix(FL_POLICY_RANDOM, seed, &rnd);
        differs = memcmp(fifo.order, rnd.order, sizeof(fifo.order)) != 0;
    }
    assert_true(differs);
}

/* ---- fl_post_task_ex: cancel and destructors ------------------------------------ */

static int g_destroyed;

static void count_destroy(void *arg)
{
    (void)arg;
    g_destroyed++;
}

static fl_task_id post_ex(fl_loop *loop, const char *tok)
{
    fl_task_id id = fl_post_task_ex(loop, FL_SOURCE_DOM_MANIPULATION, rec_task, (void *)tok, tok,
                                    count_destroy);
    assert_true(id > 0);
    return id;
}

static void test_sources_cancel_runs_destructor_once(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    g_destroyed = 0;
    fl_task_id a = post_ex(loop, "a");
    fl_task_id b = post_ex(loop, "b");
    assert_true(a != b);
    assert_int_equal(fl_loop_pending(loop), 2);
    assert_int_equal(fl_cancel_task(loop, a), 0);
    assert_int_equal(g_destroyed, 1);
    assert_int_equal(fl_loop_pending(loop), 1);
    assert_int_equal(fl_cancel_task(loop, a), FL_ENOENT);
    assert_int_equal(g_destroyed, 1);
    run_idle(loop);
    assert_string_equal(rec_str(), "b");
    assert_int_equal(g_destroyed, 1);
    test_loop_free_drained(loop);
}

static void test_sources_destructor_never_runs_for_task_that_ran(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    g_destroyed = 0;
    fl_task_id a = post_ex(loop, "a");
    run_idle(loop);
    assert_string_equal(rec_str(), "a");
    assert_int_equal(fl_cancel_task(loop, a), FL_ENOENT);
    test_loop_free_drained(loop);
    assert_int_equal(g_destroyed, 0);
}

static void test_sources_cancel_unknown_is_enoent(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    assert_int_equal(fl_cancel_task(loop, 424242), FL_ENOENT);
    test_loop_free_drained(loop);
}

static void cancel_task_arg(fl_loop *loop, void *arg)
{
    rec_add("canceller");
    assert_int_equal(fl_cancel_task(loop, *(fl_task_id *)arg), 0);
}

static void test_sources_cancel_from_inside_task(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    g_destroyed = 0;
    fl_task_id victim = 0;
    assert_int_equal(fl_post_task(loop, FL_SOURCE_NETWORKING, cancel_task_arg, &victim, "c"), 0);
    victim = post_ex(loop, "victim");
    post(loop, FL_SOURCE_DOM_MANIPULATION, "after");
    run_idle(loop);
    assert_string_equal(rec_str(), "canceller after");
    assert_int_equal(g_destroyed, 1);
    test_loop_free_drained(loop);
}

static void test_sources_free_drops_and_destroys_pending(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    g_destroyed = 0;
    post_ex(loop, "a");
    fl_task_id b = post_ex(loop, "b");
    post_ex(loop, "c");
    post(loop, FL_SOURCE_NETWORKING, "plain");
    assert_true(fl_set_timeout(loop, rec_task, TOK("t"), FL_MS(5)) > 0);
    assert_int_equal(fl_queue_microtask(loop, rec_task, TOK("m")), 0);
    assert_int_equal(fl_cancel_task(loop, b), 0);
    assert_int_equal(g_destroyed, 1);
    assert_int_equal(fl_loop_pending(loop), 5);
    assert_int_equal(test_loop_free(loop), 5);
    assert_int_equal(g_destroyed, 3);
    assert_string_equal(rec_str(), "");
}

static void test_sources_post_ex_null_destructor(void **state)
{
    (void)state;
    fl_loop *loop = test_loop_new(FL_POLICY_FIFO);
    fl_task_id a = fl_post_task_ex(loop, FL_SOURCE_TIMER, rec_task, TOK("a"), "a", NULL);
    fl_task_id b = fl_post_task_ex(loop, FL_SOURCE_TIMER, rec_task, TOK("b"), "b", NULL);
    assert_true(a > 0 && b > 0 && a != b);
    assert_int_equal(fl_cancel_task(loop, a), 0);
    run_idle(loop);
    assert_string_equal(rec_str(), "b");
    test_loop_free_drained(loop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_sources_builtin_names),
        TEST(test_sources_new_copies_name),
        TEST(test_sources_new_bad_args_are_einval),
        TEST(test_sources_new_limit_is_elimit),
        TEST(test_sources_unknown_source_is_enoent),
        TEST(test_sources_policy_names_round_trip),
        TEST(test_sources_fifo_is_global_post_order),
        TEST(test_sources_priority_user_interaction_first),
        TEST(test_sources_priority_set_priority_changes_order),
        TEST(test_sources_priority_custom_sources),
        TEST(test_sources_priority_reevaluated_each_turn),
        TEST(test_sources_round_robin_cycles_non_empty_sources),
        TEST(test_sources_round_robin_picks_source_filled_by_task),
        TEST(test_sources_per_source_fifo_under_every_policy),
        TEST(test_sources_random_same_seed_same_order),
        TEST(test_sources_random_seeds_differ),
        TEST(test_sources_random_is_not_fifo),
        TEST(test_sources_cancel_runs_destructor_once),
        TEST(test_sources_destructor_never_runs_for_task_that_ran),
        TEST(test_sources_cancel_unknown_is_enoent),
        TEST(test_sources_cancel_from_inside_task),
        TEST(test_sources_free_drops_and_destroys_pending),
        TEST(test_sources_post_ex_null_destructor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
