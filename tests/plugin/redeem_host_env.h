// RedeemHost: the real loyalty-host process with the real plugin (.so),
// configured for redemption tests against a running ascenda-sim — a config
// file in its own folder, a database that survives Kill() + Start() (the
// crash tests), and the HTTP calls the tests make (members, balance, redeem,
// redemption detail, settings). The database is REWARDS_TEST_DB's
// (support/host_db.h): a SQLite file in the folder, or a fresh PostgreSQL
// database per RedeemHost — or the one given in the options, so several
// hosts (nodes) can share it.
//
// Members are made with testsupport::kMemberPassword and signed in on first
// use (support/member_sessions.h); the host runs with FastAuthConfig() unless
// the options say otherwise.
//
// Not thread-safe, except the Redeem / Balance / Get calls, which may come
// from many threads at once (each is one HTTP request).
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "simulator/sim_harness.h"
#include "support/host_db.h"
#include "support/http_client.h"
#include "support/member_sessions.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace ascenda::test {

inline constexpr char kRedeemAdminToken[] = "admin-token-for-redeem-tests";

struct RedeemHostOptions {
  bool manual_clock = false;
  // plugins.ascenda.<key> values over SimSettingValues and the fast defaults
  // (back-off 20 ms, wait 3 s, reconcile every 1 s, poll after 1 s,
  // connect / request timeouts 1 s).
  std::map<std::string, std::string> settings;
  // Empty connector: a new database as REWARDS_TEST_DB says (see above).
  testsupport::HostDb db;
  // host.<key> lines over the defaults (e.g. "http.threads"); the defaults
  // include FastAuthConfig() and a master key file in the host's folder
  // (nodes sharing a database should share "secrets.key_file" too).
  std::map<std::string, std::string> host;
};

class RedeemHost {
 public:
  RedeemHost(simtest::SimHarness& sim, RedeemHostOptions options);
  ~RedeemHost();

  // Starts the host (again after Kill), waits for /healthz and for the
  // catalogue's first sync. Throws with the host's log when it does not come up.
  void Start();
  void Kill();  // SIGKILL, no goodbye

  // Start() in two halves, so several nodes can start at once: the process,
  // then the wait (which also checks the host runs on db()).
  void StartProcess();
  void WaitReady();
  bool running() const { return process_ != nullptr; }

  std::string Url(const std::string& path) const;
  int port() const { return port_; }
  const testsupport::HostDb& db() const { return db_; }
  std::string Log() const;  // host.log so far

  testsupport::HttpReply Admin(const std::string& method, const std::string& path,
                               const std::string& body = "");
  // PUT /admin/plugins/ascenda/settings; throws unless 200.
  void ChangeSettings(const std::map<std::string, std::string>& values);
  void CreateMember(const std::string& id, std::int64_t points, bool with_phone = true);
  std::int64_t Balance(const std::string& member_id);
  // The member's Authorization (+ Content-Type) headers, signing in once.
  std::map<std::string, std::string> MemberHeaders(const std::string& member_id);
  std::string MemberToken(const std::string& member_id);

  testsupport::HttpReply Redeem(const std::string& member_id, const std::string& card,
                                const std::string& denomination, const std::string& currency,
                                std::int64_t expected_points, const std::string& key);
  testsupport::HttpReply Get(const std::string& redemption_id, const std::string& member_id);
  // Polls the member's view until `status`; the last body (or null).
  Poco::JSON::Object::Ptr WaitForStatus(const std::string& redemption_id,
                                        const std::string& member_id, const std::string& status,
                                        int timeout_ms = 15000);

 private:
  simtest::SimHarness& sim_;
  testsupport::TempDir dir_;
  testsupport::HostDb db_;
  std::string config_;
  int port_ = 0;
  int starts_ = 0;
  std::unique_ptr<testsupport::ChildProcess> process_;
  std::unique_ptr<testsupport::MemberSessions> sessions_;
};

// The sim's view of a reference: {"create_attempts", "order"}.
std::int64_t CreateAttempts(simtest::SimHarness& sim, const std::string& reference_id);
bool OrderExists(simtest::SimHarness& sim, const std::string& reference_id);

}  // namespace ascenda::test
