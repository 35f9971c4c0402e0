/*
 * Nodes: allocation, the child/sibling links, navigation and damage flags.
 *
 * Children are an intrusive doubly linked list (first/last, prev/next), as in
 * browsers' ContainerNode: insertion and removal at a known place are O(1)
 * and never allocate, which is what lets a tree change be prepared (all
 * allocations done) before it is applied.
 */
#include "dom/dom_internal.h"

#include <stdlib.h>

fl_node *fl__node_new(fl_document *doc, fl_node_type type)
{
    fl_node *node = calloc(1, sizeof(*node));
    if (!node)
        return NULL;
    node->type = type;
    node->doc = doc;
    node->id = ++doc->next_node_id;
    fl_style_init(&node->style);
    /* The document owns every node from birth: a node never inserted is
     * still freed with the loop. */
    node->all_next = doc->all;
    doc->all = node;
    return node;
}

void fl__node_free(fl_node *node)
{
    for (size_t i = 0; i < node->nattrs; i++) {
        free(node->attrs[i].name);
        free(node->attrs[i].value);
    }
    free(node->attrs);
    free(node->tag);
    free(node->data);
    free(node);
}

void fl__damage(fl_node *node)
{
    node->damaged = 1;
    node->doc->has_damage = 1;
}

void fl__link(fl_node *parent, fl_node *node, fl_node *ref)
{
    node->parent = parent;
    node->next = ref;
    node->prev = ref ? ref->prev : parent->last;
    if (node->prev)
        node->prev->next = node;
    else
        parent->first = node;
    if (ref)
        ref->prev = node;
    else
        parent->last = node;
    parent->nchildren++;
}

void fl__unlink(fl_node *node)
{
    fl_node *parent = node->parent;
    if (node->prev)
        node->prev->next = node->next;
    else
        parent->first = node->next;
    if (node->next)
        node->next->prev = node->prev;
    else
        parent->last = node->prev;
    parent->nchildren--;
    node->parent = node->prev = node->next = NULL;
}

int fl__is_inclusive_ancestor(const fl_node *node, const fl_node *of)
{
    for (const fl_node *n = of; n; n = n->parent)
        if (n == node)
            return 1;
    return 0;
}

fl_node_type fl_node_type_of(const fl_node *node)
{
    return node ? node->type : (fl_node_type)0;
}

int64_t fl_node_id(const fl_node *node)
{
    return node ? node->id : 0;
}

const char *fl_node_name(const fl_node *node)
{
    if (!node)
        return "";
    switch (node->type) {
    case FL_NODE_ELEMENT:
        return node->tag;
    case FL_NODE_TEXT:
        return "#text";
    case FL_NODE_DOCUMENT:
        return "#document";
    }
    return "";
}

fl_document *fl_node_document(const fl_node *node)
{
    return node ? node->doc : NULL;
}

fl_node *fl_node_parent(const fl_node *node)
{
    return node ? node->parent : NULL;
}

fl_node *fl_node_first_child(const fl_node *node)
{
    return node ? node->first : NULL;
}

fl_node *fl_node_last_child(const fl_node *node)
{
    return node ? node->last : NULL;
}

fl_node *fl_node_previous_sibling(const fl_node *node)
{
    return node ? node->prev : NULL;
}

fl_node *fl_node_next_sibling(const fl_node *node)
{
    return node ? node->next : NULL;
}

size_t fl_node_child_count(const fl_node *node)
{
    return node ? node->nchildren : 0;
}

fl_node *fl_node_child_at(const fl_node *node, size_t i)
{
    if (!node || i >= node->nchildren)
        return NULL;
    fl_node *c = node->first;
    while (i-- > 0)
        c = c->next;
    return c;
}

int fl_node_contains(const fl_node *node, const fl_node *other)
{
    return node && other && fl__is_inclusive_ancestor(node, other);
}

int fl_node_is_connected(const fl_node *node)
{
    return node && fl__is_inclusive_ancestor(node->doc->root, node);
}

int fl_node_is_damaged(const fl_node *node)
{
    return node ? node->damaged : 0;
}

int fl_node_take_damage(fl_node *node)
{
    if (!node)
        return 0;
    int was = node->damaged;
    node->damaged = 0;
    return was;
}
