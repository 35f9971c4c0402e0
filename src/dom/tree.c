/*
 * Tree mutations: the DOM standard's pre-insert, insert, remove, replace and
 * replace all, with their validity checks and childList records.
 *
 * Each operation validates first (HierarchyRequestError, NotFoundError),
 * then prepares every record and transient registration it will need, and
 * only then touches the links, so a failing call leaves the tree as it was.
 *
 * Moving a node that already has a parent removes it first, with its own
 * record on the old parent, as the standard's "adopt" step does. The
 * previousSibling of the insertion record is computed as if that removal had
 * already happened, as browsers do (the standard's text would name the moved
 * node itself when a parent's last child is appended to it again).
 */
#include "dom/dom_internal.h"

#include <stdlib.h>

/* Pre-insert validity, steps 1-2: the parent and the ancestor check. */
static int check_placement(const fl_node *parent, const fl_node *node)
{
    if (!parent || !node || parent->doc != node->doc)
        return FL_EINVAL;
    if (parent->type == FL_NODE_TEXT)
        return FL_DOM_EHIERARCHY;
    if (fl__is_inclusive_ancestor(node, parent))
        return FL_DOM_EHIERARCHY;
    return 0;
}

/* Steps 4-6: the kinds of node a parent accepts. `replaced` is the child a
 * replacement takes out, whose element slot the node may take. */
static int check_kind(const fl_node *parent, const fl_node *node, const fl_node *replaced)
{
    if (node->type == FL_NODE_DOCUMENT)
        return FL_DOM_EHIERARCHY;
    if (parent->type != FL_NODE_DOCUMENT)
        return 0;
    if (node->type == FL_NODE_TEXT)
        return FL_DOM_EHIERARCHY;
    for (const fl_node *c = parent->first; c; c = c->next)
        if (c->type == FL_NODE_ELEMENT && c != replaced)
            return FL_DOM_EHIERARCHY;
    return 0;
}

static void damage_removal(fl_node *parent, fl_node *node)
{
    fl__damage(node);
    fl__damage(parent);
}

/* The remove steps once prepared: unlink, transient registrations, record. */
static void detach(fl__batch *b, fl_node *node)
{
    fl_node *parent = node->parent;
    fl__unlink(node);
    fl__transients_add(b, node, parent);
    damage_removal(parent, node);
    fl__batch_commit(b);
}

/* Prepares the adopt step's removal of `node` from its parent, if it has one. */
static int prepare_adopt(fl__batch *out, fl_node *node, fl_document *doc)
{
    if (!node->parent) {
        fl__batch_init(out, doc);
        return 0;
    }
    return fl__batch_prepare_removal(out, node->parent, node);
}

static void adopt(fl__batch *out, fl_node *node)
{
    if (node->parent)
        detach(out, node);
    else
        fl__batch_commit(out);
}

/* Insert `node` into `parent` before `ref` (never `node` itself). */
static int insert(fl_node *parent, fl_node *node, fl_node *ref)
{
    fl_node *prev = ref ? ref->prev : parent->last;
    if (prev == node)
        prev = node->prev;
    fl_node *added[1] = {node};
    fl__mutation m = {.type = FL_MUTATION_CHILD_LIST,
                      .target = parent,
                      .added = added,
                      .nadded = 1,
                      .prev = prev,
                      .next = ref};
    fl__batch out, in;
    int rc = prepare_adopt(&out, node, parent->doc);
    if (rc != 0)
        return rc;
    if ((rc = fl__batch_prepare(&in, parent->doc, &m)) != 0) {
        fl__batch_abort(&out);
        return rc;
    }
    if ((rc = fl__batches_arm(&out, &in)) != 0)
        return rc;
    adopt(&out, node);
    fl__link(parent, node, ref);
    fl__damage(node);
    fl__damage(parent);
    fl__batch_commit(&in);
    return 0;
}

int fl_node_insert_before(fl_node *parent, fl_node *node, fl_node *child)
{
    int rc = check_placement(parent, node);
    if (rc != 0)
        return rc;
    if (child && child->parent != parent)
        return FL_DOM_ENOTFOUND;
    if ((rc = check_kind(parent, node, NULL)) != 0)
        return rc;
    return insert(parent, node, child == node ? node->next : child);
}

int fl_node_append_child(fl_node *parent, fl_node *node)
{
    return fl_node_insert_before(parent, node, NULL);
}

int fl_node_remove_child(fl_node *parent, fl_node *child)
{
    if (!parent || !child)
        return FL_EINVAL;
    if (child->parent != parent)
        return FL_DOM_ENOTFOUND;
    fl__batch b;
    int rc = fl__batch_prepare_removal(&b, parent, child);
    if (rc == 0 && (rc = fl__batches_arm(&b, NULL)) == 0)
        detach(&b, child);
    return rc;
}

int fl_node_remove(fl_node *node)
{
    if (!node)
        return FL_EINVAL;
    return node->parent ? fl_node_remove_child(node->parent, node) : 0;
}

/* Prepares the replacement record and, when `child` is still there to take
 * out, the transient registrations its removal may add. */
static int prepare_replace(fl__batch *in, fl_node *parent, fl_node *node, fl_node *child,
                           fl_node *prev, fl_node *ref)
{
    fl_node *added[1] = {node};
    fl_node *removed[1] = {child};
    int child_stays = child != node;
    fl__mutation m = {.type = FL_MUTATION_CHILD_LIST,
                      .target = parent,
                      .added = added,
                      .nadded = 1,
                      .removed = removed,
                      .nremoved = child_stays ? 1 : 0,
                      .prev = prev,
                      .next = ref};
    int rc = fl__batch_prepare(in, parent->doc, &m);
    if (rc == 0 && child_stays && (rc = fl__transients_reserve(in, parent, 1)) != 0)
        fl__batch_abort(in);
    return rc;
}

int fl_node_replace_child(fl_node *parent, fl_node *node, fl_node *child)
{
    int rc = check_placement(parent, node);
    if (rc != 0)
        return rc;
    if (!child)
        return FL_EINVAL;
    if (child->parent != parent)
        return FL_DOM_ENOTFOUND;
    if ((rc = check_kind(parent, node, child)) != 0)
        return rc;
    fl_node *ref = child->next == node ? node->next : child->next;
    fl_node *prev = child->prev == node ? node->prev : child->prev;
    fl__batch out, in;
    if ((rc = prepare_adopt(&out, node, parent->doc)) != 0)
        return rc;
    if ((rc = prepare_replace(&in, parent, node, child, prev, ref)) != 0) {
        fl__batch_abort(&out);
        return rc;
    }
    if ((rc = fl__batches_arm(&out, &in)) != 0)
        return rc;
    adopt(&out, node);
    /* Replacing a node with itself: adopting it already took it out. */
    if (child->parent == parent) {
        fl__unlink(child);
        fl__transients_add(&in, child, parent);
        damage_removal(parent, child);
    }
    fl__link(parent, node, ref);
    fl__damage(node);
    fl__batch_commit(&in);
    return 0;
}

/* "Replace all" with `text` (NULL: no node) within `parent`, one record. */
static int replace_all(fl_node *parent, fl_node *text)
{
    if (!parent->first && !text)
        return 0;
    fl_node **removed = NULL;
    size_t n = parent->nchildren;
    if (n && !(removed = malloc(n * sizeof(*removed))))
        return FL_ENOMEM;
    size_t i = 0;
    for (fl_node *c = parent->first; c; c = c->next)
        removed[i++] = c;
    fl__mutation m = {.type = FL_MUTATION_CHILD_LIST,
                      .target = parent,
                      .added = &text,
                      .nadded = text ? 1 : 0,
                      .removed = removed,
                      .nremoved = n};
    fl__batch b;
    int rc = fl__batch_prepare(&b, parent->doc, &m);
    if (rc == 0 && (rc = fl__transients_reserve(&b, parent, n)) != 0)
        fl__batch_abort(&b);
    if (rc == 0)
        rc = fl__batches_arm(&b, NULL);
    if (rc == 0) {
        for (i = 0; i < n; i++) {
            fl__unlink(removed[i]);
            fl__transients_add(&b, removed[i], parent);
            damage_removal(parent, removed[i]);
        }
        if (text) {
            fl__link(parent, text, NULL);
            fl__damage(text);
        }
        fl__batch_commit(&b);
    }
    free(removed);
    return rc;
}

int fl_node_set_text_content(fl_node *node, const char *text)
{
    if (!node || !text)
        return FL_EINVAL;
    if (node->type == FL_NODE_TEXT)
        return fl_text_set_data(node, text);
    if (node->type == FL_NODE_DOCUMENT)
        return 0;
    fl_node *t = NULL;
    /* A text node made here and then not inserted (out of memory) is still
     * the document's: it is freed with the loop. */
    if (*text && !(t = fl_document_create_text(node->doc, text)))
        return FL_ENOMEM;
    return replace_all(node, t);
}
