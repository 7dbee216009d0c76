// Test doubles around the real database: DatabaseWrapper forwards every call
// to it, and a double overrides only what it watches or breaks.
//   CountingDatabase  counts the transactions run through it — for tests that
//                     a path writes as few times as it says.
#pragma once

#include <Poco/Data/Session.h>

#include <atomic>
#include <functional>

#include "rewards/database.h"

namespace ascenda::test {

class DatabaseWrapper : public rewards::Database {
 public:
  explicit DatabaseWrapper(rewards::Database& inner) : inner_(inner) {}
  rewards::SqlDialect dialect() const noexcept override { return inner_.dialect(); }
  rewards::Result<Poco::Data::Session> Session() noexcept override { return inner_.Session(); }
  rewards::Status RunInTransaction(
      const std::function<rewards::Status(Poco::Data::Session&)>& work) noexcept override {
    return inner_.RunInTransaction(work);
  }

 protected:
  rewards::Database& inner_;
};

class CountingDatabase final : public DatabaseWrapper {
 public:
  using DatabaseWrapper::DatabaseWrapper;
  rewards::Status RunInTransaction(
      const std::function<rewards::Status(Poco::Data::Session&)>& work) noexcept override {
    ++transactions;
    return inner_.RunInTransaction(work);
  }
  std::atomic<int> transactions{0};
};

}  // namespace ascenda::test
