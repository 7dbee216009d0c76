// MemberStore: the host's members (profile + balance) in the members table.
//
// Create() inserts the member and, in the same transaction, credits the
// initial points through the ledger under the key "initial:<id>", so the
// ledger always explains the balance. Thread-safe; borrows the database and
// ledger, which must outlive it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db/host_database.h"
#include "ledger/points_ledger.h"
#include "rewards/clock.h"
#include "rewards/redemption_types.h"

namespace loyalty {

struct Member {
  rewards::MemberProfile profile;
  std::string country;  // ISO 3166-1 alpha-2, or empty (the host's own field)
  std::int64_t balance = 0;
};

struct NewMember {
  rewards::MemberProfile profile;
  std::string country;
  std::int64_t points = 0;  // initial balance, >= 0
};

// What a member may change of their own profile; unset fields stay.
struct ProfileChanges {
  std::optional<std::string> email, first_name, last_name, phone_number, country;
};

struct FieldProblem {
  std::string key;
  std::string message;
};

// Every problem with `m` (empty when it can be stored). A phone number is
// empty or "+" and 7..15 digits; a country is empty or an ISO 3166-1 alpha-2
// code (upper case).
std::vector<FieldProblem> CheckNewMember(const NewMember& m);
std::vector<FieldProblem> CheckProfileChanges(const ProfileChanges& c);
bool IsIso3166Alpha2(const std::string& code);

class MemberStore {
 public:
  MemberStore(HostDatabase& db, HostPointsLedger& ledger, const rewards::Clock& clock)
      : db_(db), ledger_(ledger), clock_(clock) {}

  using TxStep = std::function<rewards::Status(Poco::Data::Session&)>;

  // kConflict "member_exists" for a known id; kInvalidArgument "invalid_member"
  // when CheckNewMember finds problems. `also` (e.g. the member's password and
  // the audit entry) runs in the same transaction; its failure undoes all.
  rewards::Result<Member> Create(const NewMember& m, const TxStep& also = {}) noexcept;
  // kNotFound "unknown_member"; kInvalidArgument "invalid_member" when
  // CheckProfileChanges finds problems. `also` as for Create.
  rewards::Result<Member> Update(const std::string& id, const ProfileChanges& c,
                                 const TxStep& also = {}) noexcept;
  // kNotFound "unknown_member".
  rewards::Result<Member> Get(const std::string& id) noexcept;

 private:
  HostDatabase& db_;
  HostPointsLedger& ledger_;
  const rewards::Clock& clock_;
};

}  // namespace loyalty
