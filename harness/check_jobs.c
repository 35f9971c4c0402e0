/*
 * Running the list for `frameloop check`: one scenario after another, or with
 * -j N in up to N forked worker processes, each checking one scenario and
 * sending its lines back through a pipe. Lines are printed in list order
 * whatever finishes first, so stdout is the same for any -j; a progress count
 * goes to stderr, and only when stderr is a terminal.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

/* One scenario's outcome, as printed. */
typedef struct result {
    char *text;
    size_t len;
    int failed;
    int done;
} result;

/* A running worker. */
typedef struct worker {
    pid_t pid;
    int fd;
    size_t index;
    FILE *text; /* collects its lines into results[index] */
} worker;

static int check_one(const fl_scenario *s, const fl_check_options *opt, FILE *out)
{
    return opt->seeds ? fl_check_seeds(s, opt, out) : fl_check_scenario(s, opt, out);
}

/* "[done/total]" on a terminal's stderr, erased again before stdout is written. */
static void progress(size_t done, size_t total)
{
    if (isatty(STDERR_FILENO) && done < total)
        fprintf(stderr, "\r[%zu/%zu]", done, total);
}

static void progress_clear(void)
{
    if (isatty(STDERR_FILENO))
        fputs("\r\033[K", stderr);
}

static int spawn(worker *w, const fl_scenario *s, const fl_check_options *opt, result *r)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fflush(stdout);
    fflush(stderr);
    w->pid = fork();
    if (w->pid == 0) {
        close(fds[0]);
        FILE *out = fdopen(fds[1], "w");
        int failed = out ? check_one(s, opt, out) : 1;
        _exit(out && fclose(out) == 0 ? failed : 1);
    }
    close(fds[1]);
    w->fd = fds[0];
    w->text = open_memstream(&r->text, &r->len);
    if (w->pid < 0 || !w->text) {
        close(w->fd);
        return -1;
    }
    return 0;
}

/* Reads what worker w has written; at its end, reaps it. Returns 1 when done. */
static int drain(worker *w, result *r, const fl_scenario *s)
{
    char buf[8192];
    ssize_t n = read(w->fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR)
        return 0;
    if (n > 0) {
        fwrite(buf, 1, (size_t)n, w->text);
        return 0;
    }
    int status = 0;
    close(w->fd);
    waitpid(w->pid, &status, 0);
    r->failed = !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    if (!WIFEXITED(status))
        fprintf(w->text, "FAIL %s: the worker died (signal %d)\n", s->name, WTERMSIG(status));
    fclose(w->text);
    r->done = 1;
    return 1;
}

/* Waits for any worker's output and handles it. Returns how many ended. */
static size_t wait_workers(worker *w, size_t *nw, result *results, const fl_scenario **list)
{
    struct pollfd fds[64];
    for (size_t i = 0; i < *nw; i++)
        fds[i] = (struct pollfd){w[i].fd, POLLIN, 0};
    if (poll(fds, (nfds_t)*nw, -1) < 0)
        return 0;
    size_t ended = 0;
    for (size_t i = *nw; i-- > 0;) {
        if (fds[i].revents && drain(&w[i], &results[w[i].index], list[w[i].index])) {
            w[i] = w[--*nw];
            ended++;
        }
    }
    return ended;
}

static void run_parallel(const fl_scenario **list, size_t n, const fl_check_options *opt,
                         result *results)
{
    worker w[64];
    size_t nw = 0, next = 0, printed = 0, done = 0;
    while (printed < n) {
        while (nw < (size_t)opt->jobs && next < n) {
            if (spawn(&w[nw], list[next], opt, &results[next]) == 0) {
                w[nw++].index = next++;
            } else {
                results[next] = (result){NULL, 0, 1, 1};
                fprintf(stderr, "frameloop: cannot start a worker for %s\n", list[next++]->name);
            }
        }
        done += nw ? wait_workers(w, &nw, results, list) : 0;
        for (; printed < n && results[printed].done; printed++) {
            progress_clear();
            fwrite(results[printed].text, 1, results[printed].len, stdout);
            fflush(stdout);
        }
        progress(done, n);
    }
}

int fl_check_list(const fl_scenario **list, size_t n, const fl_check_options *opt, int whole)
{
    result *results = calloc(n + 1, sizeof(*results));
    if (!results)
        return 1;
    if (opt->jobs > 1) {
        run_parallel(list, n, opt, results);
    } else {
        for (size_t i = 0; i < n; i++) {
            progress(i, n);
            char *text = NULL;
            size_t len = 0;
            FILE *out = open_memstream(&text, &len);
            results[i].failed = check_one(list[i], opt, out ? out : stdout);
            if (out)
                fclose(out);
            progress_clear();
            fwrite(text, 1, len, stdout);
            fflush(stdout);
            free(text);
        }
    }
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        failed += results[i].failed != 0;
        free(results[i].text);
    }
    free(results);
    if (whole && !opt->seeds)
        fl_check_obsolete_dirs(opt, stdout);
    printf("%zu passed, %zu failed\n", n - failed, failed);
    return failed ? 1 : 0;
}
