// EndToEndHost: the one end-to-end harness — the real loyalty-host process
// loading the real plugin (.so), pointed at a running ascenda-sim (the real
// simulator, SimHarness) — and the HTTP calls the end-to-end tests and the
// benchmarks make through it (members, balance, redeem, redemption views,
// admin settings, the manual clock, the sim's webhook target).
//
// Its config file lives in its own folder; its database survives Kill() +
// Start() (the crash tests). The database is, by EndToEndOptions::db:
//   - connector empty: REWARDS_TEST_DB's (support/host_db.h) — a SQLite file
//     in the folder, or a fresh PostgreSQL database;
//   - connector set, connection empty: that connector, a new database;
//   - both set: exactly that one, so several hosts (nodes) can share it.
//
// Members are made with kMemberPassword and signed in on first use
// (member_sessions.h); the host runs with FastAuthConfig() and a master key
// file in its folder unless `host` says otherwise (nodes sharing a database
// should share "secrets.key_file" too).
//
// The SimHarness is borrowed and must outlive the host.
// Not thread-safe, except Redeem / Balance / Get / Url, which may come from
// many threads at once (each is one HTTP request).
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "simulator/sim_harness.h"
#include "support/host_db.h"
#include "support/http_client.h"
#include "support/member_sessions.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace testsupport {

inline constexpr char kEndToEndAdminToken[] = "admin-token-for-end-to-end-tests";
// The webhook secret of SimSettingValues (and so of the plugin under test).
inline constexpr char kSimWebhookSecret[] = "whsec-test-1";

// The sim's API port, from its base URL.
std::string SimPort(const simtest::SimHarness& sim);

// Host-style plugin setting values (ascenda.<key>) that point the plugin at
// `sim`: test-client / test-secret, the test CA, every fixture currency
// priced, the webhook secret and a data key; every required key set.
std::map<std::string, std::string> SimSettingValues(const simtest::SimHarness& sim);

struct EndToEndOptions {
  bool manual_clock = false;
  // Over SimSettingValues: the fast defaults (back-off 20 ms, wait 3 s,
  // reconcile every 1 s, poll after 1 s, connect / request timeouts 1 s) —
  // unless `fast_defaults` is false, which keeps the plugin's own defaults.
  bool fast_defaults = true;
  // plugins.ascenda.<key> values over all of the above.
  std::map<std::string, std::string> settings;
  // The host database; see the header comment.
  HostDb db;
  // host.<key> lines over the defaults (e.g. "http.threads", "log.level").
  std::map<std::string, std::string> host;
  // A command the host runs under, e.g. {"valgrind", "--tool=callgrind"}
  // (benchmarks); empty: the host binary itself.
  std::vector<std::string> wrapper;
};

class EndToEndHost {
 public:
  EndToEndHost(simtest::SimHarness& sim, EndToEndOptions options);
  ~EndToEndHost();
  EndToEndHost(const EndToEndHost&) = delete;
  EndToEndHost& operator=(const EndToEndHost&) = delete;

  // Starts the host (again after Kill), waits for /healthz, checks the host
  // runs on db() and waits for the catalogue's first sync. Throws
  // std::runtime_error with the host's log when it does not come up.
  void Start();
  void Kill();  // SIGKILL, no goodbye
  // SIGSTOP / SIGCONT: a paused host holds what it holds (its leases, its
  // connections) until it is resumed or killed.
  void Pause();
  void Resume();

  // Start() in two halves, so several nodes can start at once.
  void StartProcess();
  void WaitReady();  // WaitHealthy, then the catalogue's first sync
  // /healthz answers and the host runs on db(); throws otherwise.
  void WaitHealthy();
  bool running() const { return process_ != nullptr; }
  // The host process's pid (the wrapper's, with one); 0 when not running.
  int pid() const;

  std::string Url(const std::string& path) const;
  int port() const { return port_; }
  const HostDb& db() const { return db_; }
  std::string Log() const;            // host.log so far
  std::string ProcessOutput() const;  // the current process's stdout / stderr

  // Points the sim's webhooks at this host's POST /webhooks/ascenda (signed
  // with kSimWebhookSecret), or turns them off. Throws unless accepted.
  void SetWebhooks(bool enabled);
  // POST /admin/clock/advance (manual clock only); throws unless 200.
  void Advance(int seconds);
  // Manual clock: Advance(seconds), then waits until the reconciler pass the
  // move made due has ended (ascenda_reconciler_ticks_total on GET /metrics
  // moved by one; on a manual clock passes run only when time moves). Throws
  // std::runtime_error after `timeout_ms`. For "the clock moved, the
  // reconciler looked, and ...".
  void AdvanceAndReconcile(int seconds, int timeout_ms = 20000);

  HttpReply Admin(const std::string& method, const std::string& path, const std::string& body = "");
  // PUT /admin/plugins/ascenda/settings; throws unless 200.
  void ChangeSettings(const std::map<std::string, std::string>& values);
  void CreateMember(const std::string& id, std::int64_t points, bool with_phone = true);
  std::int64_t Balance(const std::string& member_id);
  // The member's Authorization (+ Content-Type) headers / session token,
  // signing in the first time.
  std::map<std::string, std::string> MemberHeaders(const std::string& member_id);
  std::string MemberToken(const std::string& member_id);

  HttpReply Redeem(const std::string& member_id, const std::string& card,
                   const std::string& denomination, const std::string& currency,
                   std::int64_t expected_points, const std::string& key);
  // Redeems the USD fixture card (code + pin delivery) at 0.01 per point;
  // the redemption's JSON. Throws unless 201.
  Poco::JSON::Object::Ptr RedeemUsdCard(const std::string& member_id, const std::string& key,
                                        const std::string& denomination = "50.00");
  HttpReply Get(const std::string& redemption_id, const std::string& member_id);
  // Polls the member's view until `status`; the last body (or null).
  Poco::JSON::Object::Ptr WaitForStatus(const std::string& redemption_id,
                                        const std::string& member_id, const std::string& status,
                                        int timeout_ms = 15000);
  // Polls the operator's listing until the redemption is in internal `state`;
  // its entry (null if it never is).
  Poco::JSON::Object::Ptr WaitForState(const std::string& redemption_id, const std::string& state,
                                       int timeout_ms = 15000);

 private:
  simtest::SimHarness& sim_;
  TempDir dir_;
  HostDb db_;
  std::string config_;
  int port_ = 0;
  int starts_ = 0;
  std::unique_ptr<ChildProcess> process_;
  std::unique_ptr<MemberSessions> sessions_;
  std::vector<std::string> wrapper_;
};

// The sim's view of a reference: how many creates it saw, whether an order exists.
std::int64_t CreateAttempts(simtest::SimHarness& sim, const std::string& reference_id);
bool OrderExists(simtest::SimHarness& sim, const std::string& reference_id);

// A JSON string literal for `s` (quotes and backslashes escaped; test data
// holds no control characters).
std::string JsonQuote(const std::string& s);

}  // namespace testsupport
