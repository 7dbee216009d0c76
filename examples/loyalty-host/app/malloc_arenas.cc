#include "app/malloc_arenas.h"

#include <cstdlib>  // defines __GLIBC__ on glibc (the header includes nothing)

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace loyalty {

void LimitMallocArenas(int max, const char* operator_setting) {
#if defined(__GLIBC__)
  // Called before the process starts threads (the header's REQUIRES).
  if (operator_setting == nullptr && max > 0) {
    mallopt(M_ARENA_MAX, max);  // NOLINT(concurrency-mt-unsafe): no other thread yet
  }
#else
  (void)max;
  (void)operator_setting;
#endif
}

}  // namespace loyalty
