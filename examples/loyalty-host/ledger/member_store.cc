#include "ledger/member_store.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include "clock/host_clock.h"
#include "db/db_errors.h"

namespace loyalty {

namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

bool PrintableNoSpace(const std::string& s) {
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

bool LooksLikeEmail(const std::string& s) {
  const std::size_t at = s.find('@');
  if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) {
    return false;
  }
  const std::string domain = s.substr(at + 1);
  const std::size_t dot = domain.find('.');
  return PrintableNoSpace(s) && dot != std::string::npos && dot > 0 && dot + 1 < domain.size();
}

void CheckName(const std::string& key, const std::string& value, std::vector<FieldProblem>& out) {
  if (value.empty()) {
    out.push_back({key, key + " is required"});
  } else if (value.size() > 100) {
    out.push_back({key, key + " must be at most 100 characters"});
  }
}

}  // namespace

std::vector<FieldProblem> CheckNewMember(const NewMember& m) {
  std::vector<FieldProblem> out;
  const rewards::MemberProfile& p = m.profile;
  if (p.id.empty()) {
    out.push_back({"id", "id is required"});
  } else if (p.id.size() > 64 || !PrintableNoSpace(p.id)) {
    out.push_back({"id", "id must be 1..64 printable characters without spaces"});
  }
  if (p.email.empty()) {
    out.push_back({"email", "email is required"});
  } else if (p.email.size() > 254 || !LooksLikeEmail(p.email)) {
    out.push_back({"email", "email must be an address like name@example.com"});
  }
  CheckName("first_name", p.first_name, out);
  CheckName("last_name", p.last_name, out);
  if (p.phone_number.size() > 32) {
    out.push_back({"phone_number", "phone_number must be at most 32 characters"});
  }
  if (m.points < 0) out.push_back({"points", "points must be 0 or more"});
  return out;
}

rewards::Result<Member> MemberStore::Create(const NewMember& m) noexcept {
  if (!CheckNewMember(m).empty()) {
    return rewards::InvalidArgument("invalid_member", "the member has invalid fields");
  }
  const rewards::MemberProfile& p = m.profile;
  rewards::Status s = db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
    Poco::Int64 count = 0;
    tx << "SELECT COUNT(*) FROM members WHERE id = $1", bind(p.id), into(count), now;
    if (count > 0) {
      return rewards::Status(rewards::StatusCode::kConflict, "member_exists",
                             "a member with id " + p.id + " exists");
    }
    tx << "INSERT INTO members (id, email, first_name, last_name, phone_number, "
          "balance, created_at) VALUES ($1, $2, $3, $4, $5, 0, $6)",
        bind(p.id), bind(p.email), bind(p.first_name), bind(p.last_name), bind(p.phone_number),
        bind(FormatTimestamp(clock_.Now())), now;
    if (m.points > 0) {
      auto credit = ledger_.Credit(tx, p.id, m.points, "initial:" + p.id, "initial points");
      if (!credit.ok()) return credit.status();
    }
    return rewards::Status::Ok();
  });
  if (!s.ok()) return s;
  return Get(p.id);
}

rewards::Result<Member> MemberStore::Get(const std::string& id) noexcept {
  rewards::Result<Poco::Data::Session> session = db_.Session();
  if (!session.ok()) return session.status();
  try {
    Member m;
    Poco::Int64 balance = 0;
    Poco::Data::Statement select(session.value());
    select << "SELECT id, email, first_name, last_name, phone_number, balance "
              "FROM members WHERE id = $1",
        bind(id), into(m.profile.id), into(m.profile.email), into(m.profile.first_name),
        into(m.profile.last_name), into(m.profile.phone_number), into(balance);
    if (select.execute() == 0) {
      return rewards::NotFound("unknown_member", "no member " + id);
    }
    m.balance = balance;
    return m;
  } catch (const Poco::Exception& e) {
    return DbFailureStatus(e);
  } catch (...) {
    return rewards::Internal("members: unknown failure");
  }
}

}  // namespace loyalty
