/*
 * The bodies of the DOM's opaque types and the calls between dom/'s files.
 *
 * The rendering layer may include this header to walk the tree and read
 * computed styles without a call per field.
 *
 * Every change to the tree follows the same three steps, so that a failed
 * call changes nothing: prepare (validate, allocate the new strings, the
 * mutation records and the transient registrations it may need, reserve room
 * in the observers' queues, queue the notify microtask), then apply the
 * change, then commit the records (which allocates nothing and cannot fail).
 */
#ifndef FL_DOM_INTERNAL_H
#define FL_DOM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/loop_internal.h"
#include "frameloop/dom.h"

typedef struct fl__attr {
    char *name;  /* lowercase, owned */
    char *value; /* owned */
    size_t cap;  /* bytes `value` holds: a new value that fits is copied in place */
} fl__attr;

typedef struct fl__reg fl__reg;

struct fl_node {
    fl_node_type type;
    int damaged;
    int64_t id;
    fl_document *doc;
    fl_node *parent;
    fl_node *first, *last; /* children */
    fl_node *prev, *next;  /* siblings */
    size_t nchildren;
    fl_node *all_next; /* the document's list of every node it made, for freeing */
    fl__reg *regs;     /* the registered observer list, in registration order */
    fl__reg *regs_tail;

    /* Elements. */
    char *tag;
    fl__attr *attrs;
    size_t nattrs;
    size_t attrs_cap;
    fl_style style;

    /* Text nodes. */
    char *data;
    size_t len;
    size_t data_cap;
};

/* Normalised MutationObserverInit (the DOM's "options"). */
enum {
    FL__MO_CHILD_LIST = 1 << 0,
    FL__MO_ATTRIBUTES = 1 << 1,
    FL__MO_CHARACTER_DATA = 1 << 2,
    FL__MO_SUBTREE = 1 << 3,
    FL__MO_ATTRIBUTE_OLD_VALUE = 1 << 4,
    FL__MO_CHARACTER_DATA_OLD_VALUE = 1 << 5,
    FL__MO_FILTER = 1 << 6
};

typedef struct fl__mo_options {
    unsigned flags;
    char **filter; /* owned copies */
    size_t nfilter;
} fl__mo_options;

/*
 * A registered observer. One made by observe() has source NULL and owns its
 * options; a transient one (added to a removed node) points at the
 * registration it was made from and reads that one's options.
 */
struct fl__reg {
    fl_mutation_observer *mo;
    fl_node *node;
    fl__reg *source;
    fl__mo_options options;
    fl__reg *node_prev, *node_next; /* in node->regs */
    fl__reg *mo_prev, *mo_next;     /* in mo->regs */
};

static inline const fl__mo_options *fl__reg_options(const fl__reg *reg)
{
    return reg->source ? &reg->source->options : &reg->options;
}

struct fl_mutation_observer {
    fl_document *doc;
    fl_mutation_callback callback;
    void *arg;
    fl_mutation_observer *prev, *next; /* the document's observers, in creation order */
    fl__reg *regs;                     /* this observer's registrations (its "node list") */
    fl_mutation_record **queue;        /* the record queue */
    size_t len, cap;
    size_t reserved; /* slots promised to prepared, not yet committed records */
    int pending;     /* in the agent's pending mutation observers */
    int freed;       /* freed during a notification: reclaimed after it */
    uint64_t round;  /* the notification whose set it belongs to */
    uint64_t mark;   /* scratch of the interest walk: the walk that saw it last */
    size_t slot;     /* ... and its entry in that walk's batch */
};

/* A node list shared by the records one mutation makes for several observers. */
typedef struct fl__node_list {
    size_t refs;
    size_t n;
    fl_node *v[];
} fl__node_list;

struct fl_mutation_record {
    fl_mutation_type type;
    fl_node *target;
    fl_node *prev, *next;
    fl__node_list *added, *removed; /* NULL when empty */
    const char *name;               /* into text[] */
    const char *old_value;          /* into text[], or NULL */
    char text[];
};

struct fl_document {
    fl_loop *loop;
    fl_node *root, *html, *body;
    fl_node *all; /* every node, newest first */
    int64_t next_node_id;
    int has_damage;

    /* MutationObserver state of the agent (one loop, one document). */
    fl_mutation_observer *observers, *observers_tail;
    size_t nregs;         /* live registrations, transient ones included */
    int microtask_queued; /* the "mutation observer microtask queued" flag */
    int notifying;        /* inside the notify microtask: frees are deferred */
    int has_freed;        /* an observer waits to be reclaimed */
    uint64_t round;       /* notifications so far */
    uint64_t mark;        /* interest walks so far */
};

/* ---- Queuing mutation records (records.c) ----------------------------------- */

/* What "queue a mutation record" takes. Node arrays are copied. */
typedef struct fl__mutation {
    fl_mutation_type type;
    fl_node *target;
    const char *name;      /* attributes */
    const char *old_value; /* attributes (NULL when absent) and characterData */
    fl_node *const *added;
    size_t nadded;
    fl_node *const *removed;
    size_t nremoved;
    fl_node *prev, *next;
} fl__mutation;

typedef struct fl__interest {
    fl_mutation_observer *mo;
    int want_old;
    fl_mutation_record *record;
} fl__interest;

#define FL__BATCH_INLINE 4

/* The records one mutation queues, prepared before the tree changes. Not
 * movable once initialised (v may point at inline_v). */
typedef struct fl__batch {
    fl_document *doc;
    size_t n, cap;
    fl__interest *v;
    fl__interest inline_v[FL__BATCH_INLINE];
    fl__reg *spare; /* transient registrations a removal may need */
} fl__batch;

/* An empty batch (nothing to queue, no spares). */
void fl__batch_init(fl__batch *b, fl_document *doc);
/* Finds the interested observers and allocates their records. On FL_ENOMEM
 * the batch is left empty. Always pair with commit or abort. */
int fl__batch_prepare(fl__batch *b, fl_document *doc, const fl__mutation *m);
/* The last step of preparing (`b` may be NULL): queues the notify microtask
 * now if a batch has records and it is not queued yet, so that committing
 * cannot fail. Nothing else runs between this and the commit, so the
 * microtask takes the place in the queue the standard gives it.
 * @return 0, or FL_ENOMEM after aborting both batches. */
int fl__batches_arm(fl__batch *a, fl__batch *b);
/* Queues the prepared records, marks their observers pending, frees unused
 * spares. Cannot fail. */
void fl__batch_commit(fl__batch *b);
/* Frees everything prepared. */
void fl__batch_abort(fl__batch *b);
/* Prepares the removal of `node` from `parent`: its childList record and the
 * transient registrations the removal may add. */
int fl__batch_prepare_removal(fl__batch *b, fl_node *parent, fl_node *node);
void fl__record_free(fl_mutation_record *record);

/* ---- Registrations (registry.c) --------------------------------------------- */

/* Allocates spares for the transient registrations removing `count` nodes
 * from `parent` may add. @return 0 or FL_ENOMEM (spares already taken stay in b). */
int fl__transients_reserve(fl__batch *b, const fl_node *parent, size_t count);
/* The remove steps' transient registrations, made from b's spares. */
void fl__transients_add(fl__batch *b, fl_node *node, const fl_node *parent);
/* Drops the transient registrations of `mo` (notification, re-observe with
 * `source` non-NULL: only those made from it). */
void fl__transients_drop(fl_mutation_observer *mo, const fl__reg *source);
/* Links a registration into `node`'s list and `mo`'s (counts it in doc->nregs). */
void fl__reg_link(fl__reg *reg, fl_mutation_observer *mo, fl_node *node);
/* Unlinks a registration from its node and observer and frees it. */
void fl__reg_free(fl__reg *reg);
void fl__mo_options_clear(fl__mo_options *o);

/* ---- Notification (notify.c) -------------------------------------------------- */

/* "Queue a mutation observer microtask" (once until it runs). @return 0 or FL_ENOMEM. */
int fl__queue_notify(fl_document *doc);
/* Frees an observer's queue, registrations and memory (no deferral). */
void fl__observer_destroy(fl_mutation_observer *mo);

/* ---- Nodes (node.c, document.c) ---------------------------------------------- */

fl_node *fl__node_new(fl_document *doc, fl_node_type type);
void fl__node_free(fl_node *node);
/* Sets the node's damaged flag and the document's. */
void fl__damage(fl_node *node);
/* Links `node` (parentless) into `parent` before `ref` (NULL: last). */
void fl__link(fl_node *parent, fl_node *node, fl_node *ref);
/* Unlinks `node` from its parent. */
void fl__unlink(fl_node *node);
/* Whether `node` is an inclusive ancestor of `of`. */
int fl__is_inclusive_ancestor(const fl_node *node, const fl_node *of);

/* ---- Strings and styles (element.c, style.c) ------------------------------- */

char *fl__strdup(const char *s);
int fl__style_equal(const fl_style *a, const fl_style *b);

#endif /* FL_DOM_INTERNAL_H */
