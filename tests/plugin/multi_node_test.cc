// Several host nodes sharing the work, PostgreSQL only: two real
// loyalty-host processes with the real plugin on ONE fresh PostgreSQL
// database, the real ascenda-sim misbehaving by rate, 1,000 redemptions
// spread over both nodes by 8 client threads, one node killed with SIGKILL in
// the middle and restarted. Then the sim heals (rate faults off through its
// control API) and, once every redemption is terminal, every invariant is
// counted in the database and in the sim's own records.
//
// The fault mix (on create, order lookup by reference and order GET, each
// request ~18 %): timeout_after_commit with a delay (1.5 s) past the client's
// request timeout (1 s), close_before_commit, close_after_commit, 500 and 503
// (half of those commit). Webhooks: 30 % delivered twice, 20 % held back
// 0.8 s so later events overtake them, every delivery attempt sent to one of
// the two nodes at random (the sim's comma-separated webhook url). Outcomes:
// 8 % failed, 4 % cancelled (refunds), the rest fulfilled.
//
// Terminal rule: every redemption must end fulfilled or refunded. A
// redemption whose every create attempt failed *without* committing is parked
// in `processing` by design (never refunded on a guess; the reconciler keeps
// looking it up) and is not terminal; the mix makes that practically
// impossible instead of tolerating it: a create fails without committing with
// p = 0.03 (close_before_commit) + 0.06 x 0.5 (5xx without commit) = 0.06,
// and submit.max_attempts = 8, so p = 0.06^8 ~ 2e-10 per redemption. A
// redemption still processing (or needs_attention) after the bounded wait
// fails the test, with its row printed.
//
// The kill comes after 400 answers, while 8 clients keep both nodes busy;
// the redemptions the killed node held leases on at that moment (its submits
// in flight, its reconciler's batch) must be finished by the others.
//
// Invariants checked: every answered idempotency key is exactly one row; at
// most one Ascenda order per reference_id (the sim's own order list) and
// each row's outcome agrees with the sim's order; no redemption refunded
// twice (one ledger refund entry per refunded row, none for fulfilled ones);
// per member: starting points - debits + refunds = balance = the ledger's
// sum, and debits - refunds = points of fulfilled redemptions.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "ascenda_test_env.h"
#include "support/end_to_end_host.h"
#include "support/host_db.h"
#include "support/postgres.h"
#include "support/wait_until.h"

namespace ascenda {
namespace {

using simtest::SimHarness;
using testsupport::HttpReply;
using testsupport::PostgresNumber;
using testsupport::PostgresQuery;
using Clock = std::chrono::steady_clock;

constexpr int kRedemptions = 1000;
constexpr int kClients = 8;
constexpr int kMembers = 60;
constexpr int kKillAfter = 400;  // answered redemptions before the kill
constexpr char kFaultRates[] =
    R"({"rates":{"timeout_after_commit":0.05,"close_before_commit":0.03,)"
    R"("close_after_commit":0.04,"status_500":0.03,"status_503":0.03}})";

struct Denomination {
  const char* value;
  std::int64_t points;
};
constexpr Denomination kDenominations[] = {
    {"10.00", 1000}, {"25.00", 2500}, {"50.00", 5000}, {"100.00", 10000}};

std::int64_t StartingPoints(int member) { return 2'000'000 + 1'000 * member; }
std::string MemberId(int member) { return "mn-" + std::to_string(member); }

// The plugin's node id (redemption_room.h) from the host's log.
std::string NodeId(const testsupport::EndToEndHost& host) {
  const std::string log = host.Log();
  const std::string marker = "redemptions started on ";
  const std::size_t at = log.rfind(marker);
  if (at == std::string::npos) throw std::runtime_error("no node id in the log:\n" + log);
  const std::size_t from = at + marker.size();
  return log.substr(from, log.find_first_of(" \r\n", from) - from);
}

class MultiNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = SimHarness::Start({{"sim.lifecycle.pending_ms", "300"},
                              {"sim.lifecycle.processing_ms", "300"},
                              {"sim.outcome.rate.failed", "0.08"},
                              {"sim.outcome.rate.cancelled", "0.04"},
                              {"sim.faults.ops", "create,list_orders,get_order"},
                              {"sim.faults.delay_ms", "1500"},
                              {"sim.faults.status_commit_rate", "0.5"},
                              {"sim.http.max_threads", "128"},
                              {"sim.webhook.enabled", "true"},
                              {"sim.webhook.secret", "whsec-test-1"},
                              {"sim.webhook.backoff_ms", "200"},
                              {"sim.webhook.threads", "4"},
                              {"sim.webhook.rate.duplicate", "0.3"},
                              {"sim.webhook.rate.reorder", "0.2"},
                              {"sim.webhook.reorder_delay_ms", "800"}});
    db_ = testsupport::HostDb{"postgresql", testsupport::FreshPostgresDatabase()};
    testsupport::EndToEndOptions options;
    options.db = db_;
    options.settings = {{"ascenda.submit.max_attempts", "8"}};
    options.host["secrets.key_file"] = keys_.File("secrets.key");  // one master key for both
    for (int i = 0; i < 2; ++i)
      nodes_.push_back(std::make_unique<testsupport::EndToEndHost>(*sim_, options));
    for (auto& node : nodes_) node->StartProcess();  // migrations race: advisory lock
    for (auto& node : nodes_) node->WaitReady();
    const std::string targets =
        nodes_[0]->Url("/webhooks/ascenda") + "," + nodes_[1]->Url("/webhooks/ascenda");
    ASSERT_EQ(sim_->Control("POST", "/control/webhook-target",
                            R"({"url":")" + targets + R"(","secret":"whsec-test-1"})")
                  .status,
              200);
    for (int m = 0; m < kMembers; ++m) nodes_[m % 2]->CreateMember(MemberId(m), StartingPoints(m));
  }

  // Redeems redemption `k` with its own idempotency key, starting on a
  // random node and moving to the other one while a node does not answer
  // (killed, restarting): the same key, so a retry is a replay. Answers the
  // redemption id, or "" (and a failure) when no node took it in time.
  std::string RedeemOne(int k, std::mt19937& rng) {
    const int member = k % kMembers;
    const Denomination& d = kDenominations[rng() % 4];
    const std::string key = "chaos-" + std::to_string(k);
    int node = static_cast<int>(rng() % 2);
    const auto deadline = Clock::now() + std::chrono::seconds(90);
    std::string last;
    while (Clock::now() < deadline) {
      // Url() reads only the node's fixed port: safe while it is killed.
      HttpReply r =
          nodes_[node]->Redeem(MemberId(member), simtest::kUsdCard, d.value, "USD", d.points, key);
      if (r.status == 200 || r.status == 201) {
        return simtest::Json(r)->getValue<std::string>("id");
      }
      last = std::to_string(r.status) + " " + r.body + r.error;
      if (r.status != 0 && r.status < 500) break;  // a refusal: a bug here
      ++retries_;
      node = 1 - node;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::lock_guard<std::mutex> lock(mu_);
    failures_.push_back(key + ": " + last);
    return "";
  }

  void Client(int index) {
    std::mt19937 rng(static_cast<unsigned>(index * 7919 + 17));
    for (int k = next_.fetch_add(1); k < kRedemptions; k = next_.fetch_add(1)) {
      std::string id = RedeemOne(k, rng);
      if (id.empty()) continue;
      std::lock_guard<std::mutex> lock(mu_);
      ids_.insert(id);
      ++answered_;
    }
  }

  std::int64_t Count(const std::string& where) {
    return PostgresNumber(db_.connection,
                          "SELECT COUNT(*) FROM ascenda_redemptions WHERE " + where);
  }

  std::unique_ptr<SimHarness> sim_;
  testsupport::HostDb db_;
  testsupport::TempDir keys_;
  std::vector<std::unique_ptr<testsupport::EndToEndHost>> nodes_;
  std::mutex mu_;
  std::atomic<int> next_{0};
  std::atomic<int> answered_{0};
  std::atomic<int> retries_{0};
  std::set<std::string> ids_;          // guarded by mu_
  std::vector<std::string> failures_;  // guarded by mu_
};

TEST_F(MultiNodeTest, ThousandRedemptionsOnTwoNodesWithFaultsAndAKillKeepEveryInvariant) {
  const auto started = Clock::now();
  ASSERT_EQ(sim_->Control("POST", "/control/fault-rates", kFaultRates).status, 200);

  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) clients.emplace_back([this, i] { Client(i); });
  // The killer: node 1 dies (SIGKILL) mid-run and comes back as a new node.
  testsupport::WaitUntil(
      [&] { return answered_.load() >= kKillAfter || next_.load() >= kRedemptions; },
      std::chrono::steady_clock::time_point::max(), std::chrono::milliseconds(20));
  // What the doomed node holds at that moment: its leases must be taken over.
  // It is killed while it holds at least one: its leases last a few
  // milliseconds each, so it is paused (SIGSTOP) when it is seen holding some,
  // and killed if it still holds them paused — else resumed to try again.
  const std::string doomed = NodeId(*nodes_[1]);
  const std::string kHeld = "lease_owner LIKE '" + doomed + ":%'";
  std::int64_t orphaned = 0;
  const auto give_up = Clock::now() + std::chrono::seconds(30);
  while (Clock::now() < give_up && next_.load() < kRedemptions) {
    if (Count(kHeld) == 0) continue;
    nodes_[1]->Pause();
    orphaned = Count(kHeld);
    if (orphaned > 0) break;
    nodes_[1]->Resume();
  }
  nodes_[1]->Kill();
  const int answered_at_kill = answered_.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  nodes_[1]->Start();
  for (std::thread& t : clients) t.join();
  const double submit_s = std::chrono::duration<double>(Clock::now() - started).count();
  {
    std::lock_guard<std::mutex> lock(mu_);
    ASSERT_TRUE(failures_.empty()) << failures_.size() << " not taken, e.g. " << failures_[0];
    ASSERT_EQ(ids_.size(), static_cast<std::size_t>(kRedemptions));
  }
  const std::int64_t faults_injected = test::SimStat(*sim_, "faults_injected");

  // Heal, then wait (bounded) until every redemption is terminal.
  ASSERT_EQ(sim_->Control("POST", "/control/fault-rates", R"({"rates":{}})").status, 200);
  const auto healed = Clock::now();
  const std::string kOpen = "state NOT IN ('fulfilled', 'refunded')";
  testsupport::WaitUntil([&] { return Count(kOpen) == 0; }, healed + std::chrono::minutes(3),
                         std::chrono::milliseconds(500));
  const double settle_s = std::chrono::duration<double>(Clock::now() - healed).count();

  // Summary.
  std::map<std::string, std::int64_t> states;
  for (const auto& row : PostgresQuery(
           db_.connection, "SELECT state, COUNT(*) FROM ascenda_redemptions GROUP BY state")) {
    states[row[0]] = std::stoll(row[1]);
  }
  Poco::JSON::Array::Ptr orders =
      simtest::Json(sim_->Control("GET", "/control/orders"))->getArray("data");
  std::printf(
      "multi-node: %d redemptions answered (%d before the kill, %d client retries) in "
      "%.1f s; settled %.1f s after healing\n",
      answered_.load(), answered_at_kill, retries_.load(), submit_s, settle_s);
  std::printf("multi-node: the killed node held %lld redemption lease(s)\n", (long long)orphaned);
  std::printf("multi-node: states:");
  for (const auto& [state, n] : states) std::printf(" %s=%lld", state.c_str(), (long long)n);
  std::printf(
      "\nmulti-node: sim orders %zu, create attempts %lld, faults injected %lld, "
      "webhook attempts %lld, webhook events stored %lld (unprocessed %lld)\n",
      orders->size(), (long long)test::SimStat(*sim_, "create_attempts"),
      (long long)faults_injected, (long long)test::SimStat(*sim_, "webhook_attempts"),
      (long long)PostgresNumber(db_.connection, "SELECT COUNT(*) FROM ascenda_webhook_events"),
      (long long)PostgresNumber(
          db_.connection,
          "SELECT COUNT(*) FROM ascenda_webhook_events WHERE processed_at IS NULL"));
  std::fflush(stdout);

  // Every redemption terminal: fulfilled or refunded.
  EXPECT_EQ(Count("TRUE"), kRedemptions);
  for (const auto& row : PostgresQuery(db_.connection,
                                       "SELECT id, reference_id, state, submit_attempts, order_id, "
                                       "failure_reason FROM ascenda_redemptions WHERE " +
                                           kOpen)) {
    ADD_FAILURE() << "not terminal: " << row[0] << " ref " << row[1] << " " << row[2]
                  << " attempts " << row[3] << " order '" << row[4] << "' " << row[5];
  }
  EXPECT_GT(faults_injected, 50);
  EXPECT_GT(orphaned, 0) << "the kill hit an idle node; nothing was taken over";

  // At most one Ascenda order per reference_id, and each row agrees with it.
  std::map<std::string, std::pair<std::string, std::string>> order_by_ref;  // id, item status
  for (std::size_t i = 0; i < orders->size(); ++i) {
    Poco::JSON::Object::Ptr order = orders->getObject(i);
    const std::string ref = order->getValue<std::string>("reference_id");
    EXPECT_EQ(order_by_ref.count(ref), 0u) << "two orders for " << ref;
    order_by_ref[ref] = {order->getValue<std::string>("id"), simtest::ItemStatus(order)};
  }
  for (const auto& row : PostgresQuery(
           db_.connection,
           "SELECT reference_id, state, COALESCE(order_id, '') FROM ascenda_redemptions")) {
    auto it = order_by_ref.find(row[0]);
    if (it == order_by_ref.end()) {
      ADD_FAILURE() << row[0] << " is " << row[1] << " without an Ascenda order";
      continue;
    }
    EXPECT_EQ(row[2], it->second.first) << row[0];
    const std::string& item = it->second.second;
    if (row[1] == "fulfilled") {
      EXPECT_EQ(item, "fulfilled") << row[0];
    } else if (row[1] == "refunded") {
      EXPECT_TRUE(item == "failed" || item == "cancelled") << row[0] << " " << item;
    }
  }

  // No redemption refunded twice; refunds only for refunded rows.
  EXPECT_EQ(PostgresNumber(db_.connection,
                           "SELECT COUNT(*) FROM (SELECT 1 FROM ledger_entries WHERE "
                           "idempotency_key LIKE 'ascenda:refund:%' GROUP BY idempotency_key "
                           "HAVING COUNT(*) > 1) twice"),
            0);
  EXPECT_EQ(PostgresNumber(db_.connection,
                           "SELECT COUNT(*) FROM ledger_entries WHERE idempotency_key LIKE "
                           "'ascenda:refund:%'"),
            states["refunded"]);
  EXPECT_EQ(PostgresNumber(db_.connection,
                           "SELECT COUNT(*) FROM ascenda_redemptions r JOIN ledger_entries l "
                           "ON l.idempotency_key = 'ascenda:refund:' || r.id "
                           "WHERE r.state <> 'refunded'"),
            0);
  EXPECT_EQ(PostgresNumber(db_.connection,
                           "SELECT COUNT(*) FROM ascenda_redemptions r LEFT JOIN ledger_entries l "
                           "ON l.idempotency_key = 'ascenda:debit:' || r.id "
                           "WHERE l.entry_id IS NULL"),
            0);

  // Per member: start - debits + refunds = balance (= the ledger's sum);
  // debits - refunds = points of fulfilled redemptions.
  const auto per_member = PostgresQuery(
      db_.connection,
      "SELECT m.id, m.balance, "
      "COALESCE((SELECT SUM(delta) FROM ledger_entries l WHERE l.member_id = m.id), 0), "
      "COALESCE((SELECT -SUM(delta) FROM ledger_entries l WHERE l.member_id = m.id AND "
      "  l.idempotency_key LIKE 'ascenda:debit:%'), 0), "
      "COALESCE((SELECT SUM(delta) FROM ledger_entries l WHERE l.member_id = m.id AND "
      "  l.idempotency_key LIKE 'ascenda:refund:%'), 0), "
      "COALESCE((SELECT SUM(points) FROM ascenda_redemptions r WHERE r.member_id = m.id AND "
      "  r.state = 'fulfilled'), 0) "
      "FROM members m ORDER BY m.id");
  ASSERT_EQ(per_member.size(), static_cast<std::size_t>(kMembers));
  for (const auto& row : per_member) {
    const int m = std::stoi(row[0].substr(3));
    const std::int64_t balance = std::stoll(row[1]), ledger_sum = std::stoll(row[2]),
                       debits = std::stoll(row[3]), refunds = std::stoll(row[4]),
                       fulfilled = std::stoll(row[5]);
    EXPECT_EQ(StartingPoints(m) - debits + refunds, balance) << row[0];
    EXPECT_EQ(ledger_sum, balance) << row[0];
    EXPECT_EQ(debits - refunds, fulfilled) << row[0];
  }
}

}  // namespace
}  // namespace ascenda
