// Database faults end to end: the real loyalty-host loading the real plugin,
// the real ascenda-sim, and a database that fails under them.
//   - SQLite: the disk holding the database file fills up (a small tmpfs;
//     skipped, saying so, where mounting is not permitted);
//   - PostgreSQL (a cluster of the test's own, pg_cluster.h): the server
//     crashes (immediate stop) while members redeem and comes back; every
//     session of the host is killed (pg_terminate_backend) while they redeem.
// In each: a member asking while the database is away gets a 503 saying to
// try again (never a 500, never a debit without a redemption), the host
// recovers by itself (same process), every retried key is one redemption,
// and the counts hold (chaos_counts.h: balance = start - debits + refunds,
// one order per reference at Ascenda, no refund twice, nothing left open).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "chaos/chaos_counts.h"
#include "simulator/sim_harness.h"
#include "support/end_to_end_host.h"
#include "support/pg_cluster.h"
#include "support/temp_dir.h"
#include "support/wait_until.h"

namespace ascenda {
namespace {

using Clock = std::chrono::steady_clock;
using testsupport::HttpCall;
using testsupport::HttpReply;

constexpr std::int64_t kStart = 1'000'000;
constexpr std::int64_t kPoints = 5000;  // the USD card's 50.00 at 0.01 per point

simtest::Settings SimSettings() {
  return {{"sim.lifecycle.pending_ms", "100"},
          {"sim.lifecycle.processing_ms", "100"},
          {"sim.webhook.enabled", "true"},
          {"sim.webhook.secret", testsupport::kSimWebhookSecret},
          {"sim.webhook.backoff_ms", "100"}};
}

// Redeems under `key` until the host takes it (a retry of one key is a
// replay); every answer that is not 200/201 is kept.
struct Redeemer {
  explicit Redeemer(testsupport::EndToEndHost& h) : host(h) {}
  testsupport::EndToEndHost& host;
  std::mutex mu;
  std::vector<HttpReply> refusals;  // guarded by mu

  bool Redeem(const std::string& member, const std::string& key, Clock::duration patience) {
    const auto deadline = Clock::now() + patience;
    while (Clock::now() < deadline) {
      HttpReply r = host.Redeem(member, simtest::kUsdCard, "50.00", "USD", kPoints, key);
      if (r.status == 200 || r.status == 201) return true;
      {
        std::lock_guard<std::mutex> lock(mu);
        refusals.push_back(r);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
};

// The host log's lines that name a database failure (what a 500 came from).
std::string DatabaseLines(const testsupport::EndToEndHost& host) {
  std::istringstream log(host.Log());
  std::string out;
  for (std::string line; std::getline(log, line);) {
    if (line.find("database") != std::string::npos) out += line + "\n";
  }
  return out;
}

// Every refusal seen was a 503 a member can act on, none a 500 or a 4xx.
void ExpectOnlyClear503s(const std::vector<HttpReply>& refusals,
                         const testsupport::EndToEndHost& host) {
  for (const HttpReply& r : refusals) {
    if (r.status == 503) {
      EXPECT_EQ(simtest::Json(r)->getValue<std::string>("error"), "temporarily_unavailable")
          << r.body;
    } else {
      ADD_FAILURE() << "refused with " << r.status << " " << r.body << r.error
                    << "\nthe host log's database lines:\n"
                    << DatabaseLines(host);
    }
  }
}

void ExpectCountsHold(const testsupport::HostDb& db, simtest::SimHarness& sim,
                      std::int64_t redemptions) {
  ASSERT_TRUE(testsupport::WaitUntil([&] { return chaos::OpenRedemptions(db) == 0; },
                                     std::chrono::seconds(60), std::chrono::milliseconds(200)));
  chaos::Figures f = chaos::Count(db, sim, kStart);
  for (const std::string& e : f.examples) ADD_FAILURE() << e;
  EXPECT_EQ(f.redemptions, redemptions);
  EXPECT_EQ(f.orders, redemptions);
  EXPECT_EQ(f.duplicate_orders, 0);
  EXPECT_EQ(f.lost_points, 0);
  EXPECT_EQ(f.double_refunds, 0);
  EXPECT_EQ(f.open_after_heal, 0);
  EXPECT_EQ(f.orphan_orders, 0);
  EXPECT_EQ(testsupport::HostDbNumber(db,
                                      "SELECT COUNT(*) FROM ascenda_redemptions r WHERE NOT EXISTS "
                                      "(SELECT 1 FROM ledger_entries l WHERE l.idempotency_key = "
                                      "'ascenda:debit:' || r.id)"),
            0);
}

class DbFaultPostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = testsupport::PgCluster::StartPrivate();
    sim_ = simtest::SimHarness::Start(SimSettings());
    testsupport::EndToEndOptions options;
    options.db = testsupport::HostDb{"postgresql", cluster_->FreshDatabase()};
    host_ = std::make_unique<testsupport::EndToEndHost>(*sim_, options);
    host_->Start();
    host_->SetWebhooks(true);
    host_->CreateMember("db-1", kStart);
    host_->CreateMember("db-2", kStart);
    redeemer_ = std::make_unique<Redeemer>(*host_);
  }

  // Two clients redeem `per_client` times each while `fault` runs; answers
  // the keys taken.
  int RedeemAround(int per_client, const std::function<void()>& fault) {
    std::atomic<int> taken{0};
    std::atomic<int> started{0};
    std::vector<std::thread> clients;
    clients.reserve(2);
    for (int c = 0; c < 2; ++c) {
      clients.emplace_back([&, c] {
        for (int i = 0; i < per_client; ++i) {
          ++started;
          const std::string key = "db-" + std::to_string(c) + "-" + std::to_string(i);
          if (redeemer_->Redeem("db-" + std::to_string(c + 1), key, std::chrono::seconds(60))) {
            ++taken;
          }
        }
      });
    }
    testsupport::WaitUntil([&] { return started.load() >= 6; }, std::chrono::seconds(30),
                           std::chrono::milliseconds(5));
    fault();
    for (std::thread& t : clients) t.join();
    return taken.load();
  }

  std::string Database() const {
    const std::string c = host_->db().connection;
    return c.substr(c.rfind("dbname=") + 7);
  }

  std::unique_ptr<testsupport::PgCluster> cluster_;
  std::unique_ptr<simtest::SimHarness> sim_;
  std::unique_ptr<testsupport::EndToEndHost> host_;
  std::unique_ptr<Redeemer> redeemer_;
};

TEST_F(DbFaultPostgresTest, ServerCrashMidRedemptionsAnswers503ThenRecoversWithoutARestart) {
  std::vector<HttpReply> while_down;
  while_down.reserve(3);
  HttpReply ready_while_down;
  const int taken = RedeemAround(20, [&] {
    cluster_->Down();
    // While it is away, a member is told to try again, and nothing is debited.
    for (int i = 0; i < 3; ++i) {
      while_down.push_back(host_->Redeem("db-1", simtest::kUsdCard, "50.00", "USD", kPoints,
                                         "db-down-" + std::to_string(i)));
    }
    // A load balancer drains the node: not ready, with the database named.
    ready_while_down = HttpCall("GET", host_->Url("/readyz"));
    std::this_thread::sleep_for(std::chrono::seconds(2));
    cluster_->Up();
  });
  EXPECT_EQ(taken, 40);
  EXPECT_EQ(ready_while_down.status, 503) << ready_while_down.body;
  EXPECT_NE(ready_while_down.body.find("\"not_ready\""), std::string::npos);
  EXPECT_NE(ready_while_down.body.find("database"), std::string::npos) << ready_while_down.body;
  EXPECT_TRUE(
      testsupport::WaitUntil([&] { return HttpCall("GET", host_->Url("/readyz")).status == 200; },
                             std::chrono::seconds(30)))
      << "the node did not become ready again after the database came back";
  for (const HttpReply& r : while_down) {
    EXPECT_EQ(r.status, 503) << r.body << r.error << "\n" << DatabaseLines(*host_);
    if (r.status == 503) {
      EXPECT_EQ(simtest::Json(r)->getValue<std::string>("error"), "temporarily_unavailable");
    }
  }
  // The member saw a sentence; the operator's log names the cause.
  EXPECT_NE(host_->Log().find("host database: "), std::string::npos) << host_->Log();
  // The same process takes new redemptions again.
  EXPECT_TRUE(host_->running());
  EXPECT_TRUE(redeemer_->Redeem("db-2", "db-after", std::chrono::seconds(30)));
  ExpectOnlyClear503s(redeemer_->refusals, *host_);
  ExpectCountsHold(host_->db(), *sim_, 41);
}

TEST_F(DbFaultPostgresTest, KilledSessionsMidRedemptionsNeverDebitTwice) {
  int ended = 0;
  const int taken = RedeemAround(20, [&] {
    for (int i = 0; i < 8; ++i) {
      ended += cluster_->TerminateSessions(Database());
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
    }
  });
  EXPECT_GT(ended, 0) << "no session of the host was killed";
  EXPECT_EQ(taken, 40);
  EXPECT_TRUE(host_->running());
  EXPECT_TRUE(redeemer_->Redeem("db-2", "db-after", std::chrono::seconds(30)));
  ExpectOnlyClear503s(redeemer_->refusals, *host_);
  ExpectCountsHold(host_->db(), *sim_, 41);
}

// A tmpfs of `size` mounted on a new folder; unmounted by the destructor.
class SmallDisk {
 public:
  explicit SmallDisk(const std::string& size) {
    mounted_ = mount("tmpfs", dir_.path().c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
    if (!mounted_) why_ = std::generic_category().message(errno);
  }
  ~SmallDisk() {
    if (mounted_) umount2(dir_.path().c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  bool mounted() const { return mounted_; }
  const std::string& why() const { return why_; }
  std::string File(const std::string& name) const { return dir_.File(name); }

 private:
  testsupport::TempDir dir_;
  bool mounted_ = false;
  std::string why_;
};

// Writes `path` until the disk is full (ENOSPC).
void FillDisk(const std::string& path) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ASSERT_GE(fd, 0) << std::generic_category().message(errno);
  std::vector<char> block(4096, 'x');
  while (write(fd, block.data(), block.size()) > 0) {
  }
  EXPECT_EQ(errno, ENOSPC);
  close(fd);
}

TEST(DbFaultSqliteTest, FullDiskAnswers503DebitsNothingAndRecovers) {
  SmallDisk disk("8m");
  if (!disk.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs here (" << disk.why()
                 << "); the full-disk test needs root with CAP_SYS_ADMIN";
  }
  auto sim = simtest::SimHarness::Start(SimSettings());
  testsupport::TempDir keys;
  testsupport::EndToEndOptions options;
  options.db = testsupport::HostDb{"sqlite", disk.File("host.db")};
  options.host["secrets.key_file"] = keys.File("secrets.key");
  testsupport::EndToEndHost host(*sim, options);
  host.Start();
  host.SetWebhooks(true);
  host.CreateMember("full-1", kStart);
  Redeemer redeemer(host);
  ASSERT_TRUE(redeemer.Redeem("full-1", "full-before", std::chrono::seconds(10)));
  ASSERT_TRUE(testsupport::WaitUntil([&] { return chaos::OpenRedemptions(host.db()) == 0; },
                                     std::chrono::seconds(20), std::chrono::milliseconds(100)));

  FillDisk(disk.File("filler"));
  std::vector<HttpReply> while_full;
  while_full.reserve(3);
  for (int i = 0; i < 3; ++i) {
    while_full.push_back(host.Redeem("full-1", simtest::kUsdCard, "50.00", "USD", kPoints,
                                     "full-" + std::to_string(i)));
  }
  for (const HttpReply& r : while_full) {
    EXPECT_EQ(r.status, 503) << r.body << r.error << "\n" << DatabaseLines(host);
    if (r.status == 503) {
      EXPECT_EQ(simtest::Json(r)->getValue<std::string>("error"), "temporarily_unavailable");
    }
  }
  // Nothing was debited for them; the balance still reads.
  EXPECT_EQ(host.Balance("full-1"), kStart - kPoints);

  ASSERT_EQ(unlink(disk.File("filler").c_str()), 0);
  // The same process takes the same keys again, each once.
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(redeemer.Redeem("full-1", "full-" + std::to_string(i), std::chrono::seconds(20)));
  }
  EXPECT_TRUE(host.running());
  EXPECT_EQ(host.Balance("full-1"), kStart - 4 * kPoints);
  ExpectCountsHold(host.db(), *sim, 4);
}

}  // namespace
}  // namespace ascenda
