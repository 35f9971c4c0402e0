/*
 * bench_dom: what a MutationObserver costs per attribute mutation and per
 * record delivered, each beside a baseline measured in the same binary:
 *
 *   mutation   N setAttribute calls in one task on an element one observer
 *              watches ({attributes: true}) vs the same calls in a loop
 *              whose document nobody observes
 *   delivery   the notify microtask that hands the N records to the callback
 *              in one batch and frees them vs malloc + free of N blocks the
 *              size of a record
 *   heap       bytes per queued, undelivered record vs a live malloc'd block
 *              the size of a record
 *
 * Usage: bench_dom [--smoke] [--n N] [--reps R]. Exits 0 unless a call fails.
 */
#include "bench_util.h"
#include "frameloop/dom.h"
#include "frameloop/loop.h"

#define DEFAULT_N    1000000
#define DEFAULT_REPS 5
#define NVALUES      16
#define RECORD_BYTES 64 /* a record: type, target, siblings, lists, strings */

typedef struct bench {
    size_t n;
    fl_loop *loop;
    fl_node *el;
    char values[NVALUES][8]; /* equal lengths: a value is copied in place */
    uint64_t t_mutated;      /* end of the mutating task's loop */
    uint64_t mutate_ns;      /* the N setAttribute calls */
    long long heap_before;
    double heap_per_record;
    void **blocks;
} bench;

static void check(long long rc, const char *what)
{
    if (rc < 0) {
        fprintf(stderr, "bench_dom: %s failed: %s\n", what, fl_err_name((int)rc));
        exit(1);
    }
}

static void count_records(fl_loop *loop, fl_mutation_observer *observer,
                          fl_mutation_record *const *records, size_t count, void *arg)
{
    (void)loop;
    (void)observer;
    (void)records;
    (void)arg;
    bu_sink += count;
}

/* A loop whose body holds one div; observed by one observer when `observed`. */
static void setup_loop(bench *b, int observed)
{
    b->loop = fl_loop_new(NULL);
    fl_document *doc = fl_document_of(b->loop);
    if (!b->loop || !doc)
        check(FL_ENOMEM, "fl_loop_new / fl_document_of");
    b->el = fl_document_create_element(doc, "div");
    if (!b->el)
        check(FL_ENOMEM, "fl_document_create_element");
    check(fl_node_append_child(fl_document_body(doc), b->el), "fl_node_append_child");
    check(fl_element_set_attribute(b->el, "data-x", b->values[0]), "fl_element_set_attribute");
    if (!observed)
        return;
    fl_mutation_observer *mo = fl_mutation_observer_new(b->loop, count_records, NULL);
    if (!mo)
        check(FL_ENOMEM, "fl_mutation_observer_new");
    fl_observe_options opt;
    fl_observe_options_init(&opt);
    opt.attributes = 1;
    check(fl_mutation_observer_observe(mo, b->el, &opt), "fl_mutation_observer_observe");
}

static void free_loop(bench *b)
{
    int dropped = fl_loop_free(b->loop);
    b->loop = NULL;
    if (dropped != 0)
        check(FL_EINVAL, "fl_loop_free of a drained loop");
}

static void mutate(fl_loop *loop, void *arg)
{
    (void)loop;
    bench *b = arg;
    b->heap_before = bu_heap_bytes();
    uint64_t t0 = bu_now_ns();
    for (size_t i = 0; i < b->n; i++)
        check(fl_element_set_attribute(b->el, "data-x", b->values[i % NVALUES]),
              "fl_element_set_attribute");
    b->t_mutated = bu_now_ns();
    b->mutate_ns = b->t_mutated - t0;
    b->heap_per_record = bu_heap_bytes_per(b->heap_before, b->n);
}

/* Runs one mutating task; the delivery is what follows it until the loop is idle. */
static double run_rep(bench *b, uint64_t *deliver_ns)
{
    uint64_t before = bu_sink;
    check(fl_post_task(b->loop, FL_SOURCE_DOM_MANIPULATION, mutate, b, "mutate"), "fl_post_task");
    check(fl_loop_run(b->loop, FL_RUN_UNTIL_IDLE, 0), "fl_loop_run");
    *deliver_ns = bu_now_ns() - b->t_mutated;
    return (double)(bu_sink - before);
}

static double observed_mutation_rep(void *p)
{
    bench *b = p;
    uint64_t deliver;
    if (run_rep(b, &deliver) != (double)b->n)
        check(FL_EINVAL, "delivery of every record");
    return (double)b->mutate_ns / (double)b->n;
}

static double delivery_rep(void *p)
{
    bench *b = p;
    uint64_t deliver;
    if (run_rep(b, &deliver) != (double)b->n)
        check(FL_EINVAL, "delivery of every record");
    return (double)deliver / (double)b->n;
}

static double heap_rep(void *p)
{
    bench *b = p;
    uint64_t deliver;
    run_rep(b, &deliver);
    return b->heap_per_record;
}

static double plain_mutation_rep(void *p)
{
    bench *b = p;
    uint64_t deliver;
    if (run_rep(b, &deliver) != 0)
        check(FL_EINVAL, "no records without an observer");
    return (double)b->mutate_ns / (double)b->n;
}

/* The allocation pattern of records: N made while mutating, N freed at delivery. */
static double malloc_free_rep(void *p)
{
    bench *b = p;
    uint64_t before = bu_sink, t0 = bu_now_ns();
    for (size_t i = 0; i < b->n; i++) {
        b->blocks[i] = bu_xmalloc(RECORD_BYTES);
        *(unsigned char *)b->blocks[i] = 1;
    }
    for (size_t i = 0; i < b->n; i++) {
        bu_sink += *(unsigned char *)b->blocks[i];
        free(b->blocks[i]);
    }
    double ns = bu_ns_per(t0, b->n);
    bu_expect_sink(before, b->n, "malloc+free");
    return ns;
}

/* Heap bytes per block of N live malloc'd record-sized blocks. */
static double malloc_heap_rep(void *p)
{
    bench *b = p;
    long long before = bu_heap_bytes();
    for (size_t i = 0; i < b->n; i++)
        b->blocks[i] = bu_xmalloc(RECORD_BYTES);
    double bytes = bu_heap_bytes_per(before, b->n);
    for (size_t i = 0; i < b->n; i++)
        free(b->blocks[i]);
    return bytes;
}

int main(int argc, char **argv)
{
    bu_opts o;
    if (bu_parse_opts(argc, argv, DEFAULT_N, DEFAULT_REPS, &o) != 0)
        return 2;
    bu_heap_keep();
    bench b = {0};
    b.n = o.n;
    for (int i = 0; i < NVALUES; i++)
        snprintf(b.values[i], sizeof(b.values[i]), "v%02d", i);
    b.blocks = bu_xmalloc(b.n * sizeof(*b.blocks));
    bu_print_header("bench_dom",
                    "one task of N setAttribute calls on one element; one observer "
                    "{attributes: true}; fifo, virtual clock",
                    &o);

    setup_loop(&b, 1);
    double mutation = bu_median_of(observed_mutation_rep, &b, o.reps);
    double delivery = bu_median_of(delivery_rep, &b, o.reps);
    double heap = bu_median_of(heap_rep, &b, o.reps);
    free_loop(&b);
    setup_loop(&b, 0);
    double plain = bu_median_of(plain_mutation_rep, &b, o.reps);
    free_loop(&b);
    double blocks = bu_median_of(malloc_free_rep, &b, o.reps);
    double block_heap = bu_median_of(malloc_heap_rep, &b, o.reps);

    bu_print_row("setAttribute, 1 observer vs none", "ns/mut", mutation, plain, BU_RATIO_AT_MOST,
                 4.0);
    bu_print_row("record delivered vs malloc+free 64 B", "ns/rec", delivery, blocks,
                 BU_RATIO_AT_MOST, 2.0);
    bu_print_row("queued record heap vs malloc 64 B", "B/rec", heap, block_heap, BU_VALUE_AT_MOST,
                 96);
    free(b.blocks);
    return 0;
}
