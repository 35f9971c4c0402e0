/*
 * bench_promise: what the promise layer costs per job, each figure beside Node 20
 * doing the same work in JS in the same run (`node -e`, when node is on PATH):
 *
 *   then    a chain p.then(h) x N built on a resolved promise, then run until idle:
 *           ns per reaction job (the run is timed, not the build)
 *   await   an async function awaiting one already-resolved promise N times: ns per step
 *   all     fl_promise_all over M already-resolved promises (M = min(N, 1M)): ns per element
 *   heap    bytes per pending then-reaction: M thens on one pending promise (mallinfo2
 *           delta / M; Node: heapUsed delta after a full GC / M)
 *
 * Targets: at least 2x faster than Node per job (ratio <= 0.5); at most 64 bytes per
 * pending reaction. Usage: bench_promise [--smoke] [--n N] [--reps R]; --smoke runs a tiny
 * N and skips Node. Exits 0 unless a frameloop call fails.
 */
#include "bench_util.h"
#include "frameloop/async.h"

#define DEFAULT_N    10000000
#define DEFAULT_REPS 5
#define ALL_MAX      1000000 /* elements for `all` and pending reactions for `heap` */
#define NODE_RATIO   0.5     /* at least 2x faster than Node */
#define HEAP_TARGET  64      /* bytes per pending reaction */

typedef struct bench {
    size_t n;         /* then chain length and await count */
    size_t m;         /* all elements and pending reactions */
    int reps;         /* repetitions per figure */
    fl_loop *loop;    /* the current repetition's loop */
    fl_promise *done; /* the already-resolved promise the async loop awaits */
} bench;

static void check(const void *p, const char *what)
{
    if (!p) {
        fprintf(stderr, "bench_promise: %s failed\n", what);
        exit(1);
    }
}

static void check_rc(long long rc, const char *what)
{
    if (rc < 0) {
        fprintf(stderr, "bench_promise: %s failed: %s\n", what, fl_err_name((int)rc));
        exit(1);
    }
}

/* A loop whose livelock guard lets one checkpoint run all `jobs` jobs: the bench queues
 * them on purpose. */
static fl_loop *new_loop(size_t jobs)
{
    fl_loop_options opt;
    fl_loop_options_init(&opt);
    opt.microtask_limit = 2 * (uint64_t)jobs + 64;
    fl_loop *loop = fl_loop_new(&opt);
    check(loop, "fl_loop_new");
    return loop;
}

static void noop_task(fl_loop *loop, void *arg)
{
    (void)loop;
    (void)arg;
}

/* Jobs queued outside a run wait for a task's checkpoint: post an empty task and time the
 * run that performs it, so the figure is the jobs' cost alone. */
static double timed_run(bench *b, uint64_t t0, size_t n)
{
    check_rc(fl_post_task(b->loop, FL_SOURCE_DOM_MANIPULATION, noop_task, NULL, "kick"),
             "fl_post_task");
    check_rc(fl_loop_run(b->loop, FL_RUN_UNTIL_IDLE, 0), "fl_loop_run");
    return bu_ns_per(t0, n);
}

/* A drained loop has nothing to drop: anything else means work went missing. */
static void free_loop(bench *b)
{
    int dropped = fl_loop_free(b->loop);
    b->loop = NULL;
    if (dropped != 0) {
        fprintf(stderr, "bench_promise: %d items left in a drained loop\n", dropped);
        exit(1);
    }
}

/* ---- 1. then chain --------------------------------------------------------------------- */

static fl_value *count_job(fl_loop *loop, fl_value *v, void *arg)
{
    (void)loop;
    (void)v;
    (void)arg;
    bu_sink++;
    return NULL;
}

static double then_rep(void *ctx)
{
    bench *b = ctx;
    b->loop = new_loop(b->n);
    fl_promise *p = fl_promise_resolved(b->loop, NULL);
    for (size_t i = 0; i < b->n; i++) {
        p = fl_promise_then(p, count_job, NULL, NULL);
        check(p, "fl_promise_then");
    }
    uint64_t before = bu_sink, t0 = bu_now_ns();
    double ns = timed_run(b, t0, b->n);
    bu_expect_sink(before, b->n, "then chain");
    free_loop(b);
    return ns;
}

/* ---- 2. await loop ---------------------------------------------------------------------- */

typedef struct await_locals {
    size_t i;
} await_locals;

/* async function f() { for (let i = 0; i < n; i++) { await done; sink++; } } */
static void await_loop(fl_async *co)
{
    await_locals *l = fl_async_locals(co);
    bench *b = fl_async_arg(co);
    FL_ASYNC_BEGIN(co);
    for (l->i = 0; l->i < b->n; l->i++) {
        FL_AWAIT(co, b->done);
        bu_sink++;
    }
    FL_ASYNC_END(co);
}

static double await_rep(void *ctx)
{
    bench *b = ctx;
    b->loop = new_loop(b->n);
    b->done = fl_promise_ref(fl_promise_resolved(b->loop, fl_int(1)));
    check(b->done, "fl_promise_resolved");
    uint64_t before = bu_sink, t0 = bu_now_ns();
    check(fl_async_call(b->loop, await_loop, sizeof(await_locals), b), "fl_async_call");
    double ns = timed_run(b, t0, b->n);
    bu_expect_sink(before, b->n, "await loop");
    fl_promise_unref(b->done);
    free_loop(b);
    return ns;
}

/* ---- 3. Promise.all ---------------------------------------------------------------------- */

static fl_value *count_all(fl_loop *loop, fl_value *v, void *arg)
{
    (void)loop;
    bu_sink += fl_array_length(v) == *(size_t *)arg ? fl_array_length(v) : 0;
    return NULL;
}

static double all_rep(void *ctx)
{
    bench *b = ctx;
    b->loop = new_loop(b->m);
    fl_value *in = fl_array_new();
    check(in, "fl_array_new");
    for (size_t i = 0; i < b->m; i++) {
        fl_promise *p = fl_promise_resolved(b->loop, fl_int((int64_t)i));
        check(p, "fl_promise_resolved");
        check_rc(fl_array_push(in, fl_promise_value(p)), "fl_array_push");
    }
    uint64_t before = bu_sink, t0 = bu_now_ns();
    fl_promise *all = fl_promise_all(b->loop, in);
    check(all, "fl_promise_all");
    check(fl_promise_then(all, count_all, NULL, &b->m), "fl_promise_then");
    double ns = timed_run(b, t0, b->m);
    bu_expect_sink(before, b->m, "fl_promise_all");
    free_loop(b);
    return ns;
}

/* ---- 4. Heap per pending reaction ---------------------------------------------------- */

static double heap_rep(void *ctx)
{
    bench *b = ctx;
    b->loop = new_loop(0);
    fl_promise *root = fl_promise_ref(fl_promise_new(b->loop));
    check(root, "fl_promise_new");
    long long before = bu_heap_bytes();
    for (size_t i = 0; i < b->m; i++)
        check(fl_promise_then(root, count_job, NULL, NULL), "fl_promise_then");
    double bytes = bu_heap_bytes_per(before, b->m);
    fl_promise_unref(root);
    fl_loop_free(b->loop); /* reactions on a promise that never settles are just dropped */
    b->loop = NULL;
    return bytes;
}

/* ---- Node 20 doing the same work ------------------------------------------------------ */

/* argv: mode n reps. Prints the median over reps of ns per op (bytes per reaction for
 * heap). No single quotes: the script travels inside '...' through the shell. */
static const char node_script[] =
    "const mode = process.argv[1], n = +process.argv[2], reps = +process.argv[3];\n"
    "let sink = 0;\n"
    "const h = () => { sink++; };\n"
    "const now = () => process.hrtime.bigint();\n"
    "function thenRep() {\n"
    "    let p = Promise.resolve();\n"
    "    for (let i = 0; i < n; i++) p = p.then(h);\n"
    "    const t0 = now();\n"
    "    return p.then(() => Number(now() - t0) / n);\n"
    "}\n"
    "async function awaitLoop(done) { for (let i = 0; i < n; i++) { await done; sink++; } }\n"
    "function awaitRep() {\n"
    "    const done = Promise.resolve(1);\n"
    "    const t0 = now();\n"
    "    return awaitLoop(done).then(() => Number(now() - t0) / n);\n"
    "}\n"
    "function allRep() {\n"
    "    const a = [];\n"
    "    for (let i = 0; i < n; i++) a.push(Promise.resolve(i));\n"
    "    const t0 = now();\n"
    "    return Promise.all(a).then((v) => { sink += v.length; return Number(now() - t0) / n; });\n"
    "}\n"
    "async function heapRep() {\n"
    "    const root = new Promise(() => {});\n"
    "    gc();\n"
    "    const h0 = process.memoryUsage().heapUsed;\n"
    "    for (let i = 0; i < n; i++) root.then(h);\n"
    "    globalThis.kept = root; /* else the whole graph is garbage at the second gc */\n"
    "    gc();\n"
    "    const bytes = (process.memoryUsage().heapUsed - h0) / n;\n"
    "    globalThis.kept = null;\n"
    "    return bytes;\n"
    "}\n"
    "const rep = {then: thenRep, await: awaitRep, all: allRep, heap: heapRep}[mode];\n"
    "(async () => {\n"
    "    const v = [];\n"
    "    for (let r = 0; r < reps; r++) v.push(await rep());\n"
    "    v.sort((x, y) => x - y);\n"
    "    const k = v.length >> 1;\n"
    "    console.log(v.length % 2 ? v[k] : (v[k - 1] + v[k]) / 2);\n"
    "})();\n";

/* Node's median figure for one mode, or -1 when it could not be had. */
static double node_figure(bool node, const char *mode, size_t n, int reps)
{
    return node ? bu_node_figure(node_script, mode, n, reps) : -1;
}

/* ---- Driver ---------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    bu_opts o;
    if (bu_parse_opts(argc, argv, DEFAULT_N, DEFAULT_REPS, &o) != 0)
        return 2;
    bu_heap_keep();
    bench b = {.n = o.n, .m = o.n < ALL_MAX ? o.n : ALL_MAX, .reps = o.reps};
    char baseline[64];
    bool node = bu_node_baseline(&o, baseline, sizeof(baseline));
    char note[256];
    snprintf(note, sizeof(note),
             "then chain of N, await loop of N, all over M=%zu, heap with M pending reactions; "
             "baseline: node %s",
             b.m, baseline);
    bu_print_header("bench_promise", note, &o);
    if (!node)
        printf("node: n/a\n");
    fflush(stdout);

    double v = bu_median_of(then_rep, &b, b.reps);
    bu_print_node_row("then reaction job vs node", "ns/job", v,
                      node_figure(node, "then", b.n, b.reps), BU_RATIO_AT_MOST, NODE_RATIO);
    v = bu_median_of(await_rep, &b, b.reps);
    bu_print_node_row("await step vs node", "ns/await", v, node_figure(node, "await", b.n, b.reps),
                      BU_RATIO_AT_MOST, NODE_RATIO);
    v = bu_median_of(all_rep, &b, b.reps);
    bu_print_node_row("promise_all element vs node", "ns/elem", v,
                      node_figure(node, "all", b.m, b.reps), BU_RATIO_AT_MOST, NODE_RATIO);
    v = bu_median_of(heap_rep, &b, b.reps);
    bu_print_node_row("pending reaction heap vs node", "B/react", v,
                      node_figure(node, "heap", b.m, b.reps), BU_VALUE_AT_MOST, HEAP_TARGET);
    return 0;
}
