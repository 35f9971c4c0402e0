/*
 * The long tasks, kept whether or not the trace keeps every task: they are
 * few (each took over 50 ms), and the report lists them.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics_internal.h"

void fl__long_tasks_add(fl__metrics *m, const fl__task_rec *rec)
{
    if (m->nlong == m->long_cap) {
        size_t cap = m->long_cap ? m->long_cap * 2 : 16;
        fl__long_task *v = realloc(m->long_list, cap * sizeof(*v));
        if (!v)
            return;
        m->long_list = v;
        m->long_cap = cap;
    }
    char *name = strdup(rec->name);
    if (!name)
        return;
    m->long_list[m->nlong++] = (fl__long_task){rec->source, name, rec->start_us, rec->duration_us};
}

void fl__long_tasks_free(fl__metrics *m)
{
    for (size_t i = 0; i < m->nlong; i++)
        free(m->long_list[i].name);
    free(m->long_list);
    m->long_list = NULL;
    m->nlong = m->long_cap = 0;
}
