/*
 * fuzz_loop: libFuzzer target for the event loop API (include/frameloop/loop.h).
 *
 * The input is a script for one virtual-clock loop. Four header bytes choose the
 * options (policy, seed, and microtask_limit / timer_task_limit in 64..512 so
 * livelocks are reachable); each following byte starts an operation whose
 * arguments are the next bytes. Callbacks draw a few follow-up operations from
 * the same input, so work queued from tasks, timers and microtasks is fuzzed
 * too. At the end the loop is freed with whatever is still pending.
 *
 * A model tracks every task, timer and microtask the input created, and the
 * harness abort()s when the loop disagrees with it: something ran twice or after
 * a successful cancel/clear, per-source FIFO or the policy's order broke, time
 * went back, a timer ran before its deadline, fl_loop_pending() or the stats
 * miscount, a destructor ran for a task that ran (or not exactly once for one
 * that never ran), a run mode stopped short.
 *
 * FUZZ_LOOP_TRACE=1 in the environment prints every call, to decode reproducers.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frameloop/loop.h"

#define MAX_OPS         4000 /* operations and callbacks per input: keeps each run short */
#define MAX_ITEMS       2048 /* tasks, timers and microtasks per input */
#define MAX_SRC         8    /* the 5 built-in sources and up to 3 made ones */
#define BOGUS_SOURCE    40   /* in range, never created */
#define INTERVAL_MIN_US 1000 /* "at least 1 ms" */

enum kind { K_TASK, K_TASK_EX, K_TIMEOUT, K_INTERVAL, K_MICRO };
enum state { S_QUEUED, S_RAN, S_GONE }; /* S_GONE: cancelled or cleared */

struct item {
    enum kind kind;
    enum state state;
    int64_t handle;   /* task id (K_TASK_EX) or timer id */
    uint64_t seq;     /* creation order, unique: the model's id */
    int src;          /* tasks: index into m.src */
    uint64_t src_seq; /* tasks: post order within the source */
    int runs, destroys;
    int64_t due_lb;    /* timers: lower bound of the next firing time */
    int64_t repeat_us; /* intervals: lower bound of the period */
    int exact;         /* a timeout set outside callbacks: due_lb is its deadline */
    int fires_left;    /* intervals clear themselves after this many firings */
    int storm, chain;  /* storm items re-queue `chain` more copies, reading no input */
    int at_start;      /* a timer pending when the current fl_loop_run started */
};

struct src {
    fl_source id;
    int prio;
    uint64_t posted, last_run; /* src_seq of the last task posted / run */
};

static struct {
    const uint8_t *data;
    size_t size, pos;
    fl_loop *loop;
    fl_loop_options opt;
    struct item items[MAX_ITEMS];
    size_t n_items, lo; /* items before `lo` are known not queued */
    struct src src[MAX_SRC];
    int n_src;
    size_t pending; /* queued tasks + pending timers + queued microtasks */
    uint64_t tasks_run, timers_fired, micro_run, last_micro_seq;
    int64_t now; /* latest fl_now() seen */
    unsigned ops;
    int depth, in_run, freeing;
    struct item *current, *destroy_ok;
    /* The fl_loop_run in progress. */
    fl_run_mode mode;
    uint64_t run_tasks, run_timers, run_clears, run_work, streak, max_streak;
    int stop_in_run, timers_at_start;
    /* A stop may be left over for a later run: skip end-of-run checks meanwhile. */
    int stop_at_rest, stop_runs;
} m;

static int tracing;

static void trace(const char *fmt, ...) FL_PRINTF_LIKE(1, 2);
static void trace(const char *fmt, ...)
{
    va_list ap;
    if (!tracing)
        return;
    /* m.now, not fl_now(): the loop may be half freed. */
    fprintf(stderr, "[t=%lld]%s ", (long long)m.now, m.depth ? "     in callback:" : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void fail(int line, const char *what)
{
    fprintf(stderr, "fuzz_loop.c:%d: invariant broken: %s (op %u, t=%lld)\n", line, what, m.ops,
            (long long)m.now);
    abort();
}
#define CHECK(c) ((c) ? (void)0 : fail(__LINE__, #c))

static unsigned take(void)
{
    return m.pos < m.size ? m.data[m.pos++] : 0;
}

static int64_t signed_byte(void)
{
    return (int8_t)take();
}

static struct item *new_item(enum kind kind)
{
    if (m.n_items == MAX_ITEMS)
        return NULL;
    struct item *it = &m.items[m.n_items++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->seq = m.n_items;
    return it; /* state S_QUEUED: callers abort unless queuing succeeds */
}

static void queued(struct item *it)
{
    it->state = S_QUEUED;
    m.pending++;
}

static void gone(struct item *it)
{
    it->state = S_GONE;
    m.pending--;
}

static int is_timer(const struct item *it)
{
    return it->kind == K_TIMEOUT || it->kind == K_INTERVAL;
}

/* First index that may still be queued: scans of queued items start there. */
static size_t live_from(void)
{
    while (m.lo < m.n_items && m.items[m.lo].state != S_QUEUED)
        m.lo++;
    return m.lo;
}

/* A recent item of one of `kinds` (a bit mask) chosen by the next byte, or NULL. */
static struct item *pick(unsigned kinds)
{
    if (m.n_items == 0)
        return NULL;
    size_t start = m.n_items - 1 - take() % m.n_items;
    for (size_t k = 0; k < m.n_items; k++) {
        struct item *it = &m.items[(start + m.n_items - k) % m.n_items];
        if (kinds & 1u << it->kind)
            return it;
    }
    return NULL;
}

/* Time never goes back, and the loop counts what the model counts. */
static void check_state(void)
{
    int64_t now = fl_now(m.loop);
    CHECK(now >= m.now);
    m.now = now;
    CHECK(fl_loop_pending(m.loop) == m.pending);
}

static void check_stats(void)
{
    fl_loop_stats st;
    CHECK(fl_loop_get_stats(m.loop, &st) == 0);
    CHECK(st.tasks_run == m.tasks_run);
    CHECK(st.timers_fired == m.timers_fired);
    CHECK(st.microtasks_run == m.micro_run);
}

/* ---- Callbacks ----------------------------------------------------------- */

static void do_op(void);

static void follow_ups(void)
{
    for (unsigned n = take() % 4; n > 0; n--)
        do_op();
}

/* Checks shared by every callback; marks `it` as having run. */
static void enter(fl_loop *loop, struct item *it)
{
    CHECK(loop == m.loop);
    CHECK(m.in_run && m.depth == 0 && !m.freeing); /* only fl_loop_run calls back, one at a time */
    CHECK(it->state == S_QUEUED);                  /* never twice, never after cancel/clear */
    m.depth = 1;
    m.current = it;
    m.ops++;
    it->runs++;
    if (it->kind != K_INTERVAL) {
        it->state = S_RAN;
        m.pending--;
    }
    check_state();
}

static void leave(void)
{
    check_state();
    m.depth = 0;
    m.current = NULL;
}

/* FIFO: no older task waits anywhere. Priority: none waits in a higher source,
 * nor an older one at the same priority. Only posted tasks are compared: a
 * timer's place in the order is its due time, which the model does not know. */
static void check_policy_order(const struct item *t)
{
    if (m.opt.policy != FL_POLICY_FIFO && m.opt.policy != FL_POLICY_PRIORITY)
        return;
    int fifo = m.opt.policy == FL_POLICY_FIFO;
    int p = fifo ? 0 : m.src[t->src].prio;
    for (size_t i = live_from(); i < m.n_items; i++) {
        const struct item *y = &m.items[i];
        if (y->state != S_QUEUED || (y->kind != K_TASK && y->kind != K_TASK_EX))
            continue;
        int q = fifo ? 0 : m.src[y->src].prio;
        CHECK(q < p || (q == p && y->seq > t->seq));
    }
}

static void on_task(fl_loop *loop, void *arg)
{
    struct item *it = arg;
    struct src *s = &m.src[it->src];
    trace("task #%llu runs (source %d)", (unsigned long long)it->seq, s->id);
    CHECK(!m.stop_in_run); /* fl_loop_stop ends the run after the current task */
    enter(loop, it);
    CHECK(it->src_seq > s->last_run); /* per-source FIFO */
    s->last_run = it->src_seq;
    check_policy_order(it);
    m.tasks_run++;
    m.run_tasks++;
    m.streak = 0;
    follow_ups();
    leave();
}

/* Timeouts set outside callbacks have known deadlines: they fire in deadline
 * order, ties in the order they were set. */
static void check_timer_order(const struct item *t)
{
    for (size_t i = live_from(); i < m.n_items; i++) {
        const struct item *y = &m.items[i];
        if (y->state != S_QUEUED || y->kind != K_TIMEOUT || !y->exact)
            continue;
        CHECK(y->due_lb > t->due_lb || (y->due_lb == t->due_lb && y->seq > t->seq));
    }
}

static void set_timeout(int64_t delay, int storm, int chain);
static void clear_timer(struct item *it);

static void on_timer(fl_loop *loop, void *arg)
{
    struct item *it = arg;
    trace("timer #%llu fires", (unsigned long long)it->seq);
    CHECK(is_timer(it));
    CHECK(!m.stop_in_run);
    enter(loop, it);
    CHECK(m.now >= it->due_lb); /* never early */
    if (it->exact)
        check_timer_order(it);
    if (it->kind == K_INTERVAL)
        it->due_lb += it->repeat_us;
    m.tasks_run++;
    m.timers_fired++;
    m.run_tasks++;
    m.run_timers++;
    m.streak = 0;
    if (m.mode == FL_RUN_UNTIL_IDLE) /* timer_task_limit stops runaway timers */
        CHECK(m.run_timers <= m.opt.timer_task_limit + 1);
    if (!it->storm)
        follow_ups();
    else if (it->chain > 0 && m.ops < MAX_OPS)
        set_timeout(0, 1, it->chain - 1);
    /* Intervals end after a few firings, so runs until idle end. */
    if (it->kind == K_INTERVAL && it->state == S_QUEUED && --it->fires_left <= 0)
        clear_timer(it);
    leave();
}

static void queue_microtask(int storm, int chain);

static void on_micro(fl_loop *loop, void *arg)
{
    struct item *it = arg;
    trace("microtask #%llu runs", (unsigned long long)it->seq);
    CHECK(it->kind == K_MICRO);
    enter(loop, it);
    CHECK(it->seq > m.last_micro_seq); /* microtasks run in queue order */
    m.last_micro_seq = it->seq;
    m.micro_run++;
    m.streak++; /* microtasks since the last task: one checkpoint's worth */
    if (m.streak > m.max_streak)
        m.max_streak = m.streak;
    CHECK(m.streak <= m.opt.microtask_limit + 1); /* microtask_limit stops runaway microtasks */
    if (!it->storm)
        follow_ups();
    else if (it->chain > 0 && m.ops < MAX_OPS)
        queue_microtask(1, it->chain - 1);
    leave();
}

/* Destructors run only for a task being cancelled or freed, and at most once. */
static void on_destroy(void *arg)
{
    struct item *it = arg;
    trace("destructor of task #%llu", (unsigned long long)it->seq);
    CHECK(it->kind == K_TASK_EX);
    CHECK(m.freeing || m.destroy_ok == it);
    CHECK(it->runs == 0);
    CHECK(++it->destroys == 1);
}

/* ---- Operations ---------------------------------------------------------- */

static void op_post(int ex)
{
    unsigned i = take() % (unsigned)(m.n_src + !ex);
    if (i == (unsigned)m.n_src) { /* an unknown source is refused, nothing queued */
        int rc = fl_post_task(m.loop, BOGUS_SOURCE, on_task, NULL, "bogus");
        trace("fl_post_task(source %d) = %d", BOGUS_SOURCE, rc);
        CHECK(rc == FL_ENOENT);
        return;
    }
    struct item *it = new_item(ex ? K_TASK_EX : K_TASK);
    if (!it)
        return;
    struct src *s = &m.src[i];
    it->src = (int)i;
    it->src_seq = ++s->posted;
    if (ex) {
        it->handle = fl_post_task_ex(m.loop, s->id, on_task, it, "fuzz", on_destroy);
        CHECK(it->handle > 0);
    } else {
        CHECK(fl_post_task(m.loop, s->id, on_task, it, "fuzz") == 0);
    }
    trace("%s(source %d) -> task #%llu", ex ? "fl_post_task_ex" : "fl_post_task", s->id,
          (unsigned long long)it->seq);
    queued(it);
}

static void op_cancel(void)
{
    struct item *it = pick(1u << K_TASK_EX);
    if (!it)
        return;
    int was_queued = it->state == S_QUEUED;
    m.destroy_ok = it;
    int rc = fl_cancel_task(m.loop, it->handle);
    m.destroy_ok = NULL;
    trace("fl_cancel_task(task #%llu) = %d", (unsigned long long)it->seq, rc);
    if (was_queued) {
        CHECK(rc == 0);
        CHECK(it->destroys == 1); /* "its destructor runs now" */
        gone(it);
    } else {
        CHECK(rc == FL_ENOENT); /* ran, is running, or was cancelled */
    }
}

static void set_timeout(int64_t delay, int storm, int chain)
{
    struct item *it = new_item(K_TIMEOUT);
    if (!it)
        return;
    it->due_lb = fl_now(m.loop) + (delay > 0 ? delay : 0);
    it->exact = m.depth == 0; /* no nesting clamp outside callbacks */
    it->storm = storm;
    it->chain = chain;
    it->handle = fl_set_timeout(m.loop, on_timer, it, delay);
    trace("fl_set_timeout(%lld us) -> timer #%llu", (long long)delay, (unsigned long long)it->seq);
    CHECK(it->handle > 0);
    queued(it);
}

static void op_interval(void)
{
    int64_t interval = signed_byte() * 250;
    struct item *it = new_item(K_INTERVAL);
    if (!it)
        return;
    it->repeat_us = interval > INTERVAL_MIN_US ? interval : INTERVAL_MIN_US;
    it->due_lb = fl_now(m.loop) + it->repeat_us;
    it->fires_left = 1 + (int)(take() % 4);
    it->handle = fl_set_interval(m.loop, on_timer, it, interval);
    trace("fl_set_interval(%lld us) -> timer #%llu (cleared after %d firings)",
          (long long)interval, (unsigned long long)it->seq, it->fires_left);
    CHECK(it->handle > 0);
    queued(it);
}

static void clear_timer(struct item *it)
{
    int rc = fl_clear_timer(m.loop, it->handle);
    trace("fl_clear_timer(timer #%llu) = %d", (unsigned long long)it->seq, rc);
    if (it->state == S_QUEUED) {
        CHECK(rc == 0);
        gone(it);
        m.run_clears++;
    } else if (it == m.current) {
        CHECK(rc == 0 || rc == FL_ENOENT); /* a running timeout may count as done or not */
    } else {
        CHECK(rc == FL_ENOENT);
    }
}

static void queue_microtask(int storm, int chain)
{
    struct item *it = new_item(K_MICRO);
    if (!it)
        return;
    it->storm = storm;
    it->chain = chain;
    CHECK(fl_queue_microtask(m.loop, on_micro, it) == 0);
    trace("fl_queue_microtask -> microtask #%llu", (unsigned long long)it->seq);
    queued(it);
}

/* A microtask or zero-delay timeout that re-queues itself up to ~1000 times. */
static void op_storm(void)
{
    unsigned b = take();
    int chain = (int)(b >> 1) * 8;
    trace("storm of %d %s", chain + 1, b & 1 ? "timeouts" : "microtasks");
    if (b & 1)
        set_timeout(0, 1, chain);
    else
        queue_microtask(1, chain);
}

static void op_work(void)
{
    int64_t us = ((int64_t)take() - 16) * 40;
    int64_t before = fl_now(m.loop);
    int rc = fl_work(m.loop, us);
    trace("fl_work(%lld) = %d", (long long)us, rc);
    if (us < 0) {
        CHECK(rc == FL_EINVAL && fl_now(m.loop) == before);
    } else {
        CHECK(rc == 0 && fl_now(m.loop) == before + us); /* the virtual clock moves by usec */
        m.run_work++;
    }
}

/* Inside a callback both fl_loop_run and fl_loop_free refuse and change nothing. */
static void nested_run(unsigned mode, int64_t arg)
{
    if (mode > FL_RUN_TO_LAST) {
        int rc = fl_loop_free(m.loop);
        trace("fl_loop_free (nested) = %d", rc);
        CHECK(rc == FL_EBUSY);
    } else {
        int rc = fl_loop_run(m.loop, (fl_run_mode)mode, arg);
        trace("fl_loop_run(mode %u, %lld) (nested) = %d", mode, (long long)arg, rc);
        CHECK(rc == FL_EBUSY);
    }
}

static void begin_run(fl_run_mode mode)
{
    m.mode = mode;
    m.in_run = 1;
    m.run_tasks = m.run_timers = m.run_clears = m.run_work = 0;
    m.streak = m.max_streak = 0;
    m.stop_in_run = 0;
    m.timers_at_start = 0;
    for (size_t i = live_from(); i < m.n_items; i++) {
        m.items[i].at_start = m.items[i].state == S_QUEUED && is_timer(&m.items[i]);
        m.timers_at_start += m.items[i].at_start;
    }
}

/* What a run that returned 0 without being stopped must have done. */
static void check_run_end(fl_run_mode mode, int64_t start, int64_t end)
{
    int64_t now = fl_now(m.loop);
    size_t i;
    switch (mode) {
    case FL_RUN_UNTIL_IDLE:
        /* Nothing is left but microtasks queued outside callbacks: no checkpoint
         * runs without a task (reported; relaxed so fuzzing goes on). */
        for (i = live_from(); i < m.n_items; i++)
            CHECK(m.items[i].state != S_QUEUED || m.items[i].kind == K_MICRO);
        break;
    case FL_RUN_FOR:
    case FL_RUN_UNTIL:
        /* The clock ends at `end`, or later only if a callback's fl_work took it there. */
        CHECK(now == (end > m.now ? end : m.now));
        /* Without fl_work time moves only to deadlines: every timer due before `end` ran. */
        for (i = live_from(); m.run_work == 0 && end > start && i < m.n_items; i++) {
            const struct item *y = &m.items[i];
            CHECK(!(y->state == S_QUEUED && y->kind == K_TIMEOUT && y->exact && y->due_lb < end));
        }
        break;
    case FL_RUN_NEXT:
        if (m.timers_at_start > 0 && m.run_clears == 0)
            CHECK(m.run_timers > 0);
        break;
    case FL_RUN_TO_LAST: /* every timeout pending at the start ran (unless fl_work passed it) */
        for (i = live_from(); m.run_work == 0 && i < m.n_items; i++)
            CHECK(!(m.items[i].at_start && m.items[i].kind == K_TIMEOUT &&
                    m.items[i].state == S_QUEUED));
        break;
    }
}

static void end_run(fl_run_mode mode, int64_t start, int64_t end, int rc)
{
    const char *err = fl_loop_error(m.loop);
    m.in_run = 0;
    if (rc == FL_EINVAL) { /* only an end time in the past may be refused */
        CHECK(mode == FL_RUN_UNTIL && end < start && m.run_tasks == 0);
        return;
    }
    CHECK(rc == 0 || rc == FL_ELIVELOCK);
    if (m.stop_at_rest) /* a stop made while not running: the run returns at once */
        CHECK(m.run_tasks == 0);
    m.stop_at_rest = 0;
    if (rc == FL_ELIVELOCK) { /* only past a limit, and named */
        CHECK(err[0] != '\0');
        CHECK(m.max_streak >= m.opt.microtask_limit ||
              (mode == FL_RUN_UNTIL_IDLE && m.run_timers >= m.opt.timer_task_limit));
        return;
    }
    CHECK(err[0] == '\0');
    if (m.stop_runs > 0) {
        if ((mode != FL_RUN_FOR && mode != FL_RUN_UNTIL) || end > start)
            m.stop_runs--;
        return;
    }
    check_run_end(mode, start, end);
}

static void op_run(void)
{
    unsigned mode = take() % 6; /* 5: a bad mode (top level) or fl_loop_free (nested) */
    int64_t start = fl_now(m.loop), arg = 0, end = start;
    if (mode == FL_RUN_FOR) {
        arg = (int64_t)take() * 250;
        end = start + arg;
    } else if (mode == FL_RUN_UNTIL) {
        arg = start + signed_byte() * 250;
        if (m.depth > 0 && arg < start)
            arg = start;
        end = arg;
    }
    if (m.depth > 0) {
        nested_run(mode, arg);
        return;
    }
    if (mode > FL_RUN_TO_LAST) {
        int rc = fl_loop_run(m.loop, (fl_run_mode)99, 0);
        trace("fl_loop_run(mode 99) = %d", rc);
        CHECK(rc == FL_EINVAL);
        return;
    }
    trace("fl_loop_run(mode %u, %lld) ...", mode, (long long)arg);
    begin_run((fl_run_mode)mode);
    int rc = fl_loop_run(m.loop, (fl_run_mode)mode, arg);
    trace("... fl_loop_run(mode %u, %lld) = %d", mode, (long long)arg, rc);
    end_run((fl_run_mode)mode, start, end, rc);
}

static void op_stop(void)
{
    trace("fl_loop_stop");
    fl_loop_stop(m.loop);
    m.stop_runs = 2;
    if (m.depth > 0)
        m.stop_in_run = 1;
    else
        m.stop_at_rest = 1;
}

/* A line is "<ms>.<3 decimals> <text>\n"; byte 0 clears the transcript instead. */
static void op_log(void)
{
    unsigned b = take();
    size_t before, after = 1;
    if (b == 0) {
        trace("fl_transcript_clear");
        fl_transcript_clear(m.loop);
        CHECK(fl_transcript(m.loop, &after)[0] == '\0' && after == 0);
        return;
    }
    int64_t now = fl_now(m.loop);
    char line[64];
    int n = snprintf(line, sizeof line, "%lld.%03lld op %u byte %u\n", (long long)(now / 1000),
                     (long long)(now % 1000), m.ops, b);
    fl_transcript(m.loop, &before);
    trace("fl_log(\"op %u byte %u\")", m.ops, b);
    CHECK(fl_log(m.loop, "op %u byte %u", m.ops, b) == 0);
    const char *t = fl_transcript(m.loop, &after);
    CHECK(after == before + (size_t)n && strlen(t) == after);
    CHECK(memcmp(t + before, line, (size_t)n) == 0);
}

static void op_source_new(void)
{
    int prio = (int)(signed_byte() % 8);
    if (m.n_src == MAX_SRC)
        return;
    char name[16];
    snprintf(name, sizeof name, "fuzz%d", m.n_src);
    fl_source id = fl_source_new(m.loop, name, prio);
    trace("fl_source_new(\"%s\", %d) = %d", name, prio, id);
    CHECK(id > 0);
    for (int i = 0; i < m.n_src; i++)
        CHECK(m.src[i].id != id);
    name[0] = 'X'; /* the name was copied */
    const char *got = fl_source_name(m.loop, id);
    CHECK(got && strncmp(got, "fuzz", 4) == 0);
    m.src[m.n_src++] = (struct src){.id = id, .prio = prio};
}

static void op_set_priority(void)
{
    struct src *s = &m.src[take() % (unsigned)m.n_src];
    int prio = (int)(signed_byte() % 8);
    int rc = fl_source_set_priority(m.loop, s->id, prio);
    trace("fl_source_set_priority(%d, %d) = %d", s->id, prio, rc);
    CHECK(rc == 0);
    s->prio = prio;
}

enum op {
    OP_POST, OP_POST_EX, OP_CANCEL, OP_TIMEOUT, OP_INTERVAL, OP_CLEAR, OP_MICROTASK, OP_WORK,
    OP_RUN, OP_STOP, OP_LOG, OP_SOURCE_NEW, OP_SET_PRIORITY, OP_STORM, OP_COUNT
};

static void do_op(void)
{
    struct item *it;
    if (m.pos >= m.size || m.ops >= MAX_OPS)
        return;
    m.ops++;
    switch (take() % OP_COUNT) {
    case OP_POST: op_post(0); break;
    case OP_POST_EX: op_post(1); break;
    case OP_CANCEL: op_cancel(); break;
    case OP_TIMEOUT: set_timeout(signed_byte() * 100, 0, 0); break;
    case OP_INTERVAL: op_interval(); break;
    case OP_CLEAR:
        if ((it = pick(1u << K_TIMEOUT | 1u << K_INTERVAL)))
            clear_timer(it);
        break;
    case OP_MICROTASK: queue_microtask(0, 0); break;
    case OP_WORK: op_work(); break;
    case OP_RUN: op_run(); break;
    case OP_STOP: op_stop(); break;
    case OP_LOG: op_log(); break;
    case OP_SOURCE_NEW: op_source_new(); break;
    case OP_SET_PRIORITY: op_set_priority(); break;
    case OP_STORM: op_storm(); break;
    }
    check_state();
}

/* ---- Entry point --------------------------------------------------------- */

static void init_sources(void)
{
    for (int i = 0; i < 5; i++) {
        m.src[i].id = FL_SOURCE_DOM_MANIPULATION + i;
        m.src[i].prio = m.src[i].id == FL_SOURCE_USER_INTERACTION ? FL_PRIORITY_HIGHEST
                                                                  : FL_PRIORITY_NORMAL;
        CHECK(fl_source_name(m.loop, m.src[i].id) != NULL);
    }
    m.n_src = 5;
}

/* Freeing drops what is pending, and destroys each task that never ran, once. */
static void free_loop(void)
{
    m.freeing = 1;
    int rc = fl_loop_free(m.loop);
    m.freeing = 0;
    m.loop = NULL;
    trace("fl_loop_free = %d (model: %zu pending)", rc, m.pending);
    CHECK(rc >= 0 && (size_t)rc == m.pending);
    for (size_t i = 0; i < m.n_items; i++)
        if (m.items[i].kind == K_TASK_EX)
            CHECK(m.items[i].destroys == (m.items[i].runs == 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    tracing = getenv("FUZZ_LOOP_TRACE") != NULL;
    memset(&m, 0, sizeof m);
    m.data = data;
    m.size = size;
    m.pos = 4;
    fl_loop_options_init(&m.opt);
    m.opt.policy = (fl_policy)(data[0] % 4);
    m.opt.seed = data[1];
    m.opt.microtask_limit = 64 + data[2] % 8 * 64;
    m.opt.timer_task_limit = 64 + data[3] % 8 * 64;
    m.loop = fl_loop_new(&m.opt);
    CHECK(m.loop != NULL);
    trace("fl_loop_new(policy %s, seed %llu, microtask_limit %llu, timer_task_limit %llu)",
          fl_policy_name(m.opt.policy), (unsigned long long)m.opt.seed,
          (unsigned long long)m.opt.microtask_limit, (unsigned long long)m.opt.timer_task_limit);
    CHECK(fl_loop_options_of(m.loop)->policy == m.opt.policy);
    init_sources();
    while (m.pos < m.size && m.ops < MAX_OPS) {
        do_op();
        check_stats();
    }
    free_loop();
    return 0;
}
