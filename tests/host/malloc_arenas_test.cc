// LimitMallocArenas (app/malloc_arenas.h) in a process of its own: after it,
// sixteen threads allocating at once share at most the limit's arenas
// (glibc's malloc_info lists one <heap> per arena; without the limit each new
// thread gets an arena of its own, up to 8 per core).
#include "app/malloc_arenas.h"

#include <gtest/gtest.h>
#include <malloc.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

int Arenas() {
  char* text = nullptr;
  std::size_t size = 0;
  FILE* out = open_memstream(&text, &size);
  if (out == nullptr) return -1;
  malloc_info(0, out);
  std::fclose(out);
  const std::string xml(text, size);
  std::free(text);
  int heaps = 0;
  for (std::size_t at = xml.find("<heap nr="); at != std::string::npos;
       at = xml.find("<heap nr=", at + 1)) {
    ++heaps;
  }
  return heaps;
}

TEST(MallocArenasTest, ThreadsAllocatingAtOnceShareTheLimitsArenas) {
  loyalty::LimitMallocArenas(loyalty::kHostMallocArenas, nullptr);  // no thread yet
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&go] {
      while (!go) std::this_thread::yield();
      for (int i = 0; i < 20000; ++i) {
        std::vector<char> buffer(256 + i % 512);
        buffer[0] = static_cast<char>(i);
      }
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  const int arenas = Arenas();
  EXPECT_GE(arenas, 1);
  EXPECT_LE(arenas, loyalty::kHostMallocArenas);
}

}  // namespace
