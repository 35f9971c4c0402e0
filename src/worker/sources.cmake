# The worker layer: the virtual-time synchronization of loops that post to
# each other (sync.c) and dedicated workers with postMessage (worker.c).
set(FL_WORKER_SOURCES
  worker/sync.c
  worker/worker.c
)
