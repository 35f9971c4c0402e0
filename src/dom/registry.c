/*
 * Registered observers: the links between observers and the nodes they
 * watch, and the DOM standard's transient registered observers.
 *
 * Each registration sits in two lists: its node's registered observer list
 * (what "queue a mutation record" walks) and its observer's list (the
 * standard's "node list", which disconnect and re-observe walk).
 *
 * When a node is removed, every subtree registration on the old parent's
 * inclusive ancestors gets a transient copy on the removed node, so changes
 * inside the removed subtree are still reported until the observer's next
 * delivery. Two refinements over the standard's text, both invisible to
 * observers: a transient copy made from a transient one points at the
 * original registration (so re-observing drops every copy), and a node gets
 * at most one copy of a registration (as Chromium does), so moving a node back
 * and forth does not grow its list.
 */
#include "dom/dom_internal.h"

#include <stdlib.h>

void fl__mo_options_clear(fl__mo_options *o)
{
    for (size_t i = 0; i < o->nfilter; i++)
        free(o->filter[i]);
    free(o->filter);
    o->filter = NULL;
    o->nfilter = 0;
    o->flags = 0;
}

static void node_list_append(fl_node *node, fl__reg *reg)
{
    reg->node = node;
    reg->node_next = NULL;
    reg->node_prev = node->regs_tail;
    if (node->regs_tail)
        node->regs_tail->node_next = reg;
    else
        node->regs = reg;
    node->regs_tail = reg;
}

static void observer_list_push(fl_mutation_observer *mo, fl__reg *reg)
{
    reg->mo = mo;
    reg->mo_prev = NULL;
    reg->mo_next = mo->regs;
    if (mo->regs)
        mo->regs->mo_prev = reg;
    mo->regs = reg;
}

void fl__reg_link(fl__reg *reg, fl_mutation_observer *mo, fl_node *node)
{
    node_list_append(node, reg);
    observer_list_push(mo, reg);
    node->doc->nregs++;
}

void fl__reg_free(fl__reg *reg)
{
    fl_node *node = reg->node;
    if (reg->node_prev)
        reg->node_prev->node_next = reg->node_next;
    else
        node->regs = reg->node_next;
    if (reg->node_next)
        reg->node_next->node_prev = reg->node_prev;
    else
        node->regs_tail = reg->node_prev;
    if (reg->mo_prev)
        reg->mo_prev->mo_next = reg->mo_next;
    else
        reg->mo->regs = reg->mo_next;
    if (reg->mo_next)
        reg->mo_next->mo_prev = reg->mo_prev;
    node->doc->nregs--;
    if (!reg->source)
        fl__mo_options_clear(&reg->options);
    free(reg);
}

/* How many registrations on `parent`'s inclusive ancestors observe subtrees. */
static size_t subtree_regs(const fl_node *parent)
{
    size_t n = 0;
    for (const fl_node *a = parent; a; a = a->parent)
        for (const fl__reg *r = a->regs; r; r = r->node_next)
            n += (fl__reg_options(r)->flags & FL__MO_SUBTREE) != 0;
    return n;
}

int fl__transients_reserve(fl__batch *b, const fl_node *parent, size_t count)
{
    if (parent->doc->nregs == 0)
        return 0;
    size_t want = subtree_regs(parent) * count;
    for (size_t i = 0; i < want; i++) {
        fl__reg *spare = calloc(1, sizeof(*spare));
        if (!spare)
            return FL_ENOMEM;
        spare->node_next = b->spare;
        b->spare = spare;
    }
    return 0;
}

static int has_copy(const fl_node *node, const fl__reg *source)
{
    for (const fl__reg *r = node->regs; r; r = r->node_next)
        if (r->source == source)
            return 1;
    return 0;
}

void fl__transients_add(fl__batch *b, fl_node *node, const fl_node *parent)
{
    for (const fl_node *a = parent; a; a = a->parent) {
        for (fl__reg *r = a->regs; r; r = r->node_next) {
            if (!(fl__reg_options(r)->flags & FL__MO_SUBTREE))
                continue;
            fl__reg *source = r->source ? r->source : r;
            if (has_copy(node, source) || !b->spare)
                continue;
            fl__reg *t = b->spare;
            b->spare = t->node_next;
            t->source = source;
            fl__reg_link(t, r->mo, node);
        }
    }
}

void fl__transients_drop(fl_mutation_observer *mo, const fl__reg *source)
{
    fl__reg *r = mo->regs;
    while (r) {
        fl__reg *next = r->mo_next;
        if (r->source && (!source || r->source == source))
            fl__reg_free(r);
        r = next;
    }
}
