/*
 * Mirrors of the Node puzzles about timers: Node's 1 ms minimum, intervals,
 * and timers against immediates. `busy(ms)` (a loop on Date.now()) is
 * fl_work(loop, FL_MS(ms)). The last four pin Node's finer timer rules: a
 * timer's start time, an interval's restart, list order, ms truncation.
 */
#include <stdint.h>

#include "puzzles.h"

#include "frameloop/node.h"

/* ---- node_timeout_one_vs_zero.js --------------------------------------- */

void puzzle_node_timeout_one_vs_zero(fl_loop *loop)
{
    fl_set_timeout(loop, log_task, "100 ms", FL_MS(100));
    fl_set_timeout(loop, log_task, "1 ms, set first", FL_MS(1));
    fl_set_timeout(loop, log_task, "0 ms, set second", 0);
    fl_set_timeout(loop, log_task, "0 ms, set third", 0);
    fl_set_timeout(loop, log_task, "1 ms, set fourth", FL_MS(1));
    fl_log(loop, "sync");
}

/* ---- node_timeout_out_of_range.js -------------------------------------- */

void puzzle_node_timeout_out_of_range(fl_loop *loop)
{
    fl_set_timeout(loop, log_task, "100 ms", FL_MS(100));
    fl_set_timeout(loop, log_task, "2^31 ms", FL_MS(2147483648LL));
    fl_set_timeout(loop, log_task, "-10 ms", FL_MS(-10));
    fl_set_timeout(loop, log_task, "0.5 ms", 500);
    fl_set_timeout(loop, log_task, "1 ms", FL_MS(1));
    fl_log(loop, "sync");
}

/* ---- node_interval_with_immediates.js ---------------------------------- */

static fl_timer_id beat_interval; /* const interval = setInterval(...) */
static int beats;                 /* let beats = 0; */

/* () => console.log('immediate after beat ' + n); arg is n. */
static void immediate_after_beat(fl_loop *loop, void *arg)
{
    fl_log(loop, "immediate after beat %d", (int)(intptr_t)arg);
}

/* () => console.log('promise after beat ' + n); arg is n. */
static fl_value *promise_after_beat(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    fl_log(loop, "promise after beat %d", (int)(intptr_t)arg);
    return NULL;
}

/* () => { console.log('tick after beat ' + n); if (n === 3) { clearInterval(...); ... } } */
static void tick_after_beat(fl_loop *loop, void *arg)
{
    int n = (int)(intptr_t)arg;
    fl_log(loop, "tick after beat %d", n);
    if (n == 3) {
        fl_clear_timer(loop, beat_interval);
        fl_log(loop, "cleared");
    }
}

/* () => { beats++; const n = beats; console.log('beat ' + n); setImmediate(...); ... } */
static void beat(fl_loop *loop, void *arg)
{
    (void)arg;
    beats++;
    void *n = (void *)(intptr_t)beats;
    fl_log(loop, "beat %d", beats);
    fl_set_immediate(loop, immediate_after_beat, n);
    fl_promise_then(fl_promise_resolved(loop, NULL), promise_after_beat, NULL, n);
    fl_next_tick(loop, tick_after_beat, n);
}

void puzzle_node_interval_with_immediates(fl_loop *loop)
{
    beats = 0;
    beat_interval = fl_set_interval(loop, beat, NULL, FL_MS(100));
    fl_log(loop, "sync");
}

/* ---- node_busy_script_timeout_first.js --------------------------------- */

void puzzle_node_busy_script_timeout_first(fl_loop *loop)
{
    fl_set_immediate(loop, log_task, "immediate");
    fl_set_timeout(loop, log_task, "timeout", 0);
    fl_work(loop, FL_MS(50)); /* busy(50); */
    fl_log(loop, "sync");
}

/* ---- node_timers_phase_before_check.js --------------------------------- */

/* () => { console.log('timeout 1'); setImmediate(...); Promise...then(...); nextTick(...); } */
static void phase_timeout_1(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "timeout 1");
    fl_set_immediate(loop, log_task, "immediate from timeout 1");
    fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "promise from timeout 1");
    fl_next_tick(loop, log_task, "tick from timeout 1");
}

/* () => { console.log('timeout 2'); Promise.resolve().then(...); } */
static void phase_timeout_2(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "timeout 2");
    fl_promise_then(fl_promise_resolved(loop, NULL), log_tag, NULL, "promise from timeout 2");
}

void puzzle_node_timers_phase_before_check(fl_loop *loop)
{
    fl_set_timeout(loop, phase_timeout_1, NULL, 0);
    fl_set_timeout(loop, phase_timeout_2, NULL, FL_MS(1));
    fl_work(loop, FL_MS(50)); /* busy(50); */
    fl_log(loop, "sync");
}

/* ---- node_timer_then_immediate.js -------------------------------------- */

static fl_promise *first_promise; /* const first = new Promise(...); resolveFirst */

/* async function waiter() { const v = await first; ...; await new Promise(...100 ms); ... } */
static void waiter(fl_async *co)
{
    fl_loop *loop = fl_async_loop(co);
    FL_ASYNC_BEGIN(co);
    FL_AWAIT(co, first_promise);
    fl_log_value(loop, "waiter got", fl_async_value(co));
    FL_AWAIT(co, fl_promise_after(loop, FL_MS(100), NULL));
    fl_log(loop, "waiter after its own timer");
    FL_ASYNC_END(co);
}

/* () => { console.log('immediate from timer 100'); resolveFirst('from immediate'); } */
static void immediate_resolves_first(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "immediate from timer 100");
    fl_promise_resolve(first_promise, fl_str("from immediate"));
    fl_promise_unref(first_promise);
}

/* () => { console.log('timer 100'); setImmediate(...); setTimeout(..., 0); } */
static void timer_100(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "timer 100");
    fl_set_immediate(loop, immediate_resolves_first, NULL);
    fl_set_timeout(loop, log_task, "timeout 0 from timer 100", 0);
}

void puzzle_node_timer_then_immediate(fl_loop *loop)
{
    first_promise = fl_promise_ref(fl_promise_new(loop));
    fl_set_timeout(loop, timer_100, NULL, FL_MS(100));
    fl_set_timeout(loop, log_task, "timer 400", FL_MS(400));
    fl_async_call(loop, waiter, 0, NULL);
    fl_log(loop, "sync");
}

/* ---- node_seed002_one_ms_minimum.js ------------------------------------ */

void puzzle_node_seed002_one_ms_minimum(fl_loop *loop)
{
    fl_set_timeout(loop, log_task, "2", FL_MS(1));
    fl_set_timeout(loop, log_task, "1", 0);
}

/* ---- node_clear_timeout_same_phase.js ---------------------------------- */

static fl_timer_id third_timeout;  /* let third = null; */
static fl_timer_id fourth_timeout; /* let fourth = null; */

/* () => { console.log('tick from timeout 1'); clearTimeout(fourth); } */
static void tick_clears_fourth_timeout(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "tick from timeout 1");
    fl_clear_timer(loop, fourth_timeout);
}

/* () => { console.log('timeout 1'); clearTimeout(third); process.nextTick(...); } */
static void clearing_timeout(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "timeout 1");
    fl_clear_timer(loop, third_timeout);
    fl_next_tick(loop, tick_clears_fourth_timeout, NULL);
}

void puzzle_node_clear_timeout_same_phase(fl_loop *loop)
{
    fl_set_timeout(loop, clearing_timeout, NULL, 0);
    fl_set_timeout(loop, log_task, "timeout 2", FL_MS(1));
    third_timeout = fl_set_timeout(loop, log_task, "timeout 3 (cleared)", 0);
    fourth_timeout = fl_set_timeout(loop, log_task, "timeout 4 (cleared)", FL_MS(1));
    fl_set_timeout(loop, log_task, "timeout 5", 0);
    fl_log(loop, "sync");
}

/* ---- node_timer_start_after_busy_script.js ------------------ */

void puzzle_node_timer_start_after_busy_script(fl_loop *loop)
{
    fl_set_timeout(loop, log_task, "300 ms, set at 0", FL_MS(300));
    fl_work(loop, FL_MS(300)); /* busy(300); */
    fl_set_timeout(loop, log_task, "100 ms, set at 300", FL_MS(100));
    fl_log(loop, "sync");
}

/* ---- node_timer_lists_order.js ------------------------------ */

/* () => { console.log('step at 100'); setTimeout(B, 300); setTimeout(C, 250); busy(400); } */
static void lists_step(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "step at 100");
    fl_set_timeout(loop, log_task, "B: 300 ms list, due at 400", FL_MS(300));
    fl_set_timeout(loop, log_task, "C: 250 ms list, due at 350", FL_MS(250));
    fl_work(loop, FL_MS(400)); /* busy(400); */
}

void puzzle_node_timer_lists_order(fl_loop *loop)
{
    fl_set_timeout(loop, log_task, "A: 300 ms list, due at 300", FL_MS(300));
    fl_set_timeout(loop, lists_step, NULL, FL_MS(100));
    fl_log(loop, "sync");
}

/* ---- node_timeout_fraction_truncated.js --------------------- */

void puzzle_node_timeout_fraction_truncated(fl_loop *loop)
{
    fl_set_timeout(loop, log_task, "100.9 ms, set first", 100900); /* 100.9 ms in microseconds */
    fl_set_timeout(loop, log_task, "100 ms, set second", FL_MS(100));
    fl_log(loop, "sync");
}

/* ---- node_interval_after_slow_timer.js ---------------------- */

static fl_timer_id slow_interval; /* const interval = setInterval(...) */
static int slow_beats;            /* let beats = 0; */

/* () => { console.log('slow timer at 200'); busy(300); } */
static void slow_timer(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_log(loop, "slow timer at 200");
    fl_work(loop, FL_MS(300)); /* busy(300); */
}

/* () => { beats++; console.log('beat ' + beats); } */
static void slow_beat(fl_loop *loop, void *arg)
{
    (void)arg;
    slow_beats++;
    fl_log(loop, "beat %d", slow_beats);
}

/* () => { clearInterval(interval); console.log('timeout 800 clears the interval'); } */
static void clear_slow_interval(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_clear_timer(loop, slow_interval);
    fl_log(loop, "timeout 800 clears the interval");
}

void puzzle_node_interval_after_slow_timer(fl_loop *loop)
{
    slow_beats = 0;
    fl_set_timeout(loop, slow_timer, NULL, FL_MS(200));
    slow_interval = fl_set_interval(loop, slow_beat, NULL, FL_MS(200));
    fl_set_timeout(loop, log_task, "timeout 600", FL_MS(600));
    fl_set_timeout(loop, clear_slow_interval, NULL, FL_MS(800));
    fl_log(loop, "sync");
}
