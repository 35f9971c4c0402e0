/* Mirrors of the Promise.all / allSettled / race / any puzzles. */
#include "puzzles.h"

/* Promise values, the array items of the combinators' inputs. */
static fl_value *pv(fl_promise *promise)
{
    return fl_promise_value(promise);
}

/* ---- all_interleaved.js ------------------------------------------------ */

void puzzle_all_interleaved(fl_loop *loop)
{
    /* Promise.all([Promise.resolve(1), 'two', Promise.resolve(3)]).then(...); */
    fl_promise *one = fl_promise_resolved(loop, fl_int(1));
    fl_promise *three = fl_promise_resolved(loop, fl_int(3));
    fl_promise *all = fl_promise_all(loop, fl_array(3, pv(one), fl_str("two"), pv(three)));
    fl_promise_then(all, log_with_value, NULL, "all");

    tick_chain(loop, 3);

    /* Promise.all([new Promise(... setTimeout(() => resolve('timer'), 100)), 'now']) */
    fl_promise *timer = fl_promise_after(loop, FL_MS(100), fl_str("timer"));
    fl_promise *later = fl_promise_all(loop, fl_array(2, pv(timer), fl_str("now")));
    fl_promise_then(later, log_with_value, NULL, "all");

    fl_set_timeout(loop, log_task, "timer 0", 0);
}

/* ---- all_first_rejection.js -------------------------------------------- */

void puzzle_all_first_rejection(fl_loop *loop)
{
    fl_promise *slow = timer_settle(loop, FL_MS(10), fl_str("slow"), 0, "slow resolves");
    fl_promise *first = fl_promise_rejected(loop, fl_error("first"));
    fl_promise *second = fl_promise_rejected(loop, fl_error("second"));
    fl_promise *all = fl_promise_all(loop, fl_array(3, pv(slow), pv(first), pv(second)));
    all = fl_promise_then(all, log_with_value, NULL, "all fulfilled");
    fl_promise_catch(all, log_with_value, "all rejected");

    fl_promise_then(slow, log_with_value, NULL, "slow then");
    tick_chain(loop, 3);
}

/* ---- all_settled_mixed.js ---------------------------------------------- */

/* (records) => { console.log('settled ' + records.length); for (r of records) ... } */
static fl_value *log_records(fl_loop *loop, fl_value *records, void *arg)
{
    (void)arg;
    fl_log(loop, "settled %zu", fl_array_length(records));
    for (size_t i = 0; i < fl_array_length(records); i++)
        log_line_value(loop, NULL, fl_array_get(records, i));
    return NULL;
}

void puzzle_all_settled_mixed(fl_loop *loop)
{
    fl_promise *later = fl_promise_after(loop, FL_MS(10), fl_str("later"));
    fl_promise *one = fl_promise_resolved(loop, fl_int(1));
    fl_promise *no = fl_promise_rejected(loop, fl_error("no"));
    fl_value *inputs = fl_array(4, pv(one), pv(no), fl_str("plain"), pv(later));
    fl_promise_then(fl_promise_all_settled(loop, inputs), log_records, NULL, NULL);

    /* Promise.allSettled([Promise.reject(new TypeError('bad type'))]).then(...); */
    fl_promise *bad = fl_promise_rejected(loop, fl_error_named("TypeError", "bad type"));
    fl_promise *quick = fl_promise_all_settled(loop, fl_array(1, pv(bad)));
    fl_promise_then(quick, log_with_value, NULL, "quick");
    fl_log(loop, "sync");
}

/* ---- race_interleaved.js ----------------------------------------------- */

void puzzle_race_interleaved(fl_loop *loop)
{
    static const log_pair timers_pair = {"timers", "timers rejected"};

    /* Promise.race([Promise.resolve('first'), 'plain', Promise.reject(...)]) */
    fl_promise *first = fl_promise_resolved(loop, fl_str("first"));
    fl_promise *ignored = fl_promise_rejected(loop, fl_error("ignored"));
    fl_promise *race1 = fl_promise_race(loop, fl_array(3, pv(first), fl_str("plain"), pv(ignored)));
    fl_promise_then(race1, log_with_value, NULL, "race");

    /* Promise.race(['plain', Promise.resolve('second')]) */
    fl_promise *second = fl_promise_resolved(loop, fl_str("second"));
    fl_promise *race2 = fl_promise_race(loop, fl_array(2, fl_str("plain"), pv(second)));
    fl_promise_then(race2, log_with_value, NULL, "race");

    /* const slow = ... resolve('slow') after 200; const fast = ... reject after 100; */
    fl_promise *slow = fl_promise_after(loop, FL_MS(200), fl_str("slow"));
    fl_promise *fast = timer_settle(loop, FL_MS(100), fl_error("fast"), 1, NULL);
    fl_promise *race3 = fl_promise_race(loop, fl_array(2, pv(slow), pv(fast)));
    fl_promise_then(race3, log_pair_fulfilled, log_pair_rejected, (void *)&timers_pair);
    fl_promise_then(slow, log_with_value, NULL, "slow still");

    /* Promise.resolve().then(t1).then(t2); */
    tick_chain(loop, 2);
}

/* ---- any_aggregate_error.js -------------------------------------------- */

void puzzle_any_aggregate_error(fl_loop *loop)
{
    /* Promise.any([Promise.reject(new Error('a')), Promise.reject(new Error('b'))]) */
    fl_promise *a = fl_promise_rejected(loop, fl_error("a"));
    fl_promise *b = fl_promise_rejected(loop, fl_error("b"));
    fl_promise_catch(fl_promise_any(loop, fl_array(2, pv(a), pv(b))), log_with_value, "any");

    /* Promise.any([Promise.reject(new Error('x')), Promise.resolve('y'), Promise.resolve('z')]) */
    fl_promise *x = fl_promise_rejected(loop, fl_error("x"));
    fl_promise *y = fl_promise_resolved(loop, fl_str("y"));
    fl_promise *z = fl_promise_resolved(loop, fl_str("z"));
    fl_promise *any_y = fl_promise_any(loop, fl_array(3, pv(x), pv(y), pv(z)));
    fl_promise_then(any_y, log_with_value, NULL, "any");

    /* const late = ... resolve('late') after 10; Promise.any([Promise.reject(...), late]) */
    fl_promise *late = fl_promise_after(loop, FL_MS(10), fl_str("late"));
    fl_promise *early = fl_promise_rejected(loop, fl_error("early"));
    fl_promise *any_late = fl_promise_any(loop, fl_array(2, pv(early), pv(late)));
    fl_promise_then(any_late, log_with_value, NULL, "any");

    tick_chain(loop, 3);
}

/* ---- combinators_empty.js ---------------------------------------------- */

void puzzle_combinators_empty(fl_loop *loop)
{
    fl_promise_then(fl_promise_race(loop, fl_array_new()), log_tag, NULL, "race never settles");
    fl_promise_then(fl_promise_all(loop, fl_array_new()), log_with_value, NULL, "all");
    fl_promise_catch(fl_promise_any(loop, fl_array_new()), log_with_value, "any");
    fl_promise_then(fl_promise_all_settled(loop, fl_array_new()), log_with_value, NULL,
                    "allSettled");
    fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "t1");
    fl_log(loop, "sync");
}

/* ---- combinators_not_iterable.js --------------------------------------- */

void puzzle_combinators_not_iterable(fl_loop *loop)
{
    /* Promise.all(5).catch((e) => console.log('all rejects with ' + e.name)); ... */
    fl_promise_catch(fl_promise_all(loop, fl_int(5)), log_error_name, "all rejects with");
    fl_promise_catch(fl_promise_race(loop, fl_int(5)), log_error_name, "race rejects with");
    fl_promise_catch(fl_promise_all_settled(loop, fl_int(5)), log_error_name,
                     "allSettled rejects with");
    fl_promise_catch(fl_promise_any(loop, fl_int(5)), log_error_name, "any rejects with");
    fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "t1");
}

/* ---- race_adoption_delay.js -------------------------------------------- */

/* () => 'one tick' */
static fl_value *return_one_tick(fl_loop *loop, fl_value *value, void *arg)
{
    (void)loop;
    (void)value;
    (void)arg;
    return fl_str("one tick");
}

void puzzle_race_adoption_delay(fl_loop *loop)
{
    static const log_pair second_race = {"second race", "second race rejected"};

    /* const adopted = new Promise((resolve) => resolve(Promise.resolve('adopted'))); */
    fl_value *inner = pv(fl_promise_resolved(loop, fl_str("adopted")));
    fl_promise *adopted = fl_promise_create(loop, executor_resolve, inner);
    /* const oneTick = Promise.resolve().then(() => 'one tick'); */
    fl_promise *one_tick =
        fl_promise_then(fl_promise_resolved(loop, NULL), return_one_tick, NULL, NULL);
    fl_promise *race1 = fl_promise_race(loop, fl_array(2, pv(adopted), pv(one_tick)));
    fl_promise_then(race1, log_with_value, NULL, "race");

    /* const rejectsLater = new Promise((resolve) => resolve(Promise.reject(...))); */
    fl_value *rejected = pv(fl_promise_rejected(loop, fl_error("adopted reason")));
    fl_promise *rejects_later = fl_promise_create(loop, executor_resolve, rejected);
    fl_promise *race2 = fl_promise_race(loop, fl_array(2, pv(rejects_later), pv(adopted)));
    fl_promise_then(race2, log_pair_fulfilled, log_pair_rejected, (void *)&second_race);
    tick_chain(loop, 4);
}

/* ---- all_vs_all_settled_ticks.js --------------------------------------- */

void puzzle_all_vs_all_settled_ticks(fl_loop *loop)
{
    /* const inputs = [Promise.resolve('a'), Promise.resolve('b')]; */
    fl_promise *a = fl_promise_resolved(loop, fl_str("a"));
    fl_promise *b = fl_promise_resolved(loop, fl_str("b"));

    fl_promise *any = fl_promise_any(loop, fl_array(2, pv(a), pv(b)));
    fl_promise_then(any, log_with_value, NULL, "any");
    fl_promise *settled = fl_promise_all_settled(loop, fl_array(2, pv(a), pv(b)));
    fl_promise_then(settled, log_with_value, NULL, "allSettled");
    fl_promise *all = fl_promise_all(loop, fl_array(2, pv(a), pv(b)));
    fl_promise_then(all, log_with_value, NULL, "all");
    fl_promise *race = fl_promise_race(loop, fl_array(2, pv(a), pv(b)));
    fl_promise_then(race, log_with_value, NULL, "race");
    tick_chain(loop, 3);
}

/* ---- all_input_order.js ------------------------------------------------ */

void puzzle_all_input_order(fl_loop *loop)
{
    fl_promise *slow = fl_promise_after(loop, FL_MS(200), fl_str("slow"));
    fl_promise *fast = fl_promise_after(loop, FL_MS(100), fl_str("fast"));
    fl_promise *fails = timer_settle(loop, FL_MS(100), fl_error("fails"), 1, NULL);

    fl_promise *all = fl_promise_all(loop, fl_array(3, pv(slow), pv(fast), fl_str("now")));
    fl_promise_then(all, log_with_value, NULL, "all");
    fl_promise *settled = fl_promise_all_settled(loop, fl_array(2, pv(slow), pv(fails)));
    fl_promise_then(settled, log_with_value, NULL, "allSettled");
    fl_promise *any = fl_promise_any(loop, fl_array(3, pv(fails), pv(slow), pv(fast)));
    fl_promise_then(any, log_with_value, NULL, "any");
    fl_promise *race = fl_promise_race(loop, fl_array(2, pv(slow), pv(fast)));
    fl_promise_then(race, log_with_value, NULL, "race");
}
