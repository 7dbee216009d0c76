// CountingDatabase: the real database, counting the transactions run through
// it — for tests that a path writes as few times as it says.
#pragma once

#include <Poco/Data/Session.h>

#include <atomic>
#include <functional>

#include "rewards/database.h"

namespace ascenda::test {

class CountingDatabase final : public rewards::Database {
 public:
  explicit CountingDatabase(rewards::Database& db) : db_(db) {}
  rewards::SqlDialect dialect() const noexcept override { return db_.dialect(); }
  rewards::Result<Poco::Data::Session> Session() noexcept override { return db_.Session(); }
  rewards::Status RunInTransaction(
      const std::function<rewards::Status(Poco::Data::Session&)>& work) noexcept override {
    ++transactions;
    return db_.RunInTransaction(work);
  }
  std::atomic<int> transactions{0};

 private:
  rewards::Database& db_;
};

}  // namespace ascenda::test
