# The metrics layer: the run observer that records tasks and vsync slots
# (record.c), long animation frames (loaf.c), the summary and its sliding
# windows (summary.c), the JSON file (json.c), and the trace: every task and
# rendering step (trace.c) written as Chrome trace events (trace_json.c), and
# the frame-stats HUD drawn over frames (hud.c), and the HTML report: page
# and tables (report.c), timeline (report_timeline.c), filmstrip (report_film.c).
set(FL_METRICS_SOURCES
  metrics/record.c
  metrics/loaf.c
  metrics/long_tasks.c
  metrics/summary.c
  metrics/json.c
  metrics/trace.c
  metrics/trace_json.c
  metrics/hud.c
  metrics/report.c
  metrics/report_timeline.c
  metrics/report_film.c
)
