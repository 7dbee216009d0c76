// How many malloc arenas the host's process may use (glibc).
//
//   LimitMallocArenas(max, getenv("MALLOC_ARENA_MAX"))
//     REQUIRES: before the process starts threads.
//
// glibc gives a thread that finds the arenas busy a new one, up to 8 per core;
// each arena keeps the memory its threads freed for itself, so a server whose
// many request threads allocate briefly ends up holding several arenas' worth
// of free memory (docs/PERFORMANCE.md, host memory). The host limits them to
// `max` unless the operator set MALLOC_ARENA_MAX in the environment
// (`operator_setting` non-null: glibc has applied it already; left alone). No-op on other C
// libraries.
#pragma once

namespace loyalty {

constexpr int kHostMallocArenas = 2;

void LimitMallocArenas(int max, const char* operator_setting);

}  // namespace loyalty
