// The host database's group commit on a real SQLite file (host_database.h):
// writers queued together share one transaction, a member that fails or
// throws is rolled back alone, a failed COMMIT answers every member of the
// group with an error and leaves none of their rows, and concurrent writers
// all end committed. Groups are formed deterministically: a first writer
// holds the writer until the others are queued (WaitingWriters()).
#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "db/host_database.h"
#include "support/temp_dir.h"

namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Work = std::function<rewards::Status(Poco::Data::Session&)>;

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = loyalty::HostDatabase::Open("sqlite", dir_.File("group.db"), 16);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auto s = db_->Session();
    ASSERT_TRUE(s.ok());
    s.value() << "CREATE TABLE parent (id TEXT PRIMARY KEY)", now;
    s.value() << "CREATE TABLE rows_t (id TEXT PRIMARY KEY)", now;
    s.value() << "CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT REFERENCES parent(id) "
                 "DEFERRABLE INITIALLY DEFERRED)",
        now;
  }

  static Work Insert(const std::string& id) {
    return [id](Poco::Data::Session& tx) {
      std::string v = id;
      tx << "INSERT INTO rows_t (id) VALUES (?)", bind(v), now;
      return rewards::Status::Ok();
    };
  }

  bool Present(const std::string& id) {
    auto s = db_->Session();
    int n = 0;
    std::string v = id;
    s.value() << "SELECT COUNT(*) FROM rows_t WHERE id = ?", bind(v), into(n), now;
    return n == 1;
  }

  // Runs `first` while holding the writer until all of `queued` wait behind
  // it, so that `queued` run as one group; answers each queued one's status.
  std::vector<rewards::Status> RunAsGroup(const std::vector<Work>& queued) {
    std::atomic<bool> gave_up{false};
    std::atomic<bool> holding{false};
    std::thread holder([&] {
      rewards::Status s = db_->RunInTransaction([&](Poco::Data::Session& tx) {
        holding = true;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (db_->WaitingWriters() < queued.size()) {
          if (std::chrono::steady_clock::now() > deadline) {
            gave_up = true;
            break;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        tx << "INSERT INTO rows_t (id) VALUES ('holder')", now;
        return rewards::Status::Ok();
      });
      EXPECT_TRUE(s.ok()) << s.ToString();
    });
    // The holder's work must be running before the others queue.
    while (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::vector<rewards::Status> out(queued.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < queued.size(); ++i) {
      threads.emplace_back([&, i] { out[i] = db_->RunInTransaction(queued[i]); });
    }
    for (auto& t : threads) t.join();
    holder.join();
    EXPECT_FALSE(gave_up) << "the writers never queued together";
    return out;
  }

  testsupport::TempDir dir_;
  std::unique_ptr<loyalty::HostDatabase> db_;
};

TEST_F(GroupCommitTest, QueuedWritersAreAllCommitted) {
  auto out = RunAsGroup({Insert("a"), Insert("b"), Insert("c"), Insert("d")});
  for (const auto& s : out) EXPECT_TRUE(s.ok()) << s.ToString();
  for (const char* id : {"holder", "a", "b", "c", "d"}) EXPECT_TRUE(Present(id)) << id;
}

TEST_F(GroupCommitTest, AFailingMemberIsRolledBackAloneAndAnsweredItsFailure) {
  Work fails = [](Poco::Data::Session& tx) {
    tx << "INSERT INTO rows_t (id) VALUES ('bad')", now;
    return rewards::Status(rewards::StatusCode::kFailedPrecondition, "refused", "no");
  };
  Work throws = [](Poco::Data::Session& tx) -> rewards::Status {
    tx << "INSERT INTO rows_t (id) VALUES ('thrown')", now;
    throw std::runtime_error("boom");
  };
  Work duplicate = Insert("a");  // the same key as another member: a unique violation
  auto out = RunAsGroup({Insert("a"), fails, throws, duplicate, Insert("c")});
  // The members queue in the order their threads arrive: one of the two "a"s wins.
  EXPECT_NE(out[0].ok(), out[3].ok()) << "a duplicate key in the same group must be refused";
  EXPECT_EQ(out[1].code(), rewards::StatusCode::kFailedPrecondition);
  EXPECT_EQ(out[1].error(), "refused");
  EXPECT_FALSE(out[2].ok());
  EXPECT_TRUE(out[4].ok()) << out[4].ToString();
  EXPECT_TRUE(Present("a"));
  EXPECT_TRUE(Present("c"));
  EXPECT_FALSE(Present("bad"));
  EXPECT_FALSE(Present("thrown"));
}

TEST_F(GroupCommitTest, AFailedCommitAnswersEveryMemberWithAnErrorAndKeepsNone) {
  // A deferred foreign key is checked at COMMIT only: the group's COMMIT fails.
  Work orphan = [](Poco::Data::Session& tx) {
    tx << "INSERT INTO child (id, parent_id) VALUES ('k', 'missing')", now;
    return rewards::Status::Ok();
  };
  auto out = RunAsGroup({Insert("a"), orphan, Insert("c")});
  for (const auto& s : out) EXPECT_FALSE(s.ok()) << "answered OK although nothing was committed";
  EXPECT_FALSE(Present("a"));
  EXPECT_FALSE(Present("c"));
  EXPECT_TRUE(Present("holder"));
}

TEST_F(GroupCommitTest, ConcurrentWritersAllEndCommitted) {
  constexpr int kThreads = 16, kEach = 40;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        if (!db_->RunInTransaction(Insert(std::to_string(t) + "-" + std::to_string(i))).ok())
          ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto s = db_->Session();
  int n = 0;
  s.value() << "SELECT COUNT(*) FROM rows_t", into(n), now;
  EXPECT_EQ(n, kThreads * kEach);
}

}  // namespace
