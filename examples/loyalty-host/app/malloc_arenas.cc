#include "app/malloc_arenas.h"

#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace loyalty {

void LimitMallocArenas(int max) {
#if defined(__GLIBC__)
  if (std::getenv("MALLOC_ARENA_MAX") == nullptr && max > 0) mallopt(M_ARENA_MAX, max);
#else
  (void)max;
#endif
}

}  // namespace loyalty
