/*
 * Task sources and the selection policies.
 *
 * Each source is a FIFO; a policy only chooses which source's head runs next,
 * so tasks of one source never reorder whatever the policy. A bitmask of
 * non-empty sources keeps each choice to a few instructions per source.
 */
#include "core/loop_internal.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    int priority;
} builtin_sources[] = {
    [FL_SOURCE_DOM_MANIPULATION - 1] = {"dom-manipulation", FL_PRIORITY_NORMAL},
    /* Chromium runs input ahead of other work; so does the priority policy. */
    [FL_SOURCE_USER_INTERACTION - 1] = {"user-interaction", FL_PRIORITY_HIGHEST},
    [FL_SOURCE_NETWORKING - 1] = {"networking", FL_PRIORITY_NORMAL},
    [FL_SOURCE_TIMER - 1] = {"timer", FL_PRIORITY_NORMAL},
    [FL_SOURCE_POSTED_MESSAGE - 1] = {"posted-message", FL_PRIORITY_NORMAL},
};

static int add_source(fl_loop *loop, const char *name, int priority)
{
    if (loop->nsources == FL_MAX_SOURCES)
        return FL_ELIMIT;
    size_t len = strlen(name);
    char *copy = malloc(len + 1);
    if (!copy)
        return FL_ENOMEM;
    memcpy(copy, name, len + 1);
    fl__source *s = &loop->sources[loop->nsources];
    s->name = copy;
    s->priority = priority;
    s->head = FL__NIL;
    s->tail = FL__NIL;
    s->head_seq = 0;
    return ++loop->nsources;
}

int fl__sources_init(fl_loop *loop)
{
    size_t n = sizeof(builtin_sources) / sizeof(builtin_sources[0]);
    for (size_t i = 0; i < n; i++) {
        int rc = add_source(loop, builtin_sources[i].name, builtin_sources[i].priority);
        if (rc < 0)
            return rc;
    }
    return 0;
}

void fl__sources_destroy(fl_loop *loop)
{
    for (int i = 0; i < loop->nsources; i++)
        free(loop->sources[i].name);
    loop->nsources = 0;
}

fl_source fl_source_new(fl_loop *loop, const char *name, int priority)
{
    if (!loop || !name || !*name)
        return FL_EINVAL;
    return add_source(loop, name, priority);
}

int fl_source_set_priority(fl_loop *loop, fl_source source, int priority)
{
    if (!loop)
        return FL_EINVAL;
    if (source < 1 || source > loop->nsources)
        return FL_ENOENT;
    loop->sources[source - 1].priority = priority;
    return 0;
}

const char *fl_source_name(const fl_loop *loop, fl_source source)
{
    if (!loop || source < 1 || source > loop->nsources)
        return NULL;
    return loop->sources[source - 1].name;
}

/* Serial-number comparison: exact while fewer than 2^31 tasks are queued. */
static inline int seq_before(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) < 0;
}

/* Whether source a's head goes before source b's: by priority first when the
 * policy is `priority`, then by age (global enqueue order). */
static int runs_before(const fl__source *a, const fl__source *b, int by_priority)
{
    if (by_priority && a->priority != b->priority)
        return a->priority > b->priority;
    return seq_before(a->head_seq, b->head_seq);
}

/* fifo and priority: the best head among the non-empty sources. */
static int pick_best(const fl_loop *loop, int by_priority)
{
    uint64_t mask = loop->nonempty;
    int best = __builtin_ctzll(mask);
    mask &= mask - 1;
    while (mask) {
        int i = __builtin_ctzll(mask);
        mask &= mask - 1;
        if (runs_before(&loop->sources[i], &loop->sources[best], by_priority))
            best = i;
    }
    return best;
}

static int pick_round_robin(fl_loop *loop)
{
    /* The first non-empty source after the last one picked, wrapping around. */
    int start = loop->rr_last + 1;
    uint64_t after = start >= 64 ? 0 : loop->nonempty & (~0ull << start);
    int i = after ? __builtin_ctzll(after) : __builtin_ctzll(loop->nonempty);
    loop->rr_last = i;
    return i;
}

/* splitmix64: tiny, fast, and the same sequence on every platform. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static int pick_random(fl_loop *loop)
{
    uint64_t mask = loop->nonempty;
    int k = (int)(next_random(&loop->rng) % (uint64_t)__builtin_popcountll(mask));
    while (k-- > 0)
        mask &= mask - 1;
    return __builtin_ctzll(mask);
}

static int pick_source(fl_loop *loop)
{
    switch (loop->opt.policy) {
    case FL_POLICY_PRIORITY:
        return pick_best(loop, 1);
    case FL_POLICY_ROUND_ROBIN:
        return pick_round_robin(loop);
    case FL_POLICY_RANDOM:
        return pick_random(loop);
    case FL_POLICY_FIFO:
    default:
        return pick_best(loop, 0);
    }
}

static uint32_t pop_head(fl_loop *loop, int i)
{
    fl__source *s = &loop->sources[i];
    uint32_t idx = fl__queue_pop(loop, s);
    if (s->head == FL__NIL)
        loop->nonempty &= ~(1ull << i);
    return idx;
}

uint32_t fl__sources_take(fl_loop *loop)
{
    while (loop->nonempty) {
        uint32_t idx = pop_head(loop, pick_source(loop));
        fl__task *t = fl__pool_at(&loop->pool, idx);
        if (!(t->flags & FL__TASK_CANCELLED)) {
            loop->live_queued--;
            return idx;
        }
        /* A cancelled task or cleared timer left in place: drop it now, unless
         * the timer heap or a running callback still refers to the node. */
        if (!(t->flags & (FL__TASK_IN_HEAP | FL__TASK_RUNNING)))
            fl__pool_release(&loop->pool, idx);
    }
    return FL__NIL;
}
