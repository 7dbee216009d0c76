// Shared pieces of the outcome tests (webhook receiver and applier, resends):
// the host's real database (SQLite file or a fresh PostgreSQL database) with
// the host's and the plugin's migrations, the real ledger and members, a
// store that seals delivery data, and webhook bodies built and signed the way
// Ascenda sends them (docs/ascenda-api.md §7, §9).
//
// One owner per test; the database objects themselves are thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ascenda/outcome/delivery_keys.h"
#include "ascenda/redemption/redemption_store.h"
#include "db/host_database.h"
#include "ledger/member_store.h"
#include "ledger/points_ledger.h"
#include "rewards/http_router.h"
#include "support/manual_clock.h"
#include "support/temp_dir.h"

namespace ascenda::test {

using testsupport::ManualClock;

inline constexpr char kSecret[] = "whsec-test-1";
inline constexpr char kDataKey[] = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

// The host database for `dialect` ("sqlite": a file in `dir`; "postgresql": a
// fresh database on the test cluster), migrated for host and plugin.
class OutcomeDb {
 public:
  OutcomeDb(const std::string& dialect, const testsupport::TempDir& dir, ManualClock& clock,
            rewards::Logger* logger = nullptr);

  loyalty::HostDatabase& db() { return *db_; }
  loyalty::HostPointsLedger& ledger() { return *ledger_; }
  RedemptionStore& store() { return *store_; }
  DeliveryKeys& keys() { return keys_; }
  const std::string& sqlite_file() const { return sqlite_file_; }

  void AddMember(const std::string& id, std::int64_t points);
  std::int64_t Balance(const std::string& member);
  // SELECT COUNT(*) ... with one text argument bound as $1 (or none).
  std::int64_t Count(const std::string& sql, const std::string& arg = "");
  // A reserved redemption of `member` for `points`.
  RedemptionRecord Reserve(const std::string& member, std::int64_t points = 500);

 private:
  std::string sqlite_file_;
  DeliveryKeys keys_;
  std::unique_ptr<loyalty::HostDatabase> db_;
  std::unique_ptr<loyalty::HostPointsLedger> ledger_;
  std::unique_ptr<loyalty::MemberStore> members_;
  std::unique_ptr<RedemptionStore> store_;
};

struct EventSpec {
  std::string event_id;
  std::string order_id = "order-1";
  std::string reference_id;
  std::string item_status = "processing";
  std::string code, pin, url, expires_at;                   // empty: null
  std::vector<std::pair<std::string, std::string>> errors;  // code, message
};

// The JSON body Ascenda sends for `spec`.
std::string EventBody(const EventSpec& spec);
// A fresh random event id.
std::string NewEventId();

// A POST /webhooks/ascenda request with `body`, signed at `t` with `secret`
// (no signature header when `signature` is empty).
rewards::HttpRequest WebhookRequest(const std::string& body, const std::string& signature);
rewards::HttpRequest SignedRequest(const std::string& body, std::int64_t t,
                                   const std::string& secret = kSecret);

std::int64_t UnixSeconds(const rewards::Clock& clock);

}  // namespace ascenda::test
