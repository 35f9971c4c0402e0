/*
 * The transcript: the ordered fl_log lines a scenario prints. Each line starts
 * with the loop time in milliseconds with three decimals, formatted from the
 * integer microseconds so that no floating-point rounding can ever make two
 * machines print different text.
 */
#include "core/loop_internal.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reserve(fl_loop *loop, size_t extra)
{
    size_t need = loop->log_len + extra + 1;
    if (need <= loop->log_cap)
        return 0;
    size_t cap = loop->log_cap ? loop->log_cap : 4096;
    while (cap < need)
        cap *= 2;
    char *log = realloc(loop->log, cap);
    if (!log)
        return FL_ENOMEM;
    loop->log = log;
    loop->log_cap = cap;
    return 0;
}

static int append_line(fl_loop *loop, const char *fmt, va_list ap)
{
    int64_t now = fl_now(loop);
    char stamp[32];
    int slen = snprintf(stamp, sizeof(stamp), "%" PRId64 ".%03" PRId64 " ", now / 1000, now % 1000);
    va_list ap2;
    va_copy(ap2, ap);
    int tlen = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (tlen < 0)
        return FL_EINVAL;
    if (reserve(loop, (size_t)slen + (size_t)tlen + 1) != 0)
        return FL_ENOMEM;
    char *line = loop->log + loop->log_len;
    memcpy(line, stamp, (size_t)slen);
    vsnprintf(line + slen, (size_t)tlen + 1, fmt, ap);
    size_t len = (size_t)slen + (size_t)tlen;
    line[len] = '\n';
    line[len + 1] = '\0';
    loop->log_len += len + 1;
    if (loop->log_sink)
        loop->log_sink(loop->log_sink_arg, line, len);
    return 0;
}

int fl_log(fl_loop *loop, const char *fmt, ...)
{
    if (!loop || !fmt)
        return FL_EINVAL;
    va_list ap;
    va_start(ap, fmt);
    int rc = append_line(loop, fmt, ap);
    va_end(ap);
    return rc;
}

const char *fl_transcript(const fl_loop *loop, size_t *len)
{
    if (len)
        *len = loop ? loop->log_len : 0;
    return loop && loop->log ? loop->log : "";
}

void fl_transcript_clear(fl_loop *loop)
{
    if (!loop)
        return;
    loop->log_len = 0;
    if (loop->log)
        loop->log[0] = '\0';
}

int fl_loop_set_log_sink(fl_loop *loop, fl_log_fn fn, void *arg)
{
    if (!loop)
        return FL_EINVAL;
    loop->log_sink = fn;
    loop->log_sink_arg = arg;
    return 0;
}
