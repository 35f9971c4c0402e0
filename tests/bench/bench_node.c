/*
 * bench_node: what the node profile costs per nextTick and per setImmediate turn, each
 * figure beside Node 20 doing the same in JS in the same run (`node -e`, when node is on
 * PATH). Every repetition is a fresh node-profile loop whose main script (code run before
 * fl_loop_run) queues the work; the loop then runs until idle, and both are timed:
 *
 *   tick chain  one process.nextTick; each callback queues the next, N in all: ns per tick
 *               (the headline nextTick figure: the queue stays short, as in real code)
 *   ticks       N process.nextTick callbacks queued at once: ns per tick
 *   immediate   a setImmediate chain of N hops, each callback setting the next: every hop
 *               costs one loop turn, as in Node: ns per hop
 *   timeout     a setTimeout(0) chain: ns per hop, for information. NOT comparable: a hop
 *               is 1 ms of virtual time in frameloop (CPU only) and 1 ms of wall time in
 *               Node, so Node runs only K = min(N, 1000) hops. No target.
 *
 * Targets: at least 3x faster than Node per tick (ratio <= 0.33), at least 10x faster per
 * immediate (ratio <= 0.10). Usage: bench_node [--smoke] [--n N] [--reps R]; --smoke runs
 * a tiny N and skips Node. Exits 0 unless a frameloop call fails or callbacks go missing.
 */
#include "bench_util.h"
#include "frameloop/node.h"

#define DEFAULT_N       1000000
#define DEFAULT_REPS    5
#define TICK_RATIO      0.33 /* at least 3x faster than Node */
#define IMMEDIATE_RATIO 0.10 /* at least 10x faster than Node */
#define NODE_TIMEOUT_K  1000 /* at most this many timeout hops in Node */

typedef struct bench {
    size_t n;      /* callbacks per repetition */
    size_t left;   /* hops still to run in the current chain */
    fl_loop *loop; /* the current repetition's loop */
} bench;

/* frameloop calls return a negative FL_E* code on failure. */
static void check(long long rc, const char *what)
{
    if (rc < 0) {
        fprintf(stderr, "bench_node: %s failed: %s\n", what, fl_err_name((int)rc));
        exit(1);
    }
}

/* A node-profile loop whose livelock guards let one run take all `n` callbacks: one tick
 * drain is bounded by microtask_limit and one run until idle by timer_task_limit, and the
 * bench exceeds both defaults on purpose. */
static fl_loop *new_loop(size_t n)
{
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.profile = FL_PROFILE_NODE;
    opt.microtask_limit = (uint64_t)n + 64;
    opt.timer_task_limit = (uint64_t)n + 64;
    fl_loop *loop = fl_loop_new(&opt);
    if (!loop) {
        fprintf(stderr, "bench_node: fl_loop_new failed\n");
        exit(1);
    }
    return loop;
}

/* A drained loop has nothing to drop: anything else means work went missing. */
static void free_loop(bench *b)
{
    int dropped = fl_loop_free(b->loop);
    b->loop = NULL;
    if (dropped != 0) {
        fprintf(stderr, "bench_node: %d items left in a drained loop\n", dropped);
        exit(1);
    }
}

/* One repetition: a fresh loop (not timed), then its main script and its run until idle
 * (timed). `script` queues the work as a Node program's top level would. */
static double run_rep(bench *b, void (*script)(bench *), const char *what)
{
    b->loop = new_loop(b->n);
    b->left = b->n;
    uint64_t before = bu_sink, t0 = bu_now_ns();
    script(b);
    check(fl_loop_run(b->loop, FL_RUN_UNTIL_IDLE, 0), "fl_loop_run");
    double ns = bu_ns_per(t0, b->n);
    bu_expect_sink(before, b->n, what);
    free_loop(b);
    return ns;
}

/* ---- 1. nextTick -------------------------------------------------------------------------- */

static void count_tick(fl_loop *loop, void *arg)
{
    (void)loop;
    (void)arg;
    bu_sink++;
}

static void queue_ticks(bench *b)
{
    for (size_t i = 0; i < b->n; i++)
        check(fl_next_tick(b->loop, count_tick, NULL), "fl_next_tick");
}

static void chain_tick(fl_loop *loop, void *arg)
{
    bench *b = arg;
    bu_sink++;
    if (--b->left > 0)
        check(fl_next_tick(loop, chain_tick, b), "fl_next_tick");
}

static void start_tick_chain(bench *b)
{
    check(fl_next_tick(b->loop, chain_tick, b), "fl_next_tick");
}

static double ticks_rep(void *ctx)
{
    return run_rep(ctx, queue_ticks, "nextTick x N");
}

static double tick_chain_rep(void *ctx)
{
    return run_rep(ctx, start_tick_chain, "nextTick chain");
}

/* ---- 2. setImmediate ---------------------------------------------------------------------- */

static void chain_immediate(fl_loop *loop, void *arg)
{
    bench *b = arg;
    bu_sink++;
    if (--b->left > 0)
        check(fl_set_immediate(loop, chain_immediate, b), "fl_set_immediate");
}

static void start_immediate_chain(bench *b)
{
    check(fl_set_immediate(b->loop, chain_immediate, b), "fl_set_immediate");
}

static double immediate_rep(void *ctx)
{
    return run_rep(ctx, start_immediate_chain, "setImmediate chain");
}

/* ---- 3. setTimeout(0), for information ------------------------------------------------- */

/* The node profile turns a 0 ms delay into 1 ms, as Node does: each hop waits for the
 * virtual clock to jump 1 ms in the poll phase. */
static void chain_timeout(fl_loop *loop, void *arg)
{
    bench *b = arg;
    bu_sink++;
    if (--b->left > 0)
        check(fl_set_timeout(loop, chain_timeout, b, 0), "fl_set_timeout");
}

static void start_timeout_chain(bench *b)
{
    check(fl_set_timeout(b->loop, chain_timeout, b, 0), "fl_set_timeout");
}

static double timeout_rep(void *ctx)
{
    return run_rep(ctx, start_timeout_chain, "setTimeout(0) chain");
}

/* ---- Node 20 doing the same work ------------------------------------------------------ */

/* argv: mode n reps. Prints the median over reps of ns per callback, read in the last
 * callback; exits 1 if a callback went missing. Repetitions after the first start from a
 * promise job instead of the main script: Node drains ticks and microtasks together, so
 * the ticks run the same way. No single quotes: the script travels inside '...'. */
static const char node_script[] =
    "const mode = process.argv[1], n = +process.argv[2], reps = +process.argv[3];\n"
    "let sink = 0;\n"
    "const h = () => { sink++; };\n"
    "const now = () => process.hrtime.bigint();\n"
    "function ticksRep() {\n"
    "    return new Promise((done) => {\n"
    "        const t0 = now();\n"
    "        for (let i = 0; i < n; i++) process.nextTick(h);\n"
    "        process.nextTick(() => done(Number(now() - t0) / n));\n"
    "    });\n"
    "}\n"
    "function chainRep(defer) {\n"
    "    return new Promise((done) => {\n"
    "        let left = n;\n"
    "        const t0 = now();\n"
    "        const hop = () => {\n"
    "            sink++;\n"
    "            if (--left > 0) defer(hop);\n"
    "            else done(Number(now() - t0) / n);\n"
    "        };\n"
    "        defer(hop);\n"
    "    });\n"
    "}\n"
    "const rep = {\n"
    "    ticks: ticksRep,\n"
    "    chain: () => chainRep((f) => process.nextTick(f)),\n"
    "    immediate: () => chainRep((f) => setImmediate(f)),\n"
    "    timeout: () => chainRep((f) => setTimeout(f, 0)),\n"
    "}[mode];\n"
    "(async () => {\n"
    "    const v = [];\n"
    "    for (let r = 0; r < reps; r++) v.push(await rep());\n"
    "    if (sink !== n * reps) process.exit(1);\n"
    "    v.sort((x, y) => x - y);\n"
    "    const k = v.length >> 1;\n"
    "    console.log(v.length % 2 ? v[k] : (v[k - 1] + v[k]) / 2);\n"
    "})();\n";

/* Node's timeout hops: each waits a real millisecond, so a long chain is not affordable. */
static size_t node_timeout_hops(size_t n)
{
    return n < NODE_TIMEOUT_K ? n : NODE_TIMEOUT_K;
}

/* Node's median figure for one mode, or -1 without Node. */
static double node_figure(bool node, const char *mode, size_t n, int reps)
{
    return node ? bu_node_figure(node_script, mode, n, reps) : -1;
}

/* ---- Driver ---------------------------------------------------------------------------- */

static void tick_rows(bench *b, bool node, int reps)
{
    double v = bu_median_of(tick_chain_rep, b, reps);
    bu_print_node_row("nextTick chained (headline) vs node", "ns/tick", v,
                      node_figure(node, "chain", b->n, reps), BU_RATIO_AT_MOST, TICK_RATIO);
    v = bu_median_of(ticks_rep, b, reps);
    bu_print_node_row("nextTick x N queued at once vs node", "ns/tick", v,
                      node_figure(node, "ticks", b->n, reps), BU_RATIO_AT_MOST, TICK_RATIO);
}

static void turn_rows(bench *b, bool node, int reps)
{
    double v = bu_median_of(immediate_rep, b, reps);
    bu_print_node_row("setImmediate chain hop vs node", "ns/hop", v,
                      node_figure(node, "immediate", b->n, reps), BU_RATIO_AT_MOST,
                      IMMEDIATE_RATIO);
    v = bu_median_of(timeout_rep, b, reps);
    bu_print_node_row("setTimeout(0) hop: NOT comparable", "ns/hop", v,
                      node_figure(node, "timeout", node_timeout_hops(b->n), reps), BU_NO_TARGET, 0);
}

int main(int argc, char **argv)
{
    bu_opts o;
    if (bu_parse_opts(argc, argv, DEFAULT_N, DEFAULT_REPS, &o) != 0)
        return 2;
    bu_heap_keep();
    bench b = {.n = o.n};
    char baseline[64];
    bool node = bu_node_baseline(&o, baseline, sizeof(baseline));
    char note[256];
    snprintf(note, sizeof(note),
             "node profile, virtual clock; setTimeout(0): N hops of virtual ms vs node K=%zu of "
             "real ms (not comparable); baseline: node %s",
             node_timeout_hops(b.n), baseline);
    bu_print_header("bench_node", note, &o);
    if (!node)
        printf("node: n/a\n");
    fflush(stdout);
    tick_rows(&b, node, o.reps);
    turn_rows(&b, node, o.reps);
    return 0;
}
