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

void CheckEmail(const std::string& email, std::vector<FieldProblem>& out) {
  if (email.empty()) {
    out.push_back({"email", "email is required"});
  } else if (email.size() > 254 || !LooksLikeEmail(email)) {
    out.push_back({"email", "email must be an address like name@example.com"});
  }
}

void CheckPhone(const std::string& phone, std::vector<FieldProblem>& out) {
  if (phone.empty()) return;
  bool digits = phone.size() >= 8 && phone.size() <= 16 && phone[0] == '+';
  for (std::size_t i = 1; digits && i < phone.size(); ++i) {
    digits = phone[i] >= '0' && phone[i] <= '9';
  }
  if (!digits) {
    out.push_back({"phone_number", "phone_number must be + and 7 to 15 digits, e.g. +6591234567"});
  }
}

void CheckCountry(const std::string& country, std::vector<FieldProblem>& out) {
  if (!country.empty() && !IsIso3166Alpha2(country)) {
    out.push_back({"country", "country must be an ISO 3166-1 alpha-2 code, e.g. SG"});
  }
}

// Officially assigned ISO 3166-1 alpha-2 codes.
constexpr char kIsoCountries[] =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR "
    "BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ "
    "EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW "
    "GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY "
    "KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV "
    "MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY "
    "QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG "
    "TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM "
    "ZW";

}  // namespace

bool IsIso3166Alpha2(const std::string& code) {
  if (code.size() != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z') {
    return false;
  }
  const std::string list = kIsoCountries;
  for (std::size_t i = 0; i + 1 < list.size(); i += 3) {
    if (list.compare(i, 2, code) == 0) return true;
  }
  return false;
}

std::vector<FieldProblem> CheckProfileChanges(const ProfileChanges& c) {
  std::vector<FieldProblem> out;
  if (c.email) CheckEmail(*c.email, out);
  if (c.first_name) CheckName("first_name", *c.first_name, out);
  if (c.last_name) CheckName("last_name", *c.last_name, out);
  if (c.phone_number) CheckPhone(*c.phone_number, out);
  if (c.country) CheckCountry(*c.country, out);
  return out;
}

std::vector<FieldProblem> CheckNewMember(const NewMember& m) {
  std::vector<FieldProblem> out;
  const rewards::MemberProfile& p = m.profile;
  if (p.id.empty()) {
    out.push_back({"id", "id is required"});
  } else if (p.id.size() > 64 || !PrintableNoSpace(p.id)) {
    out.push_back({"id", "id must be 1..64 printable characters without spaces"});
  }
  CheckEmail(p.email, out);
  CheckName("first_name", p.first_name, out);
  CheckName("last_name", p.last_name, out);
  CheckPhone(p.phone_number, out);
  CheckCountry(m.country, out);
  if (m.points < 0) out.push_back({"points", "points must be 0 or more"});
  return out;
}

rewards::Result<Member> MemberStore::Create(const NewMember& m, const TxStep& also) noexcept {
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
    tx << "INSERT INTO members (id, email, first_name, last_name, phone_number, country, "
          "balance, created_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7)",
        bind(p.id), bind(p.email), bind(p.first_name), bind(p.last_name), bind(p.phone_number),
        bind(m.country), bind(FormatTimestamp(clock_.Now())), now;
    if (m.points > 0) {
      auto credit = ledger_.Credit(tx, p.id, m.points, "initial:" + p.id, "initial points");
      if (!credit.ok()) return credit.status();
    }
    return also ? also(tx) : rewards::Status::Ok();
  });
  if (!s.ok()) return s;
  return Get(p.id);
}

rewards::Result<Member> MemberStore::Update(const std::string& id, const ProfileChanges& c,
                                            const TxStep& also) noexcept {
  if (!CheckProfileChanges(c).empty()) {
    return rewards::InvalidArgument("invalid_member", "the changes have invalid fields");
  }
  rewards::Status s = db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
    Poco::Int64 count = 0;
    tx << "SELECT COUNT(*) FROM members WHERE id = $1", bind(id), into(count), now;
    if (count == 0) return rewards::NotFound("unknown_member", "no member " + id);
    const std::pair<const char*, const std::optional<std::string>*> columns[] = {
        {"email", &c.email},
        {"first_name", &c.first_name},
        {"last_name", &c.last_name},
        {"phone_number", &c.phone_number},
        {"country", &c.country}};
    for (const auto& [column, value] : columns) {
      if (!*value) continue;
      tx << "UPDATE members SET " + std::string(column) + " = $1 WHERE id = $2", bind(**value),
          bind(id), now;
    }
    return also ? also(tx) : rewards::Status::Ok();
  });
  if (!s.ok()) return s;
  return Get(id);
}

rewards::Result<Member> MemberStore::Get(const std::string& id) noexcept {
  rewards::Result<Poco::Data::Session> session = db_.Session();
  if (!session.ok()) return session.status();
  try {
    Member m;
    Poco::Int64 balance = 0;
    Poco::Data::Statement select(session.value());
    select << "SELECT id, email, first_name, last_name, phone_number, country, balance "
              "FROM members WHERE id = $1",
        bind(id), into(m.profile.id), into(m.profile.email), into(m.profile.first_name),
        into(m.profile.last_name), into(m.profile.phone_number), into(m.country), into(balance);
    if (select.execute() == 0) {
      return rewards::NotFound("unknown_member", "no member " + id);
    }
    m.balance = balance;
    return m;
  } catch (const Poco::Exception& e) {
    return DbFailureStatus(e, session.value());
  } catch (...) {
    return rewards::Internal("members: unknown failure");
  }
}

}  // namespace loyalty
