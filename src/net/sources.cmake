# The net layer: fetch() on libevent's HTTP client (fetch.c) and a loopback
# HTTP server with per-path latency (http_server.c), both on libevent_extra.
set(FL_NET_SOURCES
  net/fetch.c
  net/http_server.c
)
