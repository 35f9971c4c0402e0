/*
 * MutationRecords and the DOM standard's "queue a mutation record", split in
 * two: prepare (before the tree changes) finds the interested observers and
 * allocates a record for each; commit (after the change) appends them to the
 * observers' record queues and queues the notify microtask.
 *
 * Finding the interested observers is the standard's walk over the target's
 * inclusive ancestors and their registered observer lists; an observer
 * registered several times gets one record, with the old value if any of its
 * registrations asked for it.
 */
#include "dom/dom_internal.h"

#include <stdlib.h>
#include <string.h>

void fl__batch_init(fl__batch *b, fl_document *doc)
{
    b->doc = doc;
    b->n = 0;
    b->cap = FL__BATCH_INLINE;
    b->v = b->inline_v;
    b->spare = NULL;
}

static int wants_old(const fl__mo_options *o, fl_mutation_type type)
{
    if (type == FL_MUTATION_ATTRIBUTES)
        return (o->flags & FL__MO_ATTRIBUTE_OLD_VALUE) != 0;
    if (type == FL_MUTATION_CHARACTER_DATA)
        return (o->flags & FL__MO_CHARACTER_DATA_OLD_VALUE) != 0;
    return 0;
}

static int in_filter(const fl__mo_options *o, const char *name)
{
    for (size_t i = 0; i < o->nfilter; i++)
        if (strcmp(o->filter[i], name) == 0)
            return 1;
    return 0;
}

/* The standard's five "none of the following are true" conditions. */
static int interested(const fl__mo_options *o, int is_target, const fl__mutation *m)
{
    if (!is_target && !(o->flags & FL__MO_SUBTREE))
        return 0;
    switch (m->type) {
    case FL_MUTATION_ATTRIBUTES:
        if (!(o->flags & FL__MO_ATTRIBUTES))
            return 0;
        return !(o->flags & FL__MO_FILTER) || in_filter(o, m->name);
    case FL_MUTATION_CHARACTER_DATA:
        return (o->flags & FL__MO_CHARACTER_DATA) != 0;
    case FL_MUTATION_CHILD_LIST:
        return (o->flags & FL__MO_CHILD_LIST) != 0;
    }
    return 0;
}

static int batch_add(fl__batch *b, fl_mutation_observer *mo, int want_old)
{
    if (mo->mark == b->doc->mark) {
        b->v[mo->slot].want_old |= want_old;
        return 0;
    }
    if (b->n == b->cap) {
        size_t cap = b->cap * 2;
        fl__interest *v = malloc(cap * sizeof(*v));
        if (!v)
            return FL_ENOMEM;
        memcpy(v, b->v, b->n * sizeof(*v));
        if (b->v != b->inline_v)
            free(b->v);
        b->v = v;
        b->cap = cap;
    }
    mo->mark = b->doc->mark;
    mo->slot = b->n;
    b->v[b->n++] = (fl__interest){mo, want_old, NULL};
    return 0;
}

static int collect_interest(fl__batch *b, const fl__mutation *m)
{
    b->doc->mark++;
    for (fl_node *node = m->target; node; node = node->parent) {
        for (fl__reg *r = node->regs; r; r = r->node_next) {
            const fl__mo_options *o = fl__reg_options(r);
            if (!interested(o, node == m->target, m))
                continue;
            if (batch_add(b, r->mo, wants_old(o, m->type)) != 0)
                return FL_ENOMEM;
        }
    }
    return 0;
}

static fl__node_list *node_list_new(fl_node *const *v, size_t n)
{
    fl__node_list *list = malloc(sizeof(*list) + n * sizeof(list->v[0]));
    if (!list)
        return NULL;
    list->refs = 0;
    list->n = n;
    memcpy(list->v, v, n * sizeof(v[0]));
    return list;
}

static void node_list_unref(fl__node_list *list)
{
    if (list && --list->refs == 0)
        free(list);
}

static fl_mutation_record *record_new(const fl__mutation *m, int want_old, fl__node_list *added,
                                      fl__node_list *removed)
{
    const char *old = want_old ? m->old_value : NULL;
    size_t name_len = m->name ? strlen(m->name) + 1 : 0;
    size_t old_len = old ? strlen(old) + 1 : 0;
    fl_mutation_record *r = malloc(sizeof(*r) + name_len + old_len);
    if (!r)
        return NULL;
    r->type = m->type;
    r->target = m->target;
    r->prev = m->prev;
    r->next = m->next;
    r->added = added;
    r->removed = removed;
    r->name = NULL;
    r->old_value = NULL;
    if (name_len)
        r->name = memcpy(r->text, m->name, name_len);
    if (old_len)
        r->old_value = memcpy(r->text + name_len, old, old_len);
    if (added)
        added->refs++;
    if (removed)
        removed->refs++;
    return r;
}

/* Grows the queue so that every reserved record will fit. */
static int reserve_slot(fl_mutation_observer *mo)
{
    size_t need = mo->len + mo->reserved + 1;
    if (need > mo->cap) {
        size_t cap = mo->cap ? mo->cap * 2 : 16;
        while (cap < need)
            cap *= 2;
        fl_mutation_record **q = realloc(mo->queue, cap * sizeof(*q));
        if (!q)
            return FL_ENOMEM;
        mo->queue = q;
        mo->cap = cap;
    }
    mo->reserved++;
    return 0;
}

static int make_records(fl__batch *b, const fl__mutation *m)
{
    fl__node_list *added = m->nadded ? node_list_new(m->added, m->nadded) : NULL;
    fl__node_list *removed = m->nremoved ? node_list_new(m->removed, m->nremoved) : NULL;
    int rc = (m->nadded && !added) || (m->nremoved && !removed) ? FL_ENOMEM : 0;
    for (size_t i = 0; i < b->n && rc == 0; i++) {
        fl__interest *in = &b->v[i];
        if (reserve_slot(in->mo) != 0) {
            rc = FL_ENOMEM;
            break;
        }
        in->record = record_new(m, in->want_old, added, removed);
        if (!in->record) {
            in->mo->reserved--;
            rc = FL_ENOMEM;
        }
    }
    /* Records hold the lists now; lists no record took are freed here. */
    if (added && added->refs == 0)
        free(added);
    if (removed && removed->refs == 0)
        free(removed);
    return rc;
}

int fl__batch_prepare(fl__batch *b, fl_document *doc, const fl__mutation *m)
{
    fl__batch_init(b, doc);
    /* The common case, a document nobody observes, costs one test. */
    if (doc->nregs == 0)
        return 0;
    int rc = collect_interest(b, m);
    if (rc == 0 && b->n > 0)
        rc = make_records(b, m);
    if (rc != 0)
        fl__batch_abort(b);
    return rc;
}

int fl__batch_prepare_removal(fl__batch *b, fl_node *parent, fl_node *node)
{
    fl_node *removed[1] = {node};
    fl__mutation m = {.type = FL_MUTATION_CHILD_LIST,
                      .target = parent,
                      .removed = removed,
                      .nremoved = 1,
                      .prev = node->prev,
                      .next = node->next};
    int rc = fl__batch_prepare(b, parent->doc, &m);
    if (rc == 0 && (rc = fl__transients_reserve(b, parent, 1)) != 0)
        fl__batch_abort(b);
    return rc;
}

static void release_spares(fl__batch *b)
{
    while (b->spare) {
        fl__reg *next = b->spare->node_next;
        free(b->spare);
        b->spare = next;
    }
}

static void batch_release(fl__batch *b)
{
    release_spares(b);
    if (b->v != b->inline_v)
        free(b->v);
    b->v = b->inline_v;
    b->n = 0;
}

int fl__batches_arm(fl__batch *a, fl__batch *b)
{
    int rc = a->n > 0 ? fl__queue_notify(a->doc) : 0;
    if (rc == 0 && b && b->n > 0)
        rc = fl__queue_notify(b->doc);
    if (rc != 0) {
        fl__batch_abort(a);
        if (b)
            fl__batch_abort(b);
    }
    return rc;
}

void fl__batch_commit(fl__batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        fl_mutation_observer *mo = b->v[i].mo;
        mo->reserved--;
        mo->queue[mo->len++] = b->v[i].record;
        /* Append to the agent's pending mutation observers. */
        mo->pending = 1;
    }
    batch_release(b);
}

void fl__batch_abort(fl__batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        if (!b->v[i].record)
            break; /* records are made in order: the rest were never reserved */
        b->v[i].mo->reserved--;
        fl__record_free(b->v[i].record);
    }
    batch_release(b);
}

void fl__record_free(fl_mutation_record *record)
{
    if (!record)
        return;
    node_list_unref(record->added);
    node_list_unref(record->removed);
    free(record);
}

void fl_mutation_records_free(fl_mutation_record **records, size_t count)
{
    if (!records)
        return;
    for (size_t i = 0; i < count; i++)
        fl__record_free(records[i]);
    free(records);
}

const char *fl_mutation_type_name(fl_mutation_type type)
{
    switch (type) {
    case FL_MUTATION_ATTRIBUTES:
        return "attributes";
    case FL_MUTATION_CHARACTER_DATA:
        return "characterData";
    case FL_MUTATION_CHILD_LIST:
        return "childList";
    }
    return "?";
}

fl_mutation_type fl_mutation_record_type(const fl_mutation_record *record)
{
    return record ? record->type : (fl_mutation_type)0;
}

fl_node *fl_mutation_record_target(const fl_mutation_record *record)
{
    return record ? record->target : NULL;
}

static fl_node *const *list_nodes(const fl__node_list *list, size_t *count)
{
    if (count)
        *count = list ? list->n : 0;
    return list ? list->v : NULL;
}

fl_node *const *fl_mutation_record_added_nodes(const fl_mutation_record *record, size_t *count)
{
    return list_nodes(record ? record->added : NULL, count);
}

fl_node *const *fl_mutation_record_removed_nodes(const fl_mutation_record *record, size_t *count)
{
    return list_nodes(record ? record->removed : NULL, count);
}

fl_node *fl_mutation_record_previous_sibling(const fl_mutation_record *record)
{
    return record ? record->prev : NULL;
}

fl_node *fl_mutation_record_next_sibling(const fl_mutation_record *record)
{
    return record ? record->next : NULL;
}

const char *fl_mutation_record_attribute_name(const fl_mutation_record *record)
{
    return record ? record->name : NULL;
}

const char *fl_mutation_record_old_value(const fl_mutation_record *record)
{
    return record ? record->old_value : NULL;
}
