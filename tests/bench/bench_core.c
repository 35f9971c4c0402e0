/*
 * bench_core: what the core loop costs per task, microtask and timer, in time
 * and in heap bytes, each beside a baseline measured in the same binary:
 *
 *   tasks       fl_post_task over 6 sources + run until idle (fifo, virtual clock)
 *               vs a ring of malloc'd 32-byte tasks, and vs libevent event_base_once
 *   microtasks  fl_queue_microtask x N from one task vs a bare (fn, arg) ring
 *   timers      fl_set_timeout x N, random 0..1000 ms, fired in virtual time
 *               vs libevent evtimers with the same delays (add + fire)
 *   heap        bytes per pending task / timer vs libevent's per pending event
 *
 * Usage: bench_core [--smoke] [--n N] [--reps R]. Exits 0 unless a call fails.
 */
#include <event2/event.h>

#include "bench_util.h"
#include "frameloop/loop.h"

#define DEFAULT_N     1000000
#define DEFAULT_REPS  5
#define NSOURCES      6 /* the 5 built-in sources plus one made by fl_source_new */
#define SEED          0x5eedf00dcafe1234u
#define WAIT_SLACK_NS 20000000u /* libevent may read a coarse clock: let every timer be due */

typedef struct bench {
    size_t n;
    int max_delay_ms;  /* timers get 0..max_delay_ms ms */
    int32_t *delay_ms; /* the same random delays for frameloop and libevent */
    fl_loop *loop;
    fl_source src[NSOURCES];
    struct event_base *base;
    unsigned char *events; /* n libevent timers, event_get_struct_event_size() each */
    void *slots;           /* the baseline rings: a power-of-2 count of ring_entry */
    size_t mask;           /* slot count - 1 */
} bench;

static void die(const char *what, long long rc)
{
    fprintf(stderr, "bench_core: %s failed (%lld)\n", what, rc);
    exit(1);
}

/* frameloop calls return a negative FL_E* code on failure. */
static void check(long long rc, const char *what)
{
    if (rc < 0) {
        fprintf(stderr, "bench_core: %s failed: %s\n", what, fl_err_name((int)rc));
        exit(1);
    }
}

/* libevent calls return -1 on failure. */
static void check_ev(int rc, const char *what)
{
    if (rc < 0)
        die(what, rc);
}

/* The one callback every variant runs (baselines call it with a NULL loop). */
static void count_task(fl_loop *loop, void *arg)
{
    (void)loop;
    (void)arg;
    bu_sink++;
}

static void count_event(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    (void)arg;
    bu_sink++;
}

/* Default options (guards == 0), or with livelock guards raised so that one run may execute
 * `guards` microtasks or timer tasks: the bench queues N of them on purpose. */
static fl_loop *new_loop(size_t guards)
{
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.microtask_limit = (uint64_t)guards + 16;
    opt.timer_task_limit = (uint64_t)guards + 16;
    fl_loop *loop = fl_loop_new(guards ? &opt : NULL);
    if (!loop)
        die("fl_loop_new", 0);
    return loop;
}

static void add_sources(bench *b)
{
    for (int i = 0; i < NSOURCES - 1; i++)
        b->src[i] = FL_SOURCE_DOM_MANIPULATION + i;
    b->src[NSOURCES - 1] = fl_source_new(b->loop, "bench", FL_PRIORITY_NORMAL);
    check(b->src[NSOURCES - 1], "fl_source_new");
}

static void post_round_robin(bench *b)
{
    for (size_t i = 0; i < b->n; i++)
        check(fl_post_task(b->loop, b->src[i % NSOURCES], count_task, NULL, "bench"),
              "fl_post_task");
}

/* ---- 1. Tasks --------------------------------------------------------------- */

/* A task as a minimal loop would heap-allocate it: callback, argument, name, sequence. */
typedef struct ring_task {
    fl_task_fn fn;
    void *arg;
    const char *name;
    uint64_t seq;
} ring_task;

static double ring_malloc_rep(void *p)
{
    bench *b = p;
    ring_task **ring = (ring_task **)b->slots;
    size_t head = 0, tail = 0, mask = b->mask;
    uint64_t before = bu_sink, t0 = bu_now_ns();
    for (size_t i = 0; i < b->n; i++) {
        ring_task *t = bu_xmalloc(sizeof(*t));
        *t = (ring_task){count_task, NULL, "bench", i};
        ring[tail++ & mask] = t;
    }
    while (head != tail) {
        ring_task *t = ring[head++ & mask];
        t->fn(NULL, t->arg);
        free(t);
    }
    double ns = bu_ns_per(t0, b->n);
    bu_expect_sink(before, b->n, "ring+malloc");
    return ns;
}

/* A zero timeout makes event_base_once activate at once: libevent's "post a task" idiom. */
static void post_once(struct event_base *base, size_t n)
{
    static const struct timeval zero = {0, 0};
    for (size_t i = 0; i < n; i++)
        check_ev(event_base_once(base, -1, EV_TIMEOUT, count_event, NULL, &zero),
                 "event_base_once");
}

static double libevent_once_rep(void *p)
{
    bench *b = p;
    uint64_t before = bu_sink, t0 = bu_now_ns();
    post_once(b->base, b->n);
    check_ev(event_base_dispatch(b->base), "event_base_dispatch");
    double ns = bu_ns_per(t0, b->n);
    bu_expect_sink(before, b->n, "libevent once");
    return ns;
}

/* Times one loop run until idle: of N round-robin posts, or of one task that queues N items.
 * The posts and the queuing task are inside the timing: they are part of the cost. */
static double fl_run_rep(bench *b, fl_task_fn queue_n, const char *what)
{
    uint64_t before = bu_sink, t0 = bu_now_ns();
    if (queue_n)
        check(fl_post_task(b->loop, FL_SOURCE_DOM_MANIPULATION, queue_n, b, what), "fl_post_task");
    else
        post_round_robin(b);
    check(fl_loop_run(b->loop, FL_RUN_UNTIL_IDLE, 0), "fl_loop_run");
    double ns = bu_ns_per(t0, b->n);
    bu_expect_sink(before, b->n, what);
    return ns;
}

static double fl_tasks_rep(void *p)
{
    return fl_run_rep(p, NULL, "frameloop tasks");
}

/* ---- 2. Microtasks ---------------------------------------------------------- */

typedef struct ring_entry {
    fl_task_fn fn;
    void *arg;
} ring_entry;

static double ring_bare_rep(void *p)
{
    bench *b = p;
    ring_entry *ring = (ring_entry *)b->slots;
    size_t head = 0, tail = 0, mask = b->mask;
    uint64_t before = bu_sink, t0 = bu_now_ns();
    for (size_t i = 0; i < b->n; i++)
        ring[tail++ & mask] = (ring_entry){count_task, NULL};
    while (head != tail) {
        ring_entry e = ring[head++ & mask];
        e.fn(NULL, e.arg);
    }
    double ns = bu_ns_per(t0, b->n);
    bu_expect_sink(before, b->n, "bare ring");
    return ns;
}

static void queue_microtasks(fl_loop *loop, void *arg)
{
    bench *b = arg;
    for (size_t i = 0; i < b->n; i++)
        check(fl_queue_microtask(loop, count_task, NULL), "fl_queue_microtask");
}

static double fl_microtasks_rep(void *p)
{
    return fl_run_rep(p, queue_microtasks, "frameloop microtasks");
}

/* ---- 3. Timers -------------------------------------------------------------- */

static void set_timers(fl_loop *loop, void *arg)
{
    bench *b = arg;
    for (size_t i = 0; i < b->n; i++)
        check(fl_set_timeout(loop, count_task, NULL, FL_MS(b->delay_ms[i])), "fl_set_timeout");
}

static double fl_timers_rep(void *p)
{
    return fl_run_rep(p, set_timers, "frameloop timers");
}

static struct timeval delay_tv(const bench *b, size_t i)
{
    return (struct timeval){b->delay_ms[i] / 1000, (b->delay_ms[i] % 1000) * 1000};
}

/* Adds from inside a callback, as frameloop does from a task: libevent then reads its cached
 * time instead of the clock per add. Events live in one array: no malloc is timed. */
static void add_evtimers(evutil_socket_t fd, short what, void *arg)
{
    bench *b = arg;
    (void)fd;
    (void)what;
    for (size_t i = 0; i < b->n; i++) {
        struct timeval tv = delay_tv(b, i);
        struct event *ev = (struct event *)(b->events + i * event_get_struct_event_size());
        check_ev(evtimer_assign(ev, b->base, count_event, NULL), "evtimer_assign");
        check_ev(evtimer_add(ev, &tv), "evtimer_add");
    }
}

static double libevent_timers_rep(void *p)
{
    bench *b = p;
    uint64_t before = bu_sink, t0 = bu_now_ns();
    check_ev(event_base_once(b->base, -1, EV_TIMEOUT, add_evtimers, b, NULL), "event_base_once");
    check_ev(event_base_loop(b->base, EVLOOP_ONCE), "event_base_loop");
    uint64_t t_add = bu_now_ns() - t0;
    /* Real time must pass for libevent; the wait is not part of its cost. */
    bu_sleep_until_ns(bu_now_ns() + (uint64_t)b->max_delay_ms * 1000000u + WAIT_SLACK_NS);
    uint64_t t1 = bu_now_ns();
    check_ev(event_base_dispatch(b->base), "event_base_dispatch");
    uint64_t t_fire = bu_now_ns() - t1;
    bu_expect_sink(before, b->n, "libevent timers");
    return (double)(t_add + t_fire) / (double)b->n;
}

/* ---- 4. Heap bytes per pending item ---------------------------------------- */

/* Heap growth of a fresh loop holding N pending tasks or timers; freeing must drop all N. */
static double fl_pending_rep(bench *b, bool timers)
{
    b->loop = new_loop(0);
    add_sources(b);
    long long before = bu_heap_bytes();
    if (timers)
        set_timers(b->loop, b); /* from outside any task: timers are pending, not run */
    else
        post_round_robin(b);
    double bytes = bu_heap_bytes_per(before, b->n);
    int dropped = fl_loop_free(b->loop);
    b->loop = NULL;
    if (dropped != (int)b->n)
        die("fl_loop_free: dropped count of a loop with N pending", dropped);
    return bytes;
}

static double fl_pending_tasks_rep(void *p)
{
    return fl_pending_rep(p, false);
}

static double fl_pending_timers_rep(void *p)
{
    return fl_pending_rep(p, true);
}

static struct event_base *new_base(void)
{
    struct event_base *base = event_base_new();
    if (!base)
        die("event_base_new", 0);
    return base;
}

static double libevent_pending_once_rep(void *p)
{
    bench *b = p;
    struct event_base *base = new_base();
    long long before = bu_heap_bytes();
    post_once(base, b->n);
    double bytes = bu_heap_bytes_per(before, b->n);
    event_base_free(base); /* frees the pending once-events too */
    return bytes;
}

/* evtimer_new per timer: a pending libevent timer costs its malloc'd struct event. */
static double libevent_pending_timers_rep(void *p)
{
    bench *b = p;
    struct event_base *base = new_base();
    struct event **evs = b->slots; /* ring_entry slots hold at least n pointers */
    long long before = bu_heap_bytes();
    for (size_t i = 0; i < b->n; i++) {
        struct timeval tv = delay_tv(b, i);
        evs[i] = evtimer_new(base, count_event, NULL);
        if (!evs[i])
            die("evtimer_new", 0);
        check_ev(evtimer_add(evs[i], &tv), "evtimer_add");
    }
    double bytes = bu_heap_bytes_per(before, b->n);
    for (size_t i = 0; i < b->n; i++)
        event_free(evs[i]);
    event_base_free(base);
    return bytes;
}

/* ---- Driver ----------------------------------------------------------------- */

static void setup(bench *b, const bu_opts *o)
{
    bu_rng rng = {SEED};
    b->n = o->n;
    /* A smoke run cannot wait a real second for libevent's timers. */
    b->max_delay_ms = o->smoke ? 1 : 1000;
    b->delay_ms = bu_xmalloc(b->n * sizeof(*b->delay_ms));
    for (size_t i = 0; i < b->n; i++)
        b->delay_ms[i] = (int32_t)bu_rng_below(&rng, (uint64_t)b->max_delay_ms + 1);
    b->base = new_base();
    b->events = bu_xmalloc(b->n * event_get_struct_event_size());
    /* Rings index with a mask, as real ones do, so capacity is n rounded up to a power of 2. */
    b->mask = bu_pow2_at_least(b->n) - 1;
    b->slots = bu_xmalloc((b->mask + 1) * sizeof(ring_entry));
}

/* A drained loop has nothing to drop: anything else means work went missing or leaked. */
static void free_drained(bench *b)
{
    int dropped = fl_loop_free(b->loop);
    b->loop = NULL;
    if (dropped != 0)
        die("fl_loop_free of a drained loop (items dropped)", dropped);
}

static void time_rows(bench *b, int reps)
{
    b->loop = new_loop(0);
    add_sources(b);
    double task = bu_median_of(fl_tasks_rep, b, reps);
    double ring = bu_median_of(ring_malloc_rep, b, reps);
    double once = bu_median_of(libevent_once_rep, b, reps);
    free_drained(b);
    bu_print_row("task post+run vs ring+malloc", "ns/task", task, ring, BU_RATIO_AT_MOST, 2.0);
    bu_print_row("task post+run vs libevent once", "ns/task", task, once, BU_RATIO_BELOW, 1.0);

    b->loop = new_loop(b->n);
    double micro = bu_median_of(fl_microtasks_rep, b, reps);
    double bare = bu_median_of(ring_bare_rep, b, reps);
    bu_print_row("microtask vs bare ring", "ns/mtask", micro, bare, BU_RATIO_AT_MOST, 3.0);
    double timer = bu_median_of(fl_timers_rep, b, reps);
    double evtimer = bu_median_of(libevent_timers_rep, b, reps);
    free_drained(b);
    bu_print_row("timer set+fire vs libevent evtimer", "ns/timer", timer, evtimer, BU_RATIO_AT_MOST,
                 0.5);
}

static void heap_rows(bench *b, int reps)
{
    double task = bu_median_of(fl_pending_tasks_rep, b, reps);
    double once = bu_median_of(libevent_pending_once_rep, b, reps);
    bu_print_row("pending task heap vs libevent once", "B/task", task, once, BU_VALUE_AT_MOST, 64);
    double timer = bu_median_of(fl_pending_timers_rep, b, reps);
    double evtimer = bu_median_of(libevent_pending_timers_rep, b, reps);
    bu_print_row("pending timer heap vs libevent evtimer", "B/timer", timer, evtimer,
                 BU_VALUE_AT_MOST, 64);
}

int main(int argc, char **argv)
{
    bu_opts o;
    if (bu_parse_opts(argc, argv, DEFAULT_N, DEFAULT_REPS, &o) != 0)
        return 2;
    bu_heap_keep();
    bench b = {0};
    setup(&b, &o);
    char note[128];
    snprintf(note, sizeof(note), "fifo policy, virtual clock; timer delays 0..%d ms, seed %#llx",
             b.max_delay_ms, (unsigned long long)SEED);
    bu_print_header("bench_core", note, &o);
    time_rows(&b, o.reps);
    heap_rows(&b, o.reps);
    event_base_free(b.base);
    free(b.events);
    free(b.slots);
    free(b.delay_ms);
    return 0;
}
