# The metrics layer: the run observer that records tasks and vsync slots
# (record.c), long animation frames (loaf.c), the summary and its sliding
# windows (summary.c) and the JSON file (json.c).
set(FL_METRICS_SOURCES
  metrics/record.c
  metrics/loaf.c
  metrics/summary.c
  metrics/json.c
)
