/* A program outside the project, built against the installed frameloop. */
#include <frameloop/frameloop.h>
#include <string.h>

static void log_token(fl_loop *loop, void *arg)
{
    fl_log(loop, "%s", (const char *)arg);
}

int main(void)
{
    fl_loop *loop = fl_loop_new(NULL);
    fl_set_timeout(loop, log_token, "timeout", FL_MS(5));
    fl_queue_microtask(loop, log_token, "microtask");
    if (fl_loop_run(loop, FL_RUN_UNTIL_IDLE, 0) != 0)
        return 1;
    int ok = strcmp(fl_transcript(loop, NULL), "0.000 microtask\n5.000 timeout\n") == 0;
    fl_loop_free(loop);
    return ok ? 0 : 1;
}
