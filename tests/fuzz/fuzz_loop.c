/*
 * fuzz_loop: libFuzzer target for include/frameloop/loop.h.
 *
 * The input scripts one virtual-clock loop: 4 header bytes pick the options
 * (policy, seed, microtask and timer-task limits of 64..512 so livelocks are
 * reachable), then each byte starts an operation that reads its arguments from
 * the next bytes. Callbacks do a few follow-up operations from the same input.
 * The loop is freed at the end with whatever is still pending. A model of every
 * task, timer and microtask is checked after each operation and in callbacks;
 * a mismatch abort()s. FUZZ_LOOP_TRACE=1 prints every call, to read reproducers.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frameloop/loop.h"

#define MAX_OPS         4000 /* operations and callbacks per input: each input runs in ms */
#define MAX_ITEMS       2048 /* tasks, timers and microtasks per input */
#define MAX_SRC         8    /* the 5 built-in sources and up to 3 made ones */
#define BOGUS_SOURCE    40   /* in range, never created */
#define INTERVAL_MIN_US 1000 /* "at least 1 ms" */

enum kind { K_TASK, K_TASK_EX, K_TIMEOUT, K_INTERVAL, K_MICRO };
static const char *const kind_name[] = {"task", "task", "timeout", "interval", "microtask"};
enum state { S_QUEUED, S_RAN, S_GONE }; /* S_GONE: cancelled or cleared */

struct item {
    enum kind kind;
    enum state state;
    unsigned seq;     /* creation order: the model's unique id */
    int64_t handle;   /* task id (K_TASK_EX) or timer id */
    int src;          /* tasks: index into m.src */
    uint64_t src_seq; /* tasks: post order within the source */
    int runs, destroys;
    int64_t due_lb;    /* timers: lower bound of the next firing time */
    int64_t repeat_us; /* intervals: lower bound of the period */
    int exact;         /* a timeout set outside callbacks: due_lb is its deadline */
    int fires_left;    /* intervals clear themselves after this many firings */
    int chain;         /* storms: copies still to queue (reading no input) */
    int at_start;      /* a timer pending when the current fl_loop_run started */
};

static struct {
    const uint8_t *data;
    size_t size, pos;
    fl_loop *loop;
    fl_loop_options opt;
    struct item items[MAX_ITEMS];
    size_t n_items, lo; /* items before `lo` are known not to be queued */
    struct {
        fl_source id;
        int prio;
        uint64_t posted, last_run; /* src_seq of the last task posted / run */
    } src[MAX_SRC];
    int n_src;
    size_t pending; /* queued tasks + pending timers + queued microtasks */
    uint64_t tasks_run, timers_fired, micro_run;
    unsigned last_micro, last_task, last_exact; /* seq of the last microtask, task, timeout run */
    int64_t last_due;                           /* due_lb of the last exact timeout run */
    int64_t now;                                /* the latest fl_now() seen */
    unsigned ops;
    int depth, in_run, freeing;
    struct item *current, *destroy_ok;
    /* The fl_loop_run in progress. */
    fl_run_mode mode;
    uint64_t run_tasks, run_timers, run_clears, run_work, streak, max_streak;
    int stop_in_run, timers_at_start;
    /* A stop may be left over for a later run: end-of-run checks wait meanwhile. */
    int stop_at_rest, stop_runs;
} m;

static int tracing;

static void trace(const char *fmt, ...) FL_PRINTF_LIKE(1, 2);
static void trace(const char *fmt, ...)
{
    va_list ap;
    if (!tracing)
        return;
    int64_t now = m.loop && !m.freeing ? fl_now(m.loop) : m.now; /* not while half freed */
    fprintf(stderr, "[t=%lld]%s ", (long long)now, m.depth ? "     in callback:" : "");
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

/* A new item, or NULL when the model is full. Callers queue it or abort. */
static struct item *new_item(enum kind kind)
{
    if (m.n_items == MAX_ITEMS)
        return NULL;
    struct item *it = &m.items[m.n_items++];
    *it = (struct item){.kind = kind, .seq = (unsigned)m.n_items};
    m.pending++;
    return it;
}

static int is_timer(const struct item *it)
{
    return it->kind == K_TIMEOUT || it->kind == K_INTERVAL;
}

static void gone(struct item *it)
{
    it->state = S_GONE;
    m.pending--;
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

/* ---- Callbacks ----------------------------------------------------------- */

/* Priority policy: no task waits in a higher-priority source, nor an older one
 * at the same priority. A timer's place among tasks is its due time, which the
 * model does not know, so only posted tasks compare. */
static void check_priority_order(const struct item *t)
{
    int p = m.src[t->src].prio;
    for (size_t i = live_from(); i < m.n_items; i++) {
        const struct item *y = &m.items[i];
        if (y->state == S_QUEUED && y->kind <= K_TASK_EX)
            CHECK(m.src[y->src].prio < p || (m.src[y->src].prio == p && y->seq > t->seq));
    }
}

static void do_op(void);
static void set_timer(enum kind kind, int64_t delay, int n);
static void queue_microtask(int chain);
static void clear_timer(struct item *it);

/* The per-kind checks when `it` starts to run. */
static void check_kind(struct item *it)
{
    switch (it->kind) {
    case K_TASK:
    case K_TASK_EX:
        CHECK(it->src_seq > m.src[it->src].last_run); /* per-source FIFO */
        m.src[it->src].last_run = it->src_seq;
        if (m.opt.policy == FL_POLICY_FIFO) /* oldest first across sources */
            CHECK(it->seq > m.last_task);
        else if (m.opt.policy == FL_POLICY_PRIORITY)
            check_priority_order(it);
        m.last_task = it->seq;
        break;
    case K_TIMEOUT:
    case K_INTERVAL:
        CHECK(m.now >= it->due_lb); /* never early */
        /* Timeouts set outside callbacks have exact deadlines: they run in deadline
         * order, ties in the order they were set (a later one is due no earlier). */
        if (it->exact) {
            CHECK(it->due_lb > m.last_due || (it->due_lb == m.last_due && it->seq > m.last_exact));
            m.last_due = it->due_lb;
            m.last_exact = it->seq;
        }
        it->due_lb += it->repeat_us;
        m.timers_fired++;
        if (++m.run_timers > m.opt.timer_task_limit + 1) /* the timer livelock guard works */
            CHECK(m.mode != FL_RUN_UNTIL_IDLE);
        break;
    case K_MICRO:
        CHECK(it->seq > m.last_micro); /* microtasks run in queue order */
        m.last_micro = it->seq;
        m.micro_run++;
        if (++m.streak > m.max_streak) /* microtasks since the last task: one checkpoint */
            m.max_streak = m.streak;
        CHECK(m.streak <= m.opt.microtask_limit + 1); /* the microtask livelock guard works */
        break;
    }
}

/* Every task, timer and microtask: check, then do a few follow-up operations. */
static void on_run(fl_loop *loop, void *arg)
{
    struct item *it = arg;
    trace("%s #%u runs", kind_name[it->kind], it->seq);
    CHECK(loop == m.loop);
    CHECK(m.in_run && m.depth == 0 && !m.freeing); /* only fl_loop_run calls back, one at a time */
    CHECK(it->state == S_QUEUED);                  /* never twice, never after cancel/clear */
    if (it->kind != K_MICRO) {
        CHECK(!m.stop_in_run); /* fl_loop_stop ends the run after the current task */
        m.tasks_run++;
        m.run_tasks++;
        m.streak = 0;
    }
    m.depth = 1;
    m.current = it;
    m.ops++;
    it->runs++;
    if (it->kind != K_INTERVAL) { /* an interval stays pending until cleared */
        it->state = S_RAN;
        m.pending--;
    }
    check_state();
    check_kind(it);
    if (it->chain > 0 && m.ops < MAX_OPS) { /* a storm: requeue a copy */
        if (it->kind == K_MICRO)
            queue_microtask(it->chain - 1);
        else
            set_timer(K_TIMEOUT, 0, it->chain - 1);
    } else {
        for (unsigned n = take() % 4; n > 0; n--)
            do_op();
    }
    /* Intervals end after a few firings, so runs until idle end. */
    if (it->kind == K_INTERVAL && it->state == S_QUEUED && --it->fires_left <= 0)
        clear_timer(it);
    check_state();
    m.depth = 0;
    m.current = NULL;
}

/* Destructors run only for a task being cancelled or freed, and at most once. */
static void on_destroy(void *arg)
{
    struct item *it = arg;
    trace("destructor of task #%u", it->seq);
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
        int rc = fl_post_task(m.loop, BOGUS_SOURCE, on_run, NULL, "bogus");
        trace("fl_post_task(source %d) = %d", BOGUS_SOURCE, rc);
        CHECK(rc == FL_ENOENT);
        return;
    }
    struct item *it = new_item(ex ? K_TASK_EX : K_TASK);
    if (!it)
        return;
    it->src = (int)i;
    it->src_seq = ++m.src[i].posted;
    trace("fl_post_task%s(source %d) -> task #%u", ex ? "_ex" : "", m.src[i].id, it->seq);
    if (ex)
        it->handle = fl_post_task_ex(m.loop, m.src[i].id, on_run, it, NULL, on_destroy);
    else
        it->handle = fl_post_task(m.loop, m.src[i].id, on_run, it, NULL);
    CHECK(ex ? it->handle > 0 : it->handle == 0);
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
    trace("fl_cancel_task(task #%u) = %d", it->seq, rc);
    if (was_queued) {
        CHECK(rc == 0 && it->destroys == 1); /* "its destructor runs now" */
        gone(it);
    } else {
        CHECK(rc == FL_ENOENT); /* ran, is running, or was cancelled */
    }
}

/* A timeout (`n`: storm copies to queue) or an interval (`n`: firings before it clears). */
static void set_timer(enum kind kind, int64_t delay, int n)
{
    struct item *it = new_item(kind);
    if (!it)
        return;
    if (kind == K_INTERVAL) {
        it->repeat_us = delay > INTERVAL_MIN_US ? delay : INTERVAL_MIN_US;
        it->due_lb = fl_now(m.loop) + it->repeat_us;
        it->fires_left = n;
        CHECK((it->handle = fl_set_interval(m.loop, on_run, it, delay)) > 0);
    } else {
        it->due_lb = fl_now(m.loop) + (delay > 0 ? delay : 0);
        /* Outside callbacks there is no nesting clamp, so a positive delay gives an
         * exact deadline. A zero delay is posted at once, as Chromium posts an
         * immediate task, so it may run before an overdue timer not yet moved. */
        it->exact = m.depth == 0 && delay > 0;
        it->chain = n;
        CHECK((it->handle = fl_set_timeout(m.loop, on_run, it, delay)) > 0);
    }
    trace("fl_set_%s(%lld us) -> %s #%u (n %d)", kind_name[kind], (long long)delay, kind_name[kind],
          it->seq, n);
}

static void clear_timer(struct item *it)
{
    int rc = fl_clear_timer(m.loop, it->handle);
    trace("fl_clear_timer(%s #%u) = %d", kind_name[it->kind], it->seq, rc);
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

static void op_clear(struct item *it)
{
    if (it)
        clear_timer(it);
}

static void queue_microtask(int chain)
{
    struct item *it = new_item(K_MICRO);
    if (!it)
        return;
    it->chain = chain;
    trace("fl_queue_microtask -> microtask #%u", it->seq);
    CHECK(fl_queue_microtask(m.loop, on_run, it) == 0);
}

static void op_work(int64_t us)
{
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

/* What a run that returned 0 without being stopped must have done. */
static void check_run_end(fl_run_mode mode, int64_t start, int64_t end)
{
    const struct item *y = m.items;
    size_t i;
    switch (mode) {
    case FL_RUN_UNTIL_IDLE: /* nothing queued, due or held: microtasks included */
        CHECK(m.pending == 0);
        break;
    case FL_RUN_FOR:
    case FL_RUN_UNTIL:
        /* The clock ends at `end`, or later only if a callback's fl_work took it there. */
        CHECK(fl_now(m.loop) == (end > m.now ? end : m.now));
        /* Every timer due by `end` ran, even when a callback's fl_work overshot it. */
        for (i = live_from(); end > start && i < m.n_items; i++)
            CHECK(!(y[i].state == S_QUEUED && y[i].exact && y[i].due_lb <= end));
        break;
    case FL_RUN_NEXT:
        if (m.timers_at_start > 0 && m.run_clears == 0)
            CHECK(m.run_timers > 0);
        break;
    case FL_RUN_TO_LAST: /* every timeout pending at the start ran */
        for (i = live_from(); i < m.n_items; i++)
            CHECK(!(y[i].at_start && y[i].kind == K_TIMEOUT && y[i].state == S_QUEUED));
        break;
    }
}

static void end_run(fl_run_mode mode, int64_t start, int64_t end, int rc)
{
    const char *err = fl_loop_error(m.loop);
    m.in_run = 0;
    if (rc == FL_EINVAL && mode == FL_RUN_UNTIL && end < start && m.run_tasks == 0)
        return; /* an end in the past may count as a bad argument */
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

/* Inside a callback fl_loop_run and fl_loop_free refuse, and the state check
 * after the operation sees that nothing changed. Mode 5 stands for the free. */
static void nested_run(unsigned mode, int64_t arg)
{
    int rc =
        mode > FL_RUN_TO_LAST ? fl_loop_free(m.loop) : fl_loop_run(m.loop, (fl_run_mode)mode, arg);
    trace("%s(mode %u, %lld) = %d", mode > FL_RUN_TO_LAST ? "fl_loop_free" : "fl_loop_run", mode,
          (long long)arg, rc);
    CHECK(rc == FL_EBUSY);
}

static void begin_run(fl_run_mode mode)
{
    m.mode = mode;
    m.in_run = 1;
    m.run_tasks = m.run_timers = m.run_clears = m.run_work = m.streak = m.max_streak = 0;
    m.stop_in_run = m.timers_at_start = 0;
    for (size_t i = live_from(); i < m.n_items; i++) {
        struct item *y = &m.items[i];
        y->at_start = y->state == S_QUEUED && is_timer(y);
        m.timers_at_start += y->at_start;
    }
}

/* Mode 5 is a bad mode at the top level and fl_loop_free inside callbacks. */
static void op_run(unsigned mode, unsigned b)
{
    int64_t start = fl_now(m.loop), arg = 0;
    if (mode == FL_RUN_FOR)
        arg = (int64_t)b * 250;
    else if (mode == FL_RUN_UNTIL) /* an end in the past only at the top level */
        arg = start + (m.depth ? (int64_t)b : (int8_t)b) * 250;
    if (m.depth > 0) {
        nested_run(mode, arg);
        return;
    }
    if (mode > FL_RUN_TO_LAST) {
        CHECK(fl_loop_run(m.loop, (fl_run_mode)99, 0) == FL_EINVAL);
        return;
    }
    trace("fl_loop_run(mode %u, %lld) ...", mode, (long long)arg);
    begin_run((fl_run_mode)mode);
    int rc = fl_loop_run(m.loop, (fl_run_mode)mode, arg);
    trace("... fl_loop_run(mode %u, %lld) = %d", mode, (long long)arg, rc);
    end_run((fl_run_mode)mode, start, mode == FL_RUN_FOR ? start + arg : arg, rc);
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

/* Each fl_log appends one "<ms>.<3 decimals> <text>\n" line; byte 0 clears instead. */
static void op_log(unsigned b)
{
    size_t before, after = 1;
    fl_transcript(m.loop, &before);
    trace(b ? "fl_log(\"log %u\")" : "fl_transcript_clear", b);
    if (b == 0)
        fl_transcript_clear(m.loop);
    else
        CHECK(fl_log(m.loop, "log %u", b) == 0);
    const char *t = fl_transcript(m.loop, &after);
    CHECK(strlen(t) == after && (b ? after > before && t[after - 1] == '\n' : after == 0));
}

static void op_source_new(int prio)
{
    char name[16];
    if (m.n_src == MAX_SRC)
        return;
    snprintf(name, sizeof name, "fuzz%d", m.n_src);
    fl_source id = fl_source_new(m.loop, name, prio);
    trace("fl_source_new(\"%s\", %d) = %d", name, prio, id);
    CHECK(id > m.src[m.n_src - 1].id);
    name[0] = 'X'; /* the loop keeps its own copy of the name */
    CHECK(!strncmp(fl_source_name(m.loop, id), "fuzz", 4));
    m.src[m.n_src].id = id;
    m.src[m.n_src++].prio = prio;
}

static void op_set_priority(unsigned b, int prio)
{
    unsigned i = b % (unsigned)m.n_src;
    int rc = fl_source_set_priority(m.loop, m.src[i].id, prio);
    trace("fl_source_set_priority(%d, %d) = %d", m.src[i].id, prio, rc);
    CHECK(rc == 0);
    m.src[i].prio = prio;
}

/* A microtask or zero-delay timeout that queues up to ~1000 copies of itself. */
static void op_storm(unsigned b)
{
    int copies = (int)(b >> 1) * 8 + 1;
    if (b & 1)
        set_timer(K_TIMEOUT, 0, copies);
    else
        queue_microtask(copies);
}

/* Many timeouts at once, then clearing every `stride`-th pending timer: enough
 * cleared timers pile up in the timer heap for the loop to sweep them. */
static void op_burst(unsigned n, int64_t delay)
{
    for (unsigned i = 0; i <= n; i++)
        set_timer(K_TIMEOUT, delay + (int64_t)(i * 7 % 5) * 100, 0);
}

static void op_clear_many(unsigned stride)
{
    unsigned k = 0;
    for (size_t i = live_from(); i < m.n_items; i++)
        if (m.items[i].state == S_QUEUED && is_timer(&m.items[i]) && k++ % stride == 0)
            clear_timer(&m.items[i]);
}

/* clang-format off */
enum op {
    OP_POST, OP_POST_EX, OP_CANCEL, OP_TIMEOUT, OP_INTERVAL, OP_CLEAR, OP_MICROTASK, OP_WORK,
    OP_RUN, OP_STOP, OP_LOG, OP_SOURCE_NEW, OP_SET_PRIORITY, OP_STORM, OP_BURST,
    OP_CLEAR_MANY, OP_COUNT
};

/* One operation and its argument bytes; also called from inside callbacks. */
static void do_op(void)
{
    unsigned b;
    if (m.pos >= m.size || m.ops >= MAX_OPS)
        return;
    m.ops++;
    switch (take() % OP_COUNT) {
    case OP_POST:         op_post(0); break;
    case OP_POST_EX:      op_post(1); break;
    case OP_CANCEL:       op_cancel(); break;
    case OP_TIMEOUT:      set_timer(K_TIMEOUT, (int8_t)take() * 100, 0); break;
    case OP_INTERVAL:     b = take(); set_timer(K_INTERVAL, (int8_t)b * 250, 1 + take() % 4); break;
    case OP_CLEAR:        op_clear(pick(1u << K_TIMEOUT | 1u << K_INTERVAL)); break;
    case OP_MICROTASK:    queue_microtask(0); break;
    case OP_WORK:         op_work(((int64_t)take() - 16) * 40); break;
    case OP_RUN:          b = take() % 6; op_run(b, take()); break;
    case OP_STOP:         op_stop(); break;
    case OP_LOG:          op_log(take()); break;
    case OP_SOURCE_NEW:   op_source_new((int8_t)take() % 8); break;
    case OP_SET_PRIORITY: b = take(); op_set_priority(b, (int8_t)take() % 8); break;
    case OP_STORM:        op_storm(take()); break;
    case OP_BURST:        b = take() % 128; op_burst(b, (int8_t)take() * 100); break;
    case OP_CLEAR_MANY:   op_clear_many(1 + take() % 3); break;
    }
    check_state();
}
/* clang-format on */

/* ---- Entry point --------------------------------------------------------- */

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
    for (m.n_src = 0; m.n_src < 5; m.n_src++) { /* the built-in sources and their priorities */
        m.src[m.n_src].id = FL_SOURCE_DOM_MANIPULATION + m.n_src;
        m.src[m.n_src].prio = m.src[m.n_src].id == FL_SOURCE_USER_INTERACTION ? FL_PRIORITY_HIGHEST
                                                                              : FL_PRIORITY_NORMAL;
        CHECK(fl_source_name(m.loop, m.src[m.n_src].id) != NULL);
    }
    while (m.pos < m.size && m.ops < MAX_OPS) {
        fl_loop_stats st;
        do_op();
        CHECK(fl_loop_get_stats(m.loop, &st) == 0); /* counted only outside callbacks */
        CHECK(st.tasks_run == m.tasks_run && st.timers_fired == m.timers_fired);
        CHECK(st.microtasks_run == m.micro_run);
    }
    free_loop();
    return 0;
}
