/* Helpers the mirrors share: logging handlers, the t1..tN chain, timer promises. */
#include "puzzles.h"

#include <stdlib.h>

void log_line_value(fl_loop *loop, const char *prefix, const fl_value *v)
{
    if (prefix) {
        fl_log_value(loop, prefix, v);
        return;
    }
    char buf[1024];
    fl_value_format(v, buf, sizeof(buf));
    fl_log(loop, "%s", buf);
}

fl_value *log_tag(fl_loop *loop, fl_value *value, void *arg)
{
    (void)value;
    fl_log(loop, "%s", (const char *)arg);
    return NULL;
}

fl_value *log_with_value(fl_loop *loop, fl_value *value, void *arg)
{
    log_line_value(loop, arg, value);
    return NULL;
}

fl_value *log_pair_fulfilled(fl_loop *loop, fl_value *value, void *arg)
{
    const log_pair *pair = arg;
    log_line_value(loop, pair->fulfilled, value);
    return NULL;
}

fl_value *log_pair_rejected(fl_loop *loop, fl_value *value, void *arg)
{
    const log_pair *pair = arg;
    log_line_value(loop, pair->rejected, value);
    return NULL;
}

fl_value *log_error_name(fl_loop *loop, fl_value *reason, void *arg)
{
    const char *name = fl_error_name(reason);
    fl_log(loop, "%s %s", (const char *)arg, name ? name : "(not an error)");
    return NULL;
}

void log_task(fl_loop *loop, void *arg)
{
    fl_log(loop, "%s", (const char *)arg);
}

fl_value *finally_log(fl_loop *loop, void *arg)
{
    fl_log(loop, "%s", (const char *)arg);
    return NULL;
}

fl_value *executor_resolve(fl_loop *loop, fl_promise *promise, void *arg)
{
    (void)loop;
    fl_promise_resolve(promise, arg);
    return NULL;
}

void tick_chain(fl_loop *loop, int n)
{
    static const char *const tags[] = {"t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8"};
    fl_promise *p = fl_promise_resolved(loop, NULL);
    for (int i = 0; i < n && i < 8; i++)
        p = fl_promise_then(p, log_tag, NULL, (void *)tags[i]);
}

/* What a timer_settle timer does when it fires. */
typedef struct timer_settlement {
    fl_promise *promise; /* referenced until the timer fires */
    fl_value *value;
    int reject;
    const char *note;
} timer_settlement;

static void timer_settle_fire(fl_loop *loop, void *arg)
{
    timer_settlement *t = arg;
    if (t->note)
        fl_log(loop, "%s", t->note);
    if (t->reject)
        fl_promise_reject(t->promise, t->value);
    else
        fl_promise_resolve(t->promise, t->value);
    fl_promise_unref(t->promise);
    free(t);
}

fl_promise *timer_settle(fl_loop *loop, int64_t delay_us, fl_value *value, int reject,
                         const char *note)
{
    timer_settlement *t = malloc(sizeof(*t));
    fl_promise *promise = fl_promise_new(loop);
    if (!t || !promise) {
        free(t);
        fl_value_unref(value);
        return promise;
    }
    *t = (timer_settlement){fl_promise_ref(promise), value, reject, note};
    fl_set_timeout(loop, timer_settle_fire, t, delay_us);
    return promise;
}

long long elapsed_rounded_ms(fl_loop *loop, int64_t start_us)
{
    long long ms = (long long)((fl_now(loop) - start_us) / 1000);
    return (ms + 500) / 1000 * 1000;
}
