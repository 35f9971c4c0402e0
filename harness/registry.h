/* The generated scenario table (see gen_registry.cmake). */
#ifndef FL_HARNESS_REGISTRY_H
#define FL_HARNESS_REGISTRY_H

#include <stddef.h>

#include "frameloop/harness.h"

extern const fl_scenario fl__scenarios[];
extern const size_t fl__nscenarios;

#endif /* FL_HARNESS_REGISTRY_H */
