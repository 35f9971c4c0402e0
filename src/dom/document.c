/*
 * The document: the DOM layer's per-loop state, made on first use and freed
 * with the loop through core's FL__EXT_DOM slot.
 *
 * One loop is one agent and has one document, so the document also holds
 * the agent's MutationObserver state (the observers in creation order, the
 * "mutation observer microtask queued" flag).
 */
#include "dom/dom_internal.h"

#include <stdlib.h>
#include <string.h>

static void document_free(fl_loop *loop, void *data)
{
    (void)loop;
    fl_document *doc = data;
    /* Observers first: their registrations sit on nodes. */
    while (doc->observers)
        fl__observer_destroy(doc->observers);
    fl_node *node = doc->all;
    while (node) {
        fl_node *next = node->all_next;
        fl__node_free(node);
        node = next;
    }
    free(doc);
}

static fl_node *element_new(fl_document *doc, const char *tag)
{
    fl_node *el = fl__node_new(doc, FL_NODE_ELEMENT);
    if (!el)
        return NULL;
    el->tag = fl__strdup(tag);
    /* The node is already on the document's list and is freed with it. */
    return el->tag ? el : NULL;
}

/* about:blank's tree, minus the head: nothing observes it yet, so the links
 * are made directly, without records. */
static int build_tree(fl_document *doc)
{
    doc->root = fl__node_new(doc, FL_NODE_DOCUMENT);
    if (!doc->root)
        return FL_ENOMEM;
    doc->html = element_new(doc, "html");
    doc->body = doc->html ? element_new(doc, "body") : NULL;
    if (!doc->body)
        return FL_ENOMEM;
    fl__link(doc->root, doc->html, NULL);
    fl__link(doc->html, doc->body, NULL);
    return 0;
}

fl_document *fl_document_of(fl_loop *loop)
{
    /* Node and workers have no document: DOM calls there find none and fail. */
    if (!loop || !fl__loop_has_document(loop))
        return NULL;
    fl_document *doc = fl__loop_ext(loop, FL__EXT_DOM);
    if (doc)
        return doc;
    doc = calloc(1, sizeof(*doc));
    if (!doc)
        return NULL;
    doc->loop = loop;
    if (build_tree(doc) != 0 || fl__loop_set_ext(loop, FL__EXT_DOM, doc, document_free) != 0) {
        document_free(loop, doc);
        return NULL;
    }
    return doc;
}

fl_loop *fl_document_loop(const fl_document *doc)
{
    return doc ? doc->loop : NULL;
}

fl_node *fl_document_node(const fl_document *doc)
{
    return doc ? doc->root : NULL;
}

fl_node *fl_document_element(const fl_document *doc)
{
    if (!doc)
        return NULL;
    for (fl_node *c = doc->root->first; c; c = c->next)
        if (c->type == FL_NODE_ELEMENT)
            return c;
    return NULL;
}

fl_node *fl_document_body(const fl_document *doc)
{
    fl_node *html = fl_document_element(doc);
    return html && doc->body->parent == html ? doc->body : NULL;
}

static int valid_tag(const char *tag)
{
    unsigned char c = (unsigned char)tag[0];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
        return 0;
    return tag[strcspn(tag, " \t\n\f\r/>")] == '\0';
}

fl_node *fl_document_create_element(fl_document *doc, const char *tag)
{
    if (!doc || !tag || !valid_tag(tag))
        return NULL;
    fl_node *el = element_new(doc, tag);
    if (!el)
        return NULL;
    for (char *p = el->tag; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return el;
}

fl_node *fl_document_create_text(fl_document *doc, const char *data)
{
    if (!doc || !data)
        return NULL;
    fl_node *text = fl__node_new(doc, FL_NODE_TEXT);
    if (!text)
        return NULL;
    text->len = strlen(data);
    text->data_cap = text->len + 1;
    text->data = malloc(text->data_cap);
    if (!text->data)
        return NULL;
    memcpy(text->data, data, text->data_cap);
    return text;
}

/* The next node in tree order within `root`'s subtree, or NULL. */
static fl_node *following(const fl_node *node, const fl_node *root)
{
    if (node->first)
        return node->first;
    for (; node && node != root; node = node->parent)
        if (node->next)
            return node->next;
    return NULL;
}

fl_node *fl_document_get_element_by_id(const fl_document *doc, const char *id)
{
    if (!doc || !id || !*id)
        return NULL;
    for (fl_node *n = doc->root->first; n; n = following(n, doc->root)) {
        const char *v = fl_element_get_attribute(n, "id");
        if (v && strcmp(v, id) == 0)
            return n;
    }
    return NULL;
}

int fl_document_has_damage(const fl_document *doc)
{
    return doc ? doc->has_damage : 0;
}

int fl_document_take_damage(fl_document *doc)
{
    if (!doc)
        return 0;
    int was = doc->has_damage;
    doc->has_damage = 0;
    return was;
}
