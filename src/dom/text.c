/*
 * Text nodes: the DOM standard's CharacterData "replace data", which every
 * change of a text node's data goes through (data setter, appendData,
 * insertData, deleteData, replaceData), and its characterData record.
 *
 * Offsets count bytes; the DOM counts UTF-16 code units. For ASCII data (all
 * the tests and scenarios use) the two agree.
 */
#include "dom/dom_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int is_text(const fl_node *node)
{
    return node && node->type == FL_NODE_TEXT;
}

const char *fl_text_data(const fl_node *text)
{
    return is_text(text) ? text->data : NULL;
}

size_t fl_text_length(const fl_node *text)
{
    return is_text(text) ? text->len : 0;
}

/* Writes the new data into `dst` (which may be the node's own buffer when
 * `data` does not point into it). */
static void splice(fl_node *t, char *dst, size_t offset, size_t count, const char *data,
                   size_t dlen)
{
    size_t tail = t->len - offset - count;
    if (dst != t->data)
        memcpy(dst, t->data, offset);
    memmove(dst + offset + dlen, t->data + offset + count, tail + 1);
    memcpy(dst + offset, data, dlen);
}

int fl_text_replace_data(fl_node *text, size_t offset, size_t count, const char *data)
{
    if (!is_text(text) || !data || offset > text->len)
        return FL_EINVAL;
    if (count > text->len - offset)
        count = text->len - offset;
    size_t dlen = strlen(data);
    size_t len = text->len - count + dlen;
    /* Integers, not pointers: pointers into different objects do not compare. */
    uintptr_t d = (uintptr_t)data, own = (uintptr_t)text->data;
    int aliases = d >= own && d < own + text->data_cap;
    char *buf = NULL;
    if (len >= text->data_cap || aliases) {
        if (!(buf = malloc(len + 1)))
            return FL_ENOMEM;
    }
    fl__mutation m = {.type = FL_MUTATION_CHARACTER_DATA, .target = text, .old_value = text->data};
    fl__batch b;
    int rc = fl__batch_prepare(&b, text->doc, &m);
    if (rc == 0)
        rc = fl__batches_arm(&b, NULL);
    if (rc != 0) {
        free(buf);
        return rc;
    }
    splice(text, buf ? buf : text->data, offset, count, data, dlen);
    if (buf) {
        free(text->data);
        text->data = buf;
        text->data_cap = len + 1;
    }
    text->len = len;
    fl__batch_commit(&b);
    return 0;
}

int fl_text_set_data(fl_node *text, const char *data)
{
    return fl_text_replace_data(text, 0, fl_text_length(text), data);
}

int fl_text_append_data(fl_node *text, const char *data)
{
    return fl_text_replace_data(text, fl_text_length(text), 0, data);
}
