// The host master key's file when several nodes start at once: the first
// creates it, every other one reads the same key — never a half-written file.
#include "secrets/master_key_file.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "support/temp_dir.h"

namespace {

// What a starting host does with its key file: read it if it is there,
// otherwise make it.
rewards::Result<std::string> OpenLikeAStartingHost(const std::string& path) {
  if (loyalty::KeyFileExists(path)) return loyalty::ReadKeyFile(path, "host.secrets.key_file");
  return loyalty::CreateKeyFile(path, "host.secrets.key_file");
}

TEST(MasterKeyFileTest, NodesStartingTogetherAllOpenTheOneKeyTheFirstMade) {
  testsupport::TempDir dir;
  constexpr int kRounds = 300;
  constexpr int kNodes = 4;
  for (int round = 0; round < kRounds; ++round) {
    const std::string path = dir.File("round-" + std::to_string(round) + "/secrets.key");
    std::atomic<int> waiting{kNodes};
    std::vector<rewards::Result<std::string>> keys(kNodes, std::string());
    std::vector<std::thread> nodes;
    nodes.reserve(kNodes);
    for (int n = 0; n < kNodes; ++n) {
      nodes.emplace_back([&, n] {
        --waiting;
        while (waiting.load() > 0) std::this_thread::yield();  // all start at once
        keys[n] = OpenLikeAStartingHost(path);
      });
    }
    for (std::thread& t : nodes) t.join();
    for (int n = 0; n < kNodes; ++n) {
      ASSERT_TRUE(keys[n].ok()) << "round " << round << " node " << n << ": "
                                << keys[n].status().ToString();
      EXPECT_EQ(keys[n].value().size(), 32u);
      EXPECT_EQ(keys[n].value(), keys[0].value()) << "round " << round << " node " << n;
    }
  }
}

TEST(MasterKeyFileTest, ACreatedKeyIsReadBackAndOnlyItsOwnerMayReadIt) {
  testsupport::TempDir dir;
  const std::string path = dir.File("var/secrets.key");
  rewards::Result<std::string> made = loyalty::CreateKeyFile(path, "host.secrets.key_file");
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  rewards::Result<std::string> read = loyalty::ReadKeyFile(path, "host.secrets.key_file");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read.value(), made.value());
  // No temporary file of the creation is left beside it.
  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(dir.File("var"))) {
    left.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(left, std::vector<std::string>{"secrets.key"});
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

}  // namespace
