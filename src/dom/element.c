/*
 * Element attributes: setAttribute, removeAttribute, getAttribute, and the
 * style attribute's link to the computed style.
 *
 * Attributes are a small array in the order they were added (the element's
 * attribute list); names are stored lowercased, as an HTML document's
 * setAttribute does, and looked up case-insensitively. The DOM standard's
 * "handle attribute changes" queues the record with the old value before the
 * value changes; here the record is prepared (with its own copy of the old
 * value) before, and committed after.
 */
#include "dom/dom_internal.h"

#include <stdlib.h>
#include <string.h>

char *fl__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    return d ? memcpy(d, s, n) : NULL;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Compares a lowercase stored name with a name as given. */
static int name_equal(const char *stored, const char *given)
{
    while (*stored && *stored == lower(*given)) {
        stored++;
        given++;
    }
    return *stored == '\0' && *given == '\0';
}

/* A hand loop: strcspn's set-up costs more than the short names it scans. */
static int valid_name(const char *name)
{
    if (!*name)
        return 0;
    for (const char *p = name; *p; p++)
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\f' || *p == '\r' || *p == '/' ||
            *p == '>' || *p == '=')
            return 0;
    return 1;
}

static int is_style(const char *name)
{
    return name[0] == 's' && strcmp(name, "style") == 0;
}

static int is_element(const fl_node *node)
{
    return node && node->type == FL_NODE_ELEMENT;
}

static fl__attr *find(const fl_node *el, const char *name)
{
    for (size_t i = 0; i < el->nattrs; i++)
        if (name_equal(el->attrs[i].name, name))
            return &el->attrs[i];
    return NULL;
}

/* Re-parses the style attribute; a different computed style damages the box. */
static void update_style(fl_node *el)
{
    fl_style style;
    fl_style_parse(fl_element_get_attribute(el, "style"), &style);
    if (!fl__style_equal(&style, &el->style)) {
        el->style = style;
        fl__damage(el);
    }
}

/* Allocates what adding attribute `name` needs: its lowercase name and a slot. */
static char *prepare_new(fl_node *el, const char *name)
{
    if (el->nattrs == el->attrs_cap) {
        size_t cap = el->attrs_cap ? el->attrs_cap * 2 : 4;
        fl__attr *v = realloc(el->attrs, cap * sizeof(*v));
        if (!v)
            return NULL;
        el->attrs = v;
        el->attrs_cap = cap;
    }
    char *lname = fl__strdup(name);
    for (char *p = lname; p && *p; p++)
        *p = lower(*p);
    return lname;
}

int fl_element_set_attribute(fl_node *el, const char *name, const char *value)
{
    if (!is_element(el) || !name || !value)
        return FL_EINVAL;
    /* A name that matches a stored one is valid: only new names are checked. */
    fl__attr *attr = find(el, name);
    if (!attr && !valid_name(name))
        return FL_EINVAL;
    size_t len = strlen(value);
    char *lname = attr ? NULL : prepare_new(el, name);
    /* A value that fits the old buffer is copied in place: no allocation. */
    int need_buf = !attr || len >= attr->cap;
    char *buf = need_buf ? malloc(len + 1) : NULL;
    fl__mutation m = {.type = FL_MUTATION_ATTRIBUTES,
                      .target = el,
                      .name = attr ? attr->name : lname,
                      .old_value = attr ? attr->value : NULL};
    fl__batch b;
    int rc = FL_ENOMEM;
    if ((attr || lname) && (!need_buf || buf))
        rc = fl__batch_prepare(&b, el->doc, &m);
    if (rc == 0)
        rc = fl__batches_arm(&b, NULL);
    if (rc != 0) {
        free(lname);
        free(buf);
        return rc;
    }
    if (!attr) {
        attr = &el->attrs[el->nattrs++];
        *attr = (fl__attr){lname, buf, len + 1};
    } else if (buf) {
        free(attr->value);
        attr->value = buf;
        attr->cap = len + 1;
    }
    /* memmove: `value` may be the attribute's own buffer. */
    memmove(attr->value, value, len + 1);
    int style = is_style(attr->name);
    fl__batch_commit(&b);
    if (style)
        update_style(el);
    return 0;
}

int fl_element_remove_attribute(fl_node *el, const char *name)
{
    if (!is_element(el) || !name)
        return FL_EINVAL;
    fl__attr *attr = find(el, name);
    if (!attr)
        return 0;
    fl__mutation m = {
        .type = FL_MUTATION_ATTRIBUTES, .target = el, .name = attr->name, .old_value = attr->value};
    fl__batch b;
    int rc = fl__batch_prepare(&b, el->doc, &m);
    if (rc != 0 || (rc = fl__batches_arm(&b, NULL)) != 0)
        return rc;
    int style = is_style(attr->name);
    free(attr->name);
    free(attr->value);
    size_t i = (size_t)(attr - el->attrs);
    memmove(attr, attr + 1, (el->nattrs - i - 1) * sizeof(*attr));
    el->nattrs--;
    fl__batch_commit(&b);
    if (style)
        update_style(el);
    return 0;
}

const char *fl_element_get_attribute(const fl_node *el, const char *name)
{
    if (!is_element(el) || !name)
        return NULL;
    const fl__attr *attr = find(el, name);
    return attr ? attr->value : NULL;
}

size_t fl_element_attribute_count(const fl_node *el)
{
    return is_element(el) ? el->nattrs : 0;
}

int fl_element_attribute_at(const fl_node *el, size_t i, const char **name, const char **value)
{
    if (!is_element(el) || i >= el->nattrs)
        return FL_EINVAL;
    if (name)
        *name = el->attrs[i].name;
    if (value)
        *value = el->attrs[i].value;
    return 0;
}

const char *fl_element_tag(const fl_node *el)
{
    return is_element(el) ? el->tag : NULL;
}

const fl_style *fl_element_style(const fl_node *el)
{
    return is_element(el) ? &el->style : NULL;
}
