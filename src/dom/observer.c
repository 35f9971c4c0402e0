/*
 * The MutationObserver interface: constructor, observe(), disconnect(),
 * takeRecords(), and freeing.
 *
 * observe() follows the DOM standard's steps: it fills in the implied
 * members, rejects the contradictory combinations (the standard's TypeErrors,
 * FL_EINVAL here), then either replaces the options of this observer's
 * registration on the target or adds a new registration.
 */
#include "dom/dom_internal.h"

#include <stdlib.h>

void fl_observe_options_init(fl_observe_options *opt)
{
    if (!opt)
        return;
    opt->child_list = 0;
    opt->attributes = FL_OPTION_UNSET;
    opt->character_data = FL_OPTION_UNSET;
    opt->subtree = 0;
    opt->attribute_old_value = FL_OPTION_UNSET;
    opt->character_data_old_value = FL_OPTION_UNSET;
    opt->attribute_filter = NULL;
    opt->attribute_filter_len = 0;
}

fl_mutation_observer *fl_mutation_observer_new(fl_loop *loop, fl_mutation_callback callback,
                                               void *arg)
{
    fl_document *doc = fl_document_of(loop);
    if (!doc || !callback)
        return NULL;
    fl_mutation_observer *mo = calloc(1, sizeof(*mo));
    if (!mo)
        return NULL;
    mo->doc = doc;
    mo->callback = callback;
    mo->arg = arg;
    /* Appending keeps the list in creation order, the order of notification. */
    mo->prev = doc->observers_tail;
    if (doc->observers_tail)
        doc->observers_tail->next = mo;
    else
        doc->observers = mo;
    doc->observers_tail = mo;
    return mo;
}

fl_loop *fl_mutation_observer_loop(const fl_mutation_observer *observer)
{
    return observer ? observer->doc->loop : NULL;
}

static int is_set(int member)
{
    return member != FL_OPTION_UNSET;
}

static int is_true(int member)
{
    return member != FL_OPTION_UNSET && member != 0;
}

/* Steps 1-6 of observe(): the implied members, then the TypeErrors. */
static int normalise(const fl_observe_options *opt, unsigned *flags)
{
    int attributes = opt->attributes;
    int character_data = opt->character_data;
    if ((is_set(opt->attribute_old_value) || opt->attribute_filter) && !is_set(attributes))
        attributes = 1;
    if (is_set(opt->character_data_old_value) && !is_set(character_data))
        character_data = 1;
    if (!is_true(opt->child_list) && !is_true(attributes) && !is_true(character_data))
        return FL_EINVAL;
    if (is_true(opt->attribute_old_value) && !is_true(attributes))
        return FL_EINVAL;
    if (opt->attribute_filter && !is_true(attributes))
        return FL_EINVAL;
    if (is_true(opt->character_data_old_value) && !is_true(character_data))
        return FL_EINVAL;
    *flags = (is_true(opt->child_list) ? FL__MO_CHILD_LIST : 0) |
             (is_true(attributes) ? FL__MO_ATTRIBUTES : 0) |
             (is_true(character_data) ? FL__MO_CHARACTER_DATA : 0) |
             (is_true(opt->subtree) ? FL__MO_SUBTREE : 0) |
             (is_true(opt->attribute_old_value) ? FL__MO_ATTRIBUTE_OLD_VALUE : 0) |
             (is_true(opt->character_data_old_value) ? FL__MO_CHARACTER_DATA_OLD_VALUE : 0) |
             (opt->attribute_filter ? FL__MO_FILTER : 0);
    return 0;
}

static int copy_filter(const fl_observe_options *opt, fl__mo_options *out)
{
    size_t n = opt->attribute_filter ? opt->attribute_filter_len : 0;
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!opt->attribute_filter[i])
            return FL_EINVAL;
    out->filter = calloc(n, sizeof(*out->filter));
    if (!out->filter)
        return FL_ENOMEM;
    out->nfilter = n;
    for (size_t i = 0; i < n; i++) {
        out->filter[i] = fl__strdup(opt->attribute_filter[i]);
        if (!out->filter[i])
            return FL_ENOMEM;
    }
    return 0;
}

/* Validates and copies `opt`; on failure nothing is left allocated. */
static int options_from(const fl_observe_options *opt, fl__mo_options *out)
{
    *out = (fl__mo_options){0};
    if (!opt->attribute_filter && opt->attribute_filter_len)
        return FL_EINVAL;
    int rc = normalise(opt, &out->flags);
    if (rc == 0)
        rc = copy_filter(opt, out);
    if (rc != 0)
        fl__mo_options_clear(out);
    return rc;
}

static fl__reg *find_registration(const fl_mutation_observer *mo, const fl_node *target)
{
    for (fl__reg *r = target->regs; r; r = r->node_next)
        if (r->mo == mo && !r->source)
            return r;
    return NULL;
}

int fl_mutation_observer_observe(fl_mutation_observer *observer, fl_node *target,
                                 const fl_observe_options *opt)
{
    if (!observer || !target || !opt || observer->freed || target->doc != observer->doc)
        return FL_EINVAL;
    fl__mo_options options;
    int rc = options_from(opt, &options);
    if (rc != 0)
        return rc;
    fl__reg *reg = find_registration(observer, target);
    if (reg) {
        /* Step 7: the transient copies of the old options go, the new replace them. */
        fl__transients_drop(observer, reg);
        fl__mo_options_clear(&reg->options);
        reg->options = options;
        return 0;
    }
    reg = calloc(1, sizeof(*reg));
    if (!reg) {
        fl__mo_options_clear(&options);
        return FL_ENOMEM;
    }
    reg->options = options;
    fl__reg_link(reg, observer, target);
    return 0;
}

static void drop_records(fl_mutation_observer *mo)
{
    for (size_t i = 0; i < mo->len; i++)
        fl__record_free(mo->queue[i]);
    mo->len = 0;
}

void fl_mutation_observer_disconnect(fl_mutation_observer *observer)
{
    if (!observer)
        return;
    while (observer->regs)
        fl__reg_free(observer->regs);
    drop_records(observer);
}

fl_mutation_record **fl_mutation_observer_take_records(fl_mutation_observer *observer,
                                                       size_t *count)
{
    if (count)
        *count = 0;
    if (!observer || !count || observer->len == 0)
        return NULL;
    /* The queue array itself is handed over: taking records cannot fail. */
    fl_mutation_record **records = observer->queue;
    *count = observer->len;
    observer->queue = NULL;
    observer->len = observer->cap = 0;
    return records;
}

void fl__observer_destroy(fl_mutation_observer *mo)
{
    fl_document *doc = mo->doc;
    fl_mutation_observer_disconnect(mo);
    free(mo->queue);
    if (mo->prev)
        mo->prev->next = mo->next;
    else
        doc->observers = mo->next;
    if (mo->next)
        mo->next->prev = mo->prev;
    else
        doc->observers_tail = mo->prev;
    free(mo);
}

void fl_mutation_observer_free(fl_mutation_observer *observer)
{
    if (!observer || observer->freed)
        return;
    if (observer->doc->notifying) {
        /* The notification is walking the observer list: unlink later. */
        fl_mutation_observer_disconnect(observer);
        observer->freed = 1;
        observer->doc->has_freed = 1;
        return;
    }
    fl__observer_destroy(observer);
}
