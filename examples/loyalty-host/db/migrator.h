// Migrator: applies an owner's schema steps ("host" or a plugin's name) that
// the database has not recorded yet, in ascending version order, each step and
// its row in schema_migrations in one transaction — so applying twice changes
// nothing, and a failed step leaves no trace. On PostgreSQL each step holds a
// transaction-scoped advisory lock, so host nodes starting together apply a
// step once. The host's own step 1 creates schema_migrations (IF NOT EXISTS);
// it must be applied before any other owner's steps.
// Thread-safe (the database serializes).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "db/host_database.h"
#include "rewards/rewards_provider.h"

namespace loyalty {

class Migrator {
 public:
  explicit Migrator(HostDatabase& db, std::function<std::string()> now_text);

  // Errors: kInvalidArgument for bad versions (<= 0 or repeated), or the
  // failing step's status with the owner, version and name in the message.
  rewards::Status Apply(const std::string& owner,
                        std::vector<rewards::Migration> migrations) noexcept;

 private:
  rewards::Status ApplyOne(const std::string& owner, const rewards::Migration& m) noexcept;

  HostDatabase& db_;
  std::function<std::string()> now_text_;
};

}  // namespace loyalty
