# The metrics layer: the run observer that records tasks and vsync slots
# (record.c), long animation frames (loaf.c), the summary and its sliding
# windows (summary.c), the JSON file (json.c), and the trace: every task and
# rendering step (trace.c) written as Chrome trace events (trace_json.c).
set(FL_METRICS_SOURCES
  metrics/record.c
  metrics/loaf.c
  metrics/summary.c
  metrics/json.c
  metrics/trace.c
  metrics/trace_json.c
)
