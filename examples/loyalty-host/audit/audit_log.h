// AuditLog: what operators changed, in the append-only table audit_log
// (database triggers refuse UPDATE and DELETE).
//
// An entry says who (an operator's name, "token" for the admin bearer token,
// "cli" for the command line), what (an action such as "settings.update"),
// on what (a target such as "ascenda"), when (the host clock), and the state
// before and after as JSON text. Callers mask secrets before they record
// (MaskSecrets). Record() inside a transaction writes with the change it
// describes. List() pages newest first. Thread-safe; borrows the database and
// clock, which must outlive it.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "db/host_database.h"
#include "rewards/clock.h"

namespace loyalty {

struct AuditEntry {
  std::int64_t id = 0;
  std::string at;  // RFC 3339
  std::string actor;
  std::string action;
  std::string target;
  std::string before;  // JSON text, or empty
  std::string after;
};

struct AuditPage {
  std::vector<AuditEntry> entries;
  std::int64_t total_count = 0;
};

class AuditLog {
 public:
  AuditLog(HostDatabase& db, const rewards::Clock& clock) : db_(db), clock_(clock) {}

  rewards::Status Record(const std::string& actor, const std::string& action,
                         const std::string& target, const std::string& before_json,
                         const std::string& after_json) noexcept;
  rewards::Status Record(Poco::Data::Session& tx, const std::string& actor,
                         const std::string& action, const std::string& target,
                         const std::string& before_json, const std::string& after_json);
  // REQUIRES: page >= 1, page_size >= 1.
  rewards::Result<AuditPage> List(int page, int page_size) noexcept;

 private:
  HostDatabase& db_;
  const rewards::Clock& clock_;
};

inline constexpr char kMasked[] = "********";

// `values` as a JSON object, each key of `secret_keys` with a non-empty value
// shown as kMasked (an empty one stays empty, so "was it set" still shows).
std::string MaskedJson(const std::map<std::string, std::string>& values,
                       const std::set<std::string>& secret_keys);

}  // namespace loyalty
