// MemberStore: the host's members (profile + balance) in the members table.
//
// Create() inserts the member and, in the same transaction, credits the
// initial points through the ledger under the key "initial:<id>", so the
// ledger always explains the balance. Thread-safe; borrows the database and
// ledger, which must outlive it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/host_database.h"
#include "ledger/points_ledger.h"
#include "rewards/clock.h"
#include "rewards/redemption_types.h"

namespace loyalty {

struct Member {
  rewards::MemberProfile profile;
  std::int64_t balance = 0;
};

struct NewMember {
  rewards::MemberProfile profile;
  std::int64_t points = 0;  // initial balance, >= 0
};

struct FieldProblem {
  std::string key;
  std::string message;
};

// Every problem with `m` (empty when it can be stored).
std::vector<FieldProblem> CheckNewMember(const NewMember& m);

class MemberStore {
 public:
  MemberStore(HostDatabase& db, HostPointsLedger& ledger, const rewards::Clock& clock)
      : db_(db), ledger_(ledger), clock_(clock) {}

  // kConflict "member_exists" for a known id; kInvalidArgument "invalid_member"
  // when CheckNewMember finds problems.
  rewards::Result<Member> Create(const NewMember& m) noexcept;
  // kNotFound "unknown_member".
  rewards::Result<Member> Get(const std::string& id) noexcept;

 private:
  HostDatabase& db_;
  HostPointsLedger& ledger_;
  const rewards::Clock& clock_;
};

}  // namespace loyalty
