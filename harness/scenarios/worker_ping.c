/*
 * A worker keeps a long job off the page's thread. Each of two pages animates
 * a box with requestAnimationFrame until 1000 ms, plays 1,000 rounds of
 * ping-pong with a worker (each message a task on the other side's
 * posted-message source, due 1 us after it was sent in virtual time), and at
 * 300 ms starts a 200 ms job. The first page posts the job to its worker: its
 * frames keep coming and the answer lands at 500.002 ms. The second does the
 * same work itself: the task holds the thread through a dozen vsyncs, which
 * are dropped. Each page's frame metrics close its half of the transcript.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "frameloop/dom.h"
#include "frameloop/harness.h"
#include "frameloop/metrics.h"
#include "frameloop/render.h"
#include "frameloop/worker.h"

#define ROUNDS     1000
#define JOB_AT_MS  300
#define JOB_MS     200
#define ANIMATE_MS 1000.0

/* A message: what it asks for, and the round it belongs to. */
typedef struct ping_msg {
    char kind; /* 'p' ping/pong, 'j' job, 'd' job done */
    int32_t round;
} ping_msg;

typedef struct page_state {
    fl_node *box;
    fl_worker *worker;
    int job_on_worker;
} page_state;

static page_state page;

/* ---- The worker ---------------------------------------------------------- */

static void worker_onmessage(fl_loop *loop, const void *data, size_t len, void *arg)
{
    (void)arg;
    ping_msg m;
    if (len != sizeof(m))
        return;
    memcpy(&m, data, sizeof(m));
    if (m.kind == 'j') {
        fl_work(loop, FL_MS(JOB_MS));
        m.kind = 'd';
    }
    fl_self_post_message(loop, &m, sizeof(m));
}

static void worker_main(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_self_set_onmessage(loop, worker_onmessage, NULL);
}

/* ---- The page ------------------------------------------------------------ */

static void post(char kind, int32_t round)
{
    ping_msg m = {kind, round};
    fl_worker_post_message(page.worker, &m, sizeof(m));
}

static void page_onmessage(fl_loop *loop, const void *data, size_t len, void *arg)
{
    (void)arg;
    ping_msg m;
    if (len != sizeof(m))
        return;
    memcpy(&m, data, sizeof(m));
    if (m.kind == 'd') {
        fl_log(loop, "the worker's job is done");
    } else if (m.round < ROUNDS) {
        post('p', m.round + 1);
    } else {
        fl_log(loop, "%d rounds of ping-pong with the worker done", ROUNDS);
    }
}

static void animate(fl_loop *loop, double timestamp_ms, void *arg)
{
    (void)arg;
    char style[96];
    snprintf(style, sizeof(style), "left: %.1fpx; top: 20px; width: 40px; height: 40px",
             timestamp_ms * 0.2);
    fl_element_set_attribute(page.box, "style", style);
    if (timestamp_ms < ANIMATE_MS)
        fl_request_animation_frame(loop, animate, NULL);
}

static void start_job(fl_loop *loop, void *arg)
{
    (void)arg;
    if (page.job_on_worker) {
        fl_log(loop, "job (%d ms) posted to the worker", JOB_MS);
        post('j', 0);
        return;
    }
    fl_log(loop, "job (%d ms) starts on the page", JOB_MS);
    fl_work(loop, FL_MS(JOB_MS));
    fl_log(loop, "job ends");
}

static void report(fl_loop *loop, void *arg)
{
    (void)arg;
    fl_metrics_summary s;
    fl_metrics_get_summary(loop, &s);
    fl_log(loop,
           "frames: %" PRIu64 " expected, %" PRIu64 " presented, %" PRIu64 " dropped; "
           "long tasks: %" PRIu64 " (blocking %.0f ms)",
           s.frames_expected, s.frames_presented, s.frames_dropped, s.long_tasks,
           s.total_blocking_time_ms);
    fl_worker_free(page.worker);
    page.worker = NULL;
}

static void page_script(fl_loop *loop)
{
    fl_metrics_enable(loop);
    fl_document *doc = fl_document_of(loop);
    page.box = fl_document_create_element(doc, "div");
    fl_node_append_child(fl_document_body(doc), page.box);
    fl_request_animation_frame(loop, animate, NULL);
    page.worker = fl_worker_new(loop, worker_main, NULL);
    fl_worker_set_onmessage(page.worker, page_onmessage, NULL);
    post('p', 1);
    fl_set_timeout(loop, start_job, NULL, FL_MS(JOB_AT_MS));
    fl_set_timeout(loop, report, NULL, FL_MS(ANIMATE_MS + 100));
}

FL_SCENARIO(worker_ping, "1,000 pings with a worker: a 200 ms job there drops no frame, here 12")
{
    fl_loop_options opt = *fl_loop_options_of(loop);
    if (opt.profile != FL_PROFILE_BROWSER) {
        fl_log(loop, "workers and frames need the browser profile");
        return;
    }
    page.job_on_worker = 1;
    fl_scenario_subrun(loop, "[job on the worker]", &opt, page_script);
    page.job_on_worker = 0;
    fl_scenario_subrun(loop, "[job on the page]  ", &opt, page_script);
}
