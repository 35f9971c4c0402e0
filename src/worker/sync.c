/*
 * The group of loops that post to each other, and the rule that keeps their
 * virtual clocks deterministic (see sync_internal.h for the rule itself).
 *
 * One mutex guards the whole group: its members, each member's horizon and
 * time-stamped inbox, and the count of messages in flight. Groups are small
 * (a window and its workers), so a turn that must check its peers scans them
 * all; a turn at an unchanged time, below the bound it saw last, takes no lock.
 */
#include "worker/sync_internal.h"

#include <stdlib.h>
#include <string.h>

/* A task waiting in a member's inbox for its due time. */
typedef struct stamped {
    int64_t due;
    uint64_t origin; /* the sending member's id */
    uint64_t seq;    /* the sender's count: FIFO per channel */
    fl_task_fn fn;
    void *arg;
    const char *name;
    fl_destroy_fn destroy;
    fl_source source;
} stamped;

typedef struct member member;

struct member {
    fl_loop *loop;
    fl__group *group;
    member *prev;
    member *next;
    uint64_t id;
    int worker;   /* a worker's loop: between runs it only waits for messages */
    int in_group; /* 0 once it left */
    /* Under the group lock. */
    int64_t horizon; /* the earliest time it may act on its own */
    stamped *v;      /* inbox: a binary min-heap on (due, origin, seq) */
    size_t len;
    size_t cap;
    uint64_t seq;
    int waiting; /* wants a wakeup when a peer's horizon or the flight count moves */
    /* The loop's own thread only. */
    int external;       /* fetches in flight (fl__sync_external) */
    int idled;          /* the horizon last published was an idle one */
    int64_t checked_at; /* time of the last locked turn check (INT64_MIN: none) */
    int64_t safe_until; /* every peer's horizon was at least this then */
};

struct fl__group {
    pthread_mutex_t lock;
    member *members;
    uint64_t next_id;
    size_t in_flight; /* messages sent and not yet run or dropped */
    size_t refs;      /* members + messages in flight */
};

static member *member_of(const fl_loop *loop)
{
    return fl__loop_ext(loop, FL__EXT_SYNC);
}

/* The earliest time the member may act: its own horizon or its first message. */
static int64_t effective(const member *m)
{
    if (m->len > 0 && m->v[0].due < m->horizon)
        return m->v[0].due;
    return m->horizon;
}

static int64_t peers_min(const member *self)
{
    int64_t min = INT64_MAX;
    for (const member *m = self->group->members; m; m = m->next) {
        if (m != self && effective(m) < min)
            min = effective(m);
    }
    return min;
}

/* Lets every waiting peer re-check: something it may wait for moved. */
static void wake_waiting(const member *self)
{
    for (const member *m = self->group->members; m; m = m->next) {
        if (m != self && m->waiting)
            fl__pump_wake(m->loop);
    }
}

/* Frees the group once its last reference went (outside its lock). */
static void group_free_if(fl__group *g, int last)
{
    if (!last)
        return;
    pthread_mutex_destroy(&g->lock);
    free(g);
}

/* ---- The inbox: a binary min-heap on (due, sender, sequence) ------------- */

static int stamped_less(const stamped *a, const stamped *b)
{
    if (a->due != b->due)
        return a->due < b->due;
    if (a->origin != b->origin)
        return a->origin < b->origin;
    return a->seq < b->seq;
}

/* Returns 1 when the entry became the first (the member's earliest time
 * moved), 0 when not, FL_ENOMEM. */
static int inbox_push(member *m, const stamped *e)
{
    if (m->len == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        stamped *v = realloc(m->v, cap * sizeof(*v));
        if (!v)
            return FL_ENOMEM;
        m->v = v;
        m->cap = cap;
    }
    size_t i = m->len++;
    while (i > 0 && stamped_less(e, &m->v[(i - 1) / 2])) {
        m->v[i] = m->v[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    m->v[i] = *e;
    return i == 0;
}

static void inbox_pop(member *m)
{
    stamped last = m->v[--m->len];
    size_t i = 0, n = m->len;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && stamped_less(&m->v[c + 1], &m->v[c]))
            c++;
        if (!stamped_less(&m->v[c], &last))
            break;
        m->v[i] = m->v[c];
        i = c;
    }
    if (n > 0)
        m->v[i] = last;
}

/* Moves every inbox task due by `now` into its source. Returns -1 when one
 * could not be queued (out of memory): it stays for a later turn. */
static int take_due(member *m, int64_t now)
{
    while (m->len > 0 && m->v[0].due <= now) {
        stamped *e = &m->v[0];
        if (fl_post_task_ex(m->loop, e->source, e->fn, e->arg, e->name, e->destroy) < 0)
            return -1;
        inbox_pop(m);
    }
    return 0;
}

/* ---- The loop's hooks ---------------------------------------------------- */

static int sync_turn(fl_loop *loop, void *arg)
{
    member *m = arg;
    /* External work (a fetch) lands at a time known only when it completes:
     * no turn runs until it has, so where it lands never depends on timing. */
    if (m->external > 0)
        return 1;
    int64_t now = loop->now_virtual;
    /* A turn at the time last checked, below the bound seen then, with the
     * horizon still saying "running at that time", needs no lock. */
    if (now == m->checked_at && now <= m->safe_until && !m->idled)
        return 0;
    fl__group *g = m->group;
    pthread_mutex_lock(&g->lock);
    int64_t old = effective(m);
    m->horizon = now;
    m->idled = 0;
    int64_t bound = peers_min(m);
    int wait = bound < now;
    m->waiting = wait;
    if (!wait) {
        m->checked_at = take_due(m, now) == 0 ? now : INT64_MIN;
        m->safe_until = bound;
    }
    if (effective(m) > old)
        wake_waiting(m);
    pthread_mutex_unlock(&g->lock);
    return wait;
}

static int64_t sync_idle(fl_loop *loop, void *arg, int64_t *next, int external, int *quiet)
{
    member *m = arg;
    fl__group *g = m->group;
    int64_t now = fl__now(loop);
    pthread_mutex_lock(&g->lock);
    int64_t old = effective(m);
    m->horizon = external ? now : *next;
    m->idled = 1;
    if (m->len > 0 && m->v[0].due < *next) {
        *next = m->v[0].due;
        /* Due already (a post to itself): the next turn must take it in. */
        if (*next <= now)
            m->checked_at = INT64_MIN;
    }
    int64_t bound = peers_min(m);
    *quiet = bound == INT64_MAX && g->in_flight == 0;
    m->waiting = 1;
    if (effective(m) > old)
        wake_waiting(m);
    pthread_mutex_unlock(&g->lock);
    return bound;
}

/* Outside a run a window's script may post at any moment: its horizon is its
 * time. A worker's run ends only when it just waits for messages. */
static void sync_run_end(fl_loop *loop, void *arg)
{
    member *m = arg;
    if (m->worker)
        return;
    pthread_mutex_lock(&m->group->lock);
    m->horizon = fl__now(loop);
    pthread_mutex_unlock(&m->group->lock);
}

static void sync_free_hook(fl_loop *loop, void *arg)
{
    (void)arg;
    fl__sync_leave(loop);
}

static void member_free(fl_loop *loop, void *data)
{
    fl__sync_leave(loop);
    member *m = data;
    free(m->v);
    free(m);
}

/* ---- Membership ---------------------------------------------------------- */

static member *member_new(fl_loop *loop, fl__group *g, int worker)
{
    member *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    m->loop = loop;
    m->group = g;
    m->worker = worker;
    m->checked_at = INT64_MIN;
    m->horizon = fl__now(loop);
    /* Check every slot first, so the hooks go in all together or not at all. */
    if (loop->sync.idle || loop->nrun_end_hooks == FL__MAX_RUN_END_HOOKS ||
        loop->nfree_hooks == FL__MAX_FREE_HOOKS ||
        fl__loop_set_ext(loop, FL__EXT_SYNC, m, member_free) != 0) {
        free(m);
        return NULL;
    }
    fl__sync_hook hook = {loop->opt.clock == FL_CLOCK_VIRTUAL ? sync_turn : NULL, sync_idle, m};
    fl__loop_set_sync_hook(loop, &hook);
    fl__loop_add_run_end_hook(loop, sync_run_end, m);
    fl__loop_add_free_hook(loop, sync_free_hook, m);
    pthread_mutex_lock(&g->lock);
    m->id = g->next_id++;
    m->next = g->members;
    if (m->next)
        m->next->prev = m;
    g->members = m;
    g->refs++;
    m->in_group = 1;
    pthread_mutex_unlock(&g->lock);
    return m;
}

fl__group *fl__sync_group(fl_loop *loop)
{
    member *m = member_of(loop);
    if (m)
        return m->group;
    fl__group *g = calloc(1, sizeof(*g));
    if (!g || pthread_mutex_init(&g->lock, NULL) != 0) {
        free(g);
        return NULL;
    }
    if (!member_new(loop, g, 0)) {
        int orphan = g->refs == 0;
        group_free_if(g, orphan);
        return NULL;
    }
    return g;
}

int fl__sync_join(fl_loop *parent, fl_loop *child)
{
    fl__group *g = fl__sync_group(parent);
    if (!g)
        return FL_ENOMEM;
    fl__clock_advance_to(child, fl__now(parent));
    return member_new(child, g, 1) ? 0 : FL_ENOMEM;
}

void fl__sync_leave(fl_loop *loop)
{
    member *m = member_of(loop);
    /* Only the member's own thread, or one that joined it, leaves: this read
     * needs no lock, and the group may be gone once it is 0. */
    if (!m || !m->in_group)
        return;
    fl__group *g = m->group;
    pthread_mutex_lock(&g->lock);
    m->in_group = 0;
    stamped *dropped = m->v;
    size_t ndropped = m->len;
    m->v = NULL;
    m->len = 0;
    m->cap = 0;
    pthread_mutex_unlock(&g->lock);
    /* Outside the lock: a message's destructor counts it done. */
    for (size_t i = 0; i < ndropped; i++) {
        if (dropped[i].destroy)
            dropped[i].destroy(dropped[i].arg);
    }
    free(dropped);
    pthread_mutex_lock(&g->lock);
    if (m->prev)
        m->prev->next = m->next;
    else
        g->members = m->next;
    if (m->next)
        m->next->prev = m->prev;
    /* Its horizon no longer bounds anyone. */
    for (member *p = g->members; p; p = p->next)
        fl__pump_wake(p->loop);
    int last = --g->refs == 0;
    pthread_mutex_unlock(&g->lock);
    group_free_if(g, last);
}

/* ---- Posting ------------------------------------------------------------- */

int fl__sync_post_at(fl_loop *from, fl_loop *to, int64_t due, fl_source source, fl_task_fn fn,
                     void *arg, const char *name, fl_destroy_fn destroy)
{
    member *f = member_of(from), *t = member_of(to);
    if (!f || !t)
        return FL_EINVAL;
    fl__group *g = t->group;
    pthread_mutex_lock(&g->lock);
    if (!t->in_group) {
        pthread_mutex_unlock(&g->lock);
        return FL_ECLOSED;
    }
    stamped e = {due, f->id, f->seq, fn, arg, name, destroy, source};
    int first = inbox_push(t, &e);
    if (first < 0) {
        pthread_mutex_unlock(&g->lock);
        return FL_ENOMEM;
    }
    f->seq++;
    if (f == t) {
        t->checked_at = INT64_MIN;
    } else {
        /* The receiver may answer from `due` on: the sender's cached bound
         * on its peers must not stay above that. */
        if (due < f->safe_until)
            f->safe_until = due;
        /* A running receiver finds it when it next goes idle, and a waiting
         * one only cares when its earliest time moved. */
        if (t->waiting && first)
            fl__pump_wake(to);
    }
    pthread_mutex_unlock(&g->lock);
    return 0;
}

void fl__sync_external(fl_loop *loop, int delta)
{
    member *m = member_of(loop);
    if (m)
        m->external += delta;
}

void fl__sync_message_sent(fl__group *g)
{
    pthread_mutex_lock(&g->lock);
    g->in_flight++;
    g->refs++;
    pthread_mutex_unlock(&g->lock);
}

void fl__sync_message_done(fl__group *g)
{
    pthread_mutex_lock(&g->lock);
    if (--g->in_flight == 0) {
        for (member *m = g->members; m; m = m->next) {
            if (m->waiting)
                fl__pump_wake(m->loop);
        }
    }
    int last = --g->refs == 0;
    pthread_mutex_unlock(&g->lock);
    group_free_if(g, last);
}
