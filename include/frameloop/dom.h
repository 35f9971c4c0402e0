/**
 * @file dom.h
 * A small DOM: one document per loop, element and text nodes, an inline-style
 * subset parsed into a computed style, damage flags for the rendering step,
 * and MutationObserver delivered at microtask checkpoints as the DOM standard
 * says.
 *
 * Ownership: the document owns every node it made, inserted or not, until
 * fl_loop_free(). A node pointer therefore stays valid for the loop's whole
 * life: a removed node can be kept and inserted again, and dropping a pointer
 * never leaks (nodes are not reference counted). Strings a call returns are
 * borrowed: valid until that attribute, text or node changes.
 *
 * Errors: calls return 0 or a negative FL_E* code. NULL or misused arguments
 * (a text node where an element is needed, a node of another loop's
 * document, an invalid name) give FL_EINVAL. The DOM's exceptions map to
 * FL_DOM_EHIERARCHY (HierarchyRequestError) and FL_DOM_ENOTFOUND
 * (NotFoundError). A call that fails changes nothing: the tree is never left
 * half-changed, and no mutation record is queued.
 *
 * Mutation observers follow the DOM standard: a change queues a record on
 * each interested observer and at most one "notify mutation observers"
 * microtask per loop; that microtask visits the observers in creation order
 * and calls each one's callback (through fl_invoke_callback()) with the
 * records queued for it since its last delivery. Callbacks may change the
 * tree and call any function of this header on their own loop; the records
 * this queues are delivered in the same microtask checkpoint.
 */
#ifndef FRAMELOOP_DOM_H
#define FRAMELOOP_DOM_H

#include <stddef.h>
#include <stdint.h>

#include "frameloop/loop.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The DOM's HierarchyRequestError: the node cannot go there. */
#define FL_DOM_EHIERARCHY FL_EHIERARCHY
/** The DOM's NotFoundError: the reference node is not a child of the parent. */
#define FL_DOM_ENOTFOUND FL_ENOENT

typedef struct fl_document fl_document;
typedef struct fl_node fl_node;
typedef struct fl_mutation_observer fl_mutation_observer;
typedef struct fl_mutation_record fl_mutation_record;

/** Node kinds; the values are the DOM's nodeType numbers. */
typedef enum fl_node_type {
    FL_NODE_ELEMENT = 1,
    FL_NODE_TEXT = 3,
    FL_NODE_DOCUMENT = 9
} fl_node_type;

/* ---- The document --------------------------------------------------------- */

/**
 * The loop's document, made on first use as `<html><body></body></html>`.
 * It is freed with the loop.
 *
 * @return the document, or NULL for a NULL loop, when out of memory, or for a
 *         loop that has no document: a node-profile loop or a worker's
 *         (worker.h). Every other DOM call then has nothing to act on.
 */
fl_document *fl_document_of(fl_loop *loop);

/** The loop a document belongs to; NULL for NULL. */
fl_loop *fl_document_loop(const fl_document *doc);

/** The document node: the root of the tree (FL_NODE_DOCUMENT). NULL for NULL. */
fl_node *fl_document_node(const fl_document *doc);

/** The document element (`<html>`), or NULL when it was removed. */
fl_node *fl_document_element(const fl_document *doc);

/** The `<body>` element the document was made with, or NULL when it is no longer the
 * document element's child. */
fl_node *fl_document_body(const fl_document *doc);

/**
 * createElement: a new element, not yet in the tree. The name is lowercased
 * (an HTML document).
 *
 * @param tag an ASCII letter first, then no whitespace, '/', '>' or NUL.
 * @return the element (owned by the document), or NULL for an invalid name, a
 *         NULL document or out of memory.
 */
fl_node *fl_document_create_element(fl_document *doc, const char *tag);

/**
 * createTextNode: a new text node holding a copy of `data`, not yet in the tree.
 *
 * @return the node (owned by the document), or NULL for NULL arguments or out of memory.
 */
fl_node *fl_document_create_text(fl_document *doc, const char *data);

/**
 * getElementById: the first element in tree order, among the document's
 * descendants, whose id attribute is `id`. NULL when none (or `id` is "").
 */
fl_node *fl_document_get_element_by_id(const fl_document *doc, const char *id);

/** Whether any node was damaged since the last fl_document_take_damage(). */
int fl_document_has_damage(const fl_document *doc);

/**
 * Reads and clears the document's "has damage" flag. The rendering step calls
 * it to learn whether anything must be redrawn; per-node flags stay set until
 * fl_node_take_damage().
 *
 * @return 1 when something was damaged since the last call, else 0 (also for NULL).
 */
int fl_document_take_damage(fl_document *doc);

/* ---- Nodes ------------------------------------------------------------------ */

/** The node's kind; 0 for NULL. */
fl_node_type fl_node_type_of(const fl_node *node);

/** A number > 0, unique in the document, in creation order (for logs); 0 for NULL. */
int64_t fl_node_id(const fl_node *node);

/** nodeName: the tag name of an element, "#text", "#document"; "" for NULL. */
const char *fl_node_name(const fl_node *node);

/** The document that owns the node; NULL for NULL. */
fl_document *fl_node_document(const fl_node *node);

/** parentNode; NULL for the document node, a node not in a tree, or NULL. */
fl_node *fl_node_parent(const fl_node *node);
/** firstChild; NULL when the node has no children (or for NULL). */
fl_node *fl_node_first_child(const fl_node *node);
/** lastChild; NULL when the node has no children (or for NULL). */
fl_node *fl_node_last_child(const fl_node *node);
/** previousSibling; NULL for a first child, a parentless node, or NULL. */
fl_node *fl_node_previous_sibling(const fl_node *node);
/** nextSibling; NULL for a last child, a parentless node, or NULL. */
fl_node *fl_node_next_sibling(const fl_node *node);

/** How many children the node has; 0 for NULL. */
size_t fl_node_child_count(const fl_node *node);

/** The i-th child (0-based, O(i)); NULL past the end. */
fl_node *fl_node_child_at(const fl_node *node, size_t i);

/** Whether `other` is `node` or one of its descendants (Node.contains). 0 for NULL. */
int fl_node_contains(const fl_node *node, const fl_node *other);

/** Whether the node is in its document's tree (Node.isConnected). */
int fl_node_is_connected(const fl_node *node);

/**
 * appendChild: inserts `node` as the last child of `parent`, first removing it
 * from its current parent (a separate childList record there).
 *
 * @return 0; FL_DOM_EHIERARCHY when `parent` is a text node, `node` is
 *         `parent` or one of its ancestors, `node` is the document, a text node
 *         goes under the document, or the document would get a second
 *         element; FL_EINVAL for NULL or nodes of different documents;
 *         FL_ENOMEM (nothing changed).
 */
int fl_node_append_child(fl_node *parent, fl_node *node);

/**
 * insertBefore: inserts `node` before `child`, a child of `parent` (NULL
 * appends).
 *
 * @return as fl_node_append_child(), plus FL_DOM_ENOTFOUND when `child` is not
 *         a child of `parent`.
 */
int fl_node_insert_before(fl_node *parent, fl_node *node, fl_node *child);

/**
 * removeChild: removes `child` from `parent`. The node stays valid and can be
 * inserted again.
 *
 * @return 0, FL_DOM_ENOTFOUND when `child` is not a child of `parent`,
 *         FL_EINVAL for NULL, FL_ENOMEM (nothing changed).
 */
int fl_node_remove_child(fl_node *parent, fl_node *child);

/** ChildNode.remove(): removes the node from its parent; 0 when it has none. */
int fl_node_remove(fl_node *node);

/**
 * replaceChild: puts `node` where `child` is. One childList record on
 * `parent` names both (plus one on `node`'s old parent, if it had one).
 *
 * @return as fl_node_insert_before(); FL_DOM_EHIERARCHY also when the
 *         document would get a second element.
 */
int fl_node_replace_child(fl_node *parent, fl_node *node, fl_node *child);

/**
 * textContent setter. An element loses all its children and, unless `text`
 * is "", gets one new text node (one childList record, none when nothing
 * changed); a text node's data is replaced; the document node ignores it.
 *
 * @return 0, FL_EINVAL for NULL, FL_ENOMEM (nothing changed).
 */
int fl_node_set_text_content(fl_node *node, const char *text);

/** Whether the node's box was damaged (style, insertion, removal) since it was last cleared. */
int fl_node_is_damaged(const fl_node *node);

/** Reads and clears the node's damaged flag. @return 1 when it was set, else 0. */
int fl_node_take_damage(fl_node *node);

/* ---- Elements: attributes --------------------------------------------------- */

/** The element's tag name (lowercase); NULL for a node that is not an element. */
const char *fl_element_tag(const fl_node *el);

/**
 * setAttribute: sets (or adds, last in order) attribute `name`, lowercased.
 * Setting the same value again is still a mutation (an attributes record). A
 * change of "style" re-parses the computed style and, when it differs, damages
 * the element.
 *
 * @param name non-empty, without whitespace, '/', '>', '=' or NUL.
 * @param value copied.
 * @return 0, FL_EINVAL (not an element, an invalid name, NULL), FL_ENOMEM
 *         (nothing changed).
 */
int fl_element_set_attribute(fl_node *el, const char *name, const char *value);

/**
 * removeAttribute: removes attribute `name` (matched lowercased). Removing an
 * absent attribute is no mutation and returns 0.
 *
 * @return 0, FL_EINVAL, FL_ENOMEM (nothing changed).
 */
int fl_element_remove_attribute(fl_node *el, const char *name);

/** getAttribute: the value (borrowed), or NULL when absent or not an element. */
const char *fl_element_get_attribute(const fl_node *el, const char *name);

/** How many attributes the element has; 0 for other nodes. */
size_t fl_element_attribute_count(const fl_node *el);

/**
 * The i-th attribute in order (the order they were added).
 *
 * @param name, value receive borrowed strings; either may be NULL.
 * @return 0, or FL_EINVAL when `el` is no element or `i` is out of range.
 */
int fl_element_attribute_at(const fl_node *el, size_t i, const char **name, const char **value);

/* ---- Text nodes ------------------------------------------------------------- */

/** The text node's data (borrowed); NULL for other nodes. */
const char *fl_text_data(const fl_node *text);

/** The data's length in bytes; 0 for other nodes. */
size_t fl_text_length(const fl_node *text);

/**
 * CharacterData "replace data": replaces `count` bytes at `offset` (count is
 * clipped at the end) with `data`. Always a characterData mutation, even when
 * nothing changes. Offsets are bytes (the DOM counts UTF-16 code units).
 *
 * @return 0, FL_EINVAL (not a text node, NULL, offset past the end:
 *         IndexSizeError), FL_ENOMEM (nothing changed).
 */
int fl_text_replace_data(fl_node *text, size_t offset, size_t count, const char *data);

/** `text.data = data`: fl_text_replace_data(text, 0, length, data). */
int fl_text_set_data(fl_node *text, const char *data);

/** appendData: fl_text_replace_data(text, length, 0, data). */
int fl_text_append_data(fl_node *text, const char *data);

/* ---- Inline style ----------------------------------------------------------- */

/** A non-premultiplied RGBA8 color. */
typedef struct fl_color {
    uint8_t r, g, b, a;
} fl_color;

/** Bits of fl_style.specified: which properties a valid declaration set. */
enum fl_style_property {
    FL_STYLE_LEFT = 1 << 0,
    FL_STYLE_TOP = 1 << 1,
    FL_STYLE_WIDTH = 1 << 2,
    FL_STYLE_HEIGHT = 1 << 3,
    FL_STYLE_BACKGROUND = 1 << 4,
    FL_STYLE_OPACITY = 1 << 5,
    FL_STYLE_DISPLAY = 1 << 6,
    FL_STYLE_BORDER = 1 << 7,
    FL_STYLE_TRANSFORM = 1 << 8,
    FL_STYLE_OVERFLOW = 1 << 9
};

/**
 * The computed style of an element, from its style attribute. Lengths are CSS
 * px. A property no valid declaration set keeps its initial value: auto
 * positions and sizes (0 here, without the bit in `specified`), a transparent
 * background, opacity 1, displayed, no border, no transform, overflow visible.
 */
typedef struct fl_style {
    unsigned specified;    /**< fl_style_property bits */
    double left, top;      /**< px */
    double width, height;  /**< px, >= 0 */
    fl_color background;   /**< background / background-color */
    double opacity;        /**< 0..1 */
    int display_none;      /**< display: none */
    double border_width;   /**< px; 0 is no border (style none or width 0) */
    fl_color border_color; /**< currentcolor (black) when not given */
    double translate_x;    /**< transform: translate(X, Y), px */
    double translate_y;
    int overflow_hidden; /**< overflow: hidden (or clip) */
} fl_style;

/** Fills `style` with the initial values. NULL is a no-op. */
void fl_style_init(fl_style *style);

/**
 * Parses a style attribute's declarations (`left: 10px; background: #f00`)
 * onto the initial values, as CSS does: properties and keywords are
 * case-insensitive, `!important` is accepted, a later valid declaration wins,
 * and an unknown property or a malformed value drops that one declaration.
 * Supported: left top width height (px, or unitless 0; auto), background and
 * background-color (a color), opacity (a number or a percentage, clamped),
 * display (none, or another display keyword), border (width, `solid` or
 * `none`, color, in any order), transform (`translate(Xpx)`,
 * `translate(Xpx, Ypx)`, none), overflow (visible, hidden, clip, scroll, auto).
 *
 * @param text the declarations; NULL is "".
 * @return how many declarations were applied (>= 0), or FL_EINVAL for a NULL `out`.
 */
int fl_style_parse(const char *text, fl_style *out);

/**
 * Parses a CSS color: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()` /
 * `rgba()` (comma or space syntax, numbers or percentages, optional alpha),
 * `transparent` and the basic color keywords (the 16 of HTML 4, plus orange).
 *
 * @return 0, or FL_EINVAL when `text` is not a color (`out` is left alone).
 */
int fl_color_parse(const char *text, fl_color *out);

/** The element's computed style (borrowed, live); NULL for other nodes. */
const fl_style *fl_element_style(const fl_node *el);

/* ---- MutationObserver ------------------------------------------------------- */

/** MutationRecord.type. */
typedef enum fl_mutation_type {
    FL_MUTATION_ATTRIBUTES = 1,
    FL_MUTATION_CHARACTER_DATA = 2,
    FL_MUTATION_CHILD_LIST = 3
} fl_mutation_type;

/** "attributes", "characterData", "childList"; "?" for another value. */
const char *fl_mutation_type_name(fl_mutation_type type);

/**
 * A MutationObserver callback. `records` (and every record and node list in
 * it) is borrowed for the duration of the call; `count` is > 0. The callback
 * may mutate the tree, observe, disconnect, take records or free any observer,
 * this one included.
 */
typedef void (*fl_mutation_callback)(fl_loop *loop, fl_mutation_observer *observer,
                                     fl_mutation_record *const *records, size_t count, void *arg);

/** A MutationObserverInit member that is absent (the DOM's "does not exist"). */
#define FL_OPTION_UNSET (-1)

/**
 * MutationObserverInit. Initialise with fl_observe_options_init(): childList
 * and subtree default to 0; the other flags default to FL_OPTION_UNSET, and
 * are otherwise 0 (false) or nonzero (true).
 */
typedef struct fl_observe_options {
    int child_list;               /**< default 0 */
    int attributes;               /**< default FL_OPTION_UNSET */
    int character_data;           /**< default FL_OPTION_UNSET */
    int subtree;                  /**< default 0 */
    int attribute_old_value;      /**< default FL_OPTION_UNSET */
    int character_data_old_value; /**< default FL_OPTION_UNSET */
    /** attributeFilter: NULL when absent; else `attribute_filter_len` names (copied,
     * compared exactly; an empty filter matches nothing). */
    const char *const *attribute_filter;
    size_t attribute_filter_len;
} fl_observe_options;

/** Fills `opt` with the defaults documented on each field. NULL is a no-op. */
void fl_observe_options_init(fl_observe_options *opt);

/**
 * new MutationObserver(callback). The observer belongs to the loop's document
 * and is freed with the loop if fl_mutation_observer_free() is never called.
 *
 * @return the observer, or NULL for a NULL loop or callback, a loop without a
 *         document, or out of memory.
 */
fl_mutation_observer *fl_mutation_observer_new(fl_loop *loop, fl_mutation_callback callback,
                                               void *arg);

/**
 * Disconnects the observer and frees it: its pending records are dropped and
 * its callback is never called again. Safe inside any callback, its own
 * included (the memory is reclaimed once the current notification is over).
 * NULL is a no-op. The pointer must not be used afterwards.
 */
void fl_mutation_observer_free(fl_mutation_observer *observer);

/** The loop the observer belongs to; NULL for NULL. */
fl_loop *fl_mutation_observer_loop(const fl_mutation_observer *observer);

/**
 * observe(target, options), as the DOM standard's steps: attributeOldValue or
 * attributeFilter without attributes sets attributes, characterDataOldValue
 * without characterData sets characterData. Observing a target this observer
 * already observes replaces its options (and drops the transient
 * registrations made from the old ones).
 *
 * @return 0; FL_EINVAL (the DOM's TypeError) when none of childList,
 *         attributes, characterData is true, attributeOldValue or
 *         attributeFilter is given with attributes false, characterDataOldValue
 *         is true with characterData false; FL_EINVAL also for NULL arguments,
 *         a filter of NULL names, or a target of another loop; FL_ENOMEM.
 */
int fl_mutation_observer_observe(fl_mutation_observer *observer, fl_node *target,
                                 const fl_observe_options *opt);

/**
 * disconnect(): stops observing every node (transient registrations
 * included) and drops the records queued but not yet delivered. The observer
 * can observe again. NULL is a no-op.
 */
void fl_mutation_observer_disconnect(fl_mutation_observer *observer);

/**
 * takeRecords(): returns the queued records and empties the queue; they will
 * not be delivered. The caller owns the array and the records: free them with
 * fl_mutation_records_free() (they may outlive the observer; their node
 * pointers are valid until the loop is freed).
 *
 * @param count receives how many records (0 when none); required.
 * @return the records, or NULL when there are none (or for NULL arguments).
 */
fl_mutation_record **fl_mutation_observer_take_records(fl_mutation_observer *observer,
                                                       size_t *count);

/** Frees records returned by fl_mutation_observer_take_records(). NULL is a no-op. */
void fl_mutation_records_free(fl_mutation_record **records, size_t count);

/** MutationRecord.type; 0 for NULL. (Every accessor takes NULL and returns 0 / NULL.) */
fl_mutation_type fl_mutation_record_type(const fl_mutation_record *record);
/** The node that changed: the element, the text node, or the parent whose children did. */
fl_node *fl_mutation_record_target(const fl_mutation_record *record);
/** addedNodes (borrowed from the record); NULL when empty. `count` may be NULL. */
fl_node *const *fl_mutation_record_added_nodes(const fl_mutation_record *record, size_t *count);
/** removedNodes (borrowed from the record); NULL when empty. `count` may be NULL. */
fl_node *const *fl_mutation_record_removed_nodes(const fl_mutation_record *record, size_t *count);
/** previousSibling of a childList record (the node before the change), else NULL. */
fl_node *fl_mutation_record_previous_sibling(const fl_mutation_record *record);
/** nextSibling of a childList record (the node after the change), else NULL. */
fl_node *fl_mutation_record_next_sibling(const fl_mutation_record *record);
/** attributeName for attributes records, else NULL. */
const char *fl_mutation_record_attribute_name(const fl_mutation_record *record);
/** oldValue: when the observer asked for it, the attribute value (NULL if it was
 * absent) or the old character data; else NULL. */
const char *fl_mutation_record_old_value(const fl_mutation_record *record);

#ifdef __cplusplus
}
#endif

#endif /* FRAMELOOP_DOM_H */
