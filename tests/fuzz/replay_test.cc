// Replays one fuzz target's seed corpus and regression inputs
// (tests/fuzz/corpus/<target>/, FUZZ_CORPUS_DIR) through its
// LLVMFuzzerTestOneInput in the normal test build — under ASan/UBSan too —
// so an input that once crashed stays a failing test if the bug returns.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

TEST(FuzzCorpusReplayTest, EveryInputRunsWithoutAFinding) {
  int inputs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(FUZZ_CORPUS_DIR)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string bytes = ss.str();
    SCOPED_TRACE(entry.path().string());
    EXPECT_EQ(
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()),
        0);
    ++inputs;
  }
  EXPECT_GT(inputs, 0);
}

}  // namespace
