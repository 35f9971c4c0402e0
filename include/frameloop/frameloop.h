/**
 * @file frameloop.h
 * Umbrella header: includes every public frameloop header.
 */
#ifndef FRAMELOOP_FRAMELOOP_H
#define FRAMELOOP_FRAMELOOP_H

#include "frameloop/error.h"
#include "frameloop/async.h"
#include "frameloop/dom.h"
#include "frameloop/loop.h"
#include "frameloop/metrics.h"
#include "frameloop/net.h"
#include "frameloop/node.h"
#include "frameloop/promise.h"
#include "frameloop/render.h"
#include "frameloop/value.h"
#include "frameloop/worker.h"

#define FL_VERSION_MAJOR  0
#define FL_VERSION_MINOR  1
#define FL_VERSION_PATCH  0
#define FL_VERSION_STRING "0.1.0"

#endif /* FRAMELOOP_FRAMELOOP_H */
