// chaos: the whole system under every fault at once (scripts/chaos, docs/RELIABILITY.md).
//
//   chaos [--redemptions=N] [--nodes=K] [--kills=M] [--db=sqlite|postgresql]
//         [--clients=C] [--seed=S]
//
// K real loyalty-host nodes (SQLite: one) with the real plugin on one
// database, the real ascenda-sim behind the TCP fault proxy. During the run:
//   - the simulator's rate faults on create, order lookup and order GET:
//     timeouts after commit, drops before and after commit, 500/503 with and
//     without commit, 429, slow answers, lookups that ignore the reference_id
//     filter; orders visible to lookups only 800 ms after their commit;
//   - webhooks 30 % duplicated, 30 % reordered, 10 % never sent, every
//     attempt to a random node;
//   - the proxy: a changing share of connections reset mid-answer, half-open,
//     stalled or trickled, every connection cut now and then, one refusal;
//   - M times, a random node killed with SIGKILL at a random moment and
//     restarted;
//   - PostgreSQL: the database server crashes (immediate stop) once in the
//     middle and comes back 3 s later (PG_CLUSTER_DIR, scripts/lib/pg-cluster.sh).
// C clients redeem N times, each with its own idempotency key, moving to
// another node (or retrying) while one does not answer. Then everything
// heals and the run waits until no redemption is open, counts
// (chaos_counts.h) and prints as its last line
//   chaos: redemptions=N nodes=K kills=M orders=O duplicate_orders=0
//          lost_points=0 double_refunds=0 open_after_heal=0 needs_attention=A
// Exit 0 only when those four figures are 0 and every redemption was taken.
#include <Poco/JSON/Object.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "chaos/chaos_counts.h"
#include "simulator/sim_harness.h"
#include "support/end_to_end_host.h"
#include "support/fault_proxy.h"
#include "support/pg_cluster.h"
#include "support/temp_dir.h"
#include "support/wait_until.h"

namespace chaos {
namespace {

using Clock = std::chrono::steady_clock;
using testsupport::FaultProxy;
using testsupport::FaultSpec;
using testsupport::HttpReply;
using testsupport::ProxyFault;

constexpr std::int64_t kStartPoints = 50'000'000;
constexpr int kMembers = 60;
constexpr char kFaultRates[] =
    R"({"rates":{"timeout_after_commit":0.04,"close_before_commit":0.02,)"
    R"("close_after_commit":0.03,"status_500":0.02,"status_503":0.02,"status_429":0.02,)"
    R"("delay":0.02,"ignore_filter":0.03}})";

struct Denomination {
  const char* value;
  std::int64_t points;
};
constexpr Denomination kDenominations[] = {
    {"10.00", 1000}, {"25.00", 2500}, {"50.00", 5000}, {"100.00", 10000}};

struct Options {
  int redemptions = 10000;
  int nodes = 2;
  int kills = 10;
  std::string db = "postgresql";
  int clients = 8;
  unsigned seed = 0;
};

bool ParseOptions(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const std::size_t eq = arg.find('=');
    const std::string key = arg.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : arg.substr(eq + 1);
    try {
      if (key == "--redemptions") {
        o.redemptions = std::stoi(value);
      } else if (key == "--nodes") {
        o.nodes = std::stoi(value);
      } else if (key == "--kills") {
        o.kills = std::stoi(value);
      } else if (key == "--clients") {
        o.clients = std::stoi(value);
      } else if (key == "--seed") {
        o.seed = static_cast<unsigned>(std::stoul(value));
      } else if (key == "--db" && (value == "sqlite" || value == "postgresql")) {
        o.db = value;
      } else {
        return false;
      }
    } catch (const std::exception&) {
      return false;
    }
  }
  if (o.db == "sqlite") o.nodes = 1;  // one file, one host
  return o.redemptions > 0 && o.nodes > 0 && o.kills >= 0 && o.clients > 0;
}

std::string MemberId(int member) { return "ch-" + std::to_string(member); }

void Say(const std::string& line) {
  std::fprintf(stderr, "chaos: %s\n", line.c_str());
  std::fflush(stderr);
}

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

class Run {
 public:
  explicit Run(Options o) : o_(std::move(o)), rng_(o_.seed) {}

  int Main() {
    const auto started = Clock::now();
    SetUp();
    Say("set up in " + std::to_string(Since(started)) + " s; redeeming");
    const auto submit_from = Clock::now();
    std::vector<std::thread> threads;
    threads.reserve(static_cast<std::size_t>(o_.clients));
    for (int i = 0; i < o_.clients; ++i) threads.emplace_back([this, i] { Client(i); });
    std::thread killer([this] { Killer(); });
    std::thread proxy([this] { ProxyChurn(); });
    std::thread database([this] { DatabaseRestart(); });
    std::thread progress([this] { Progress(); });
    for (std::thread& t : threads) t.join();
    submitting_ = false;
    killer.join();
    proxy.join();
    database.join();
    progress.join();
    Say("all answered in " + std::to_string(Since(submit_from)) + " s; " +
        std::to_string(retries_.load()) + " client retries; healing");

    Heal();
    const auto healed = Clock::now();
    const auto bound = healed + std::chrono::seconds(120 + o_.redemptions / 20);
    testsupport::WaitUntil([&] { return OpenRedemptions(Db()) == 0; }, bound,
                           std::chrono::milliseconds(1000));
    Say("settled " + std::to_string(Since(healed)) + " s after the heal; total " +
        std::to_string(Since(started)) + " s");

    Figures f = Count(Db(), *sim_, kStartPoints);
    for (const auto& [state, n] : States()) Say("state " + state + ": " + n);
    Say("sim: create attempts " + Stat("create_attempts") + ", faults injected " +
        Stat("faults_injected") + ", webhook attempts " + Stat("webhook_attempts") +
        ", webhook events never sent " + Stat("webhook_events_dropped"));
    Say("proxy: " + std::to_string(proxy_->accepted()) + " connections");
    for (const std::string& e : f.examples) Say(e);
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (std::size_t i = 0; i < failures_.size() && i < 10; ++i)
        Say("not taken: " + failures_[i]);
    }
    const bool all_taken =
        failures_.empty() && f.redemptions == o_.redemptions && f.orphan_orders == 0;
    if (!all_taken) {
      Say(std::to_string(failures_.size()) + " redemptions not taken; " +
          std::to_string(f.redemptions) + " rows for " + std::to_string(o_.redemptions) + "; " +
          std::to_string(f.orphan_orders) + " orders without a redemption");
    }
    std::printf(
        "chaos: redemptions=%d nodes=%d kills=%d orders=%lld duplicate_orders=%lld "
        "lost_points=%lld double_refunds=%lld open_after_heal=%lld needs_attention=%lld\n",
        o_.redemptions, o_.nodes, kills_done_.load(), static_cast<long long>(f.orders),
        static_cast<long long>(f.duplicate_orders), static_cast<long long>(f.lost_points),
        static_cast<long long>(f.double_refunds), static_cast<long long>(f.open_after_heal),
        static_cast<long long>(f.needs_attention));
    std::fflush(stdout);
    const bool clean = f.duplicate_orders == 0 && f.lost_points == 0 && f.double_refunds == 0 &&
                       f.open_after_heal == 0;
    return clean && all_taken ? 0 : 1;
  }

 private:
  const testsupport::HostDb& Db() const { return nodes_.front()->db(); }

  std::string Stat(const std::string& name) {
    return std::to_string(
        simtest::Json(sim_->Control("GET", "/control/stats"))->getValue<std::int64_t>(name));
  }

  std::vector<std::pair<std::string, std::string>> States() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& row : testsupport::HostDbRows(
             Db(), "SELECT state, COUNT(*) FROM ascenda_redemptions GROUP BY state")) {
      out.emplace_back(row[0], row[1]);
    }
    return out;
  }

  void SetUp() {
    sim_ = simtest::SimHarness::Start(
        {{"sim.lifecycle.pending_ms", "300"},
         {"sim.lifecycle.processing_ms", "300"},
         {"sim.outcome.rate.failed", "0.08"},
         {"sim.outcome.rate.cancelled", "0.04"},
         {"sim.faults.ops", "create,list_orders,get_order"},
         {"sim.faults.delay_ms", "1500"},
         {"sim.faults.status_commit_rate", "0.5"},
         {"sim.orders.visibility_delay_ms", "800"},
         {"sim.http.max_threads", "256"},
         {"sim.seed", std::to_string(o_.seed % 2147483646U + 1)},  // an int, not 0
         {"sim.webhook.enabled", "true"},
         {"sim.webhook.secret", testsupport::kSimWebhookSecret},
         {"sim.webhook.backoff_ms", "200"},
         {"sim.webhook.threads", "4"},
         {"sim.webhook.rate.duplicate", "0.3"},
         {"sim.webhook.rate.reorder", "0.3"},
         {"sim.webhook.rate.drop", "0.1"},
         {"sim.webhook.reorder_delay_ms", "800"}});
    proxy_ = std::make_unique<FaultProxy>(
        static_cast<std::uint16_t>(std::stoi(testsupport::SimPort(*sim_))));
    testsupport::EndToEndOptions options;
    if (o_.db == "postgresql") {
      const char* dir = std::getenv("PG_CLUSTER_DIR");
      if (dir == nullptr || *dir == '\0') {
        throw std::runtime_error(
            "PG_CLUSTER_DIR is not set: run through scripts/chaos, which starts a PostgreSQL "
            "cluster of its own (the run restarts it)");
      }
      cluster_ = testsupport::PgCluster::Attach(dir);
      options.db = testsupport::HostDb{"postgresql", cluster_->FreshDatabase()};
    } else {
      options.db = testsupport::HostDb{"sqlite", ""};
    }
    options.settings = {
        {"ascenda.submit.max_attempts", "8"},
        {"ascenda.base_url", "https://127.0.0.1:" + std::to_string(proxy_->port())}};
    options.host["secrets.key_file"] = keys_.File("secrets.key");  // one master key for all
    options.host["http.threads"] = "32";
    for (int i = 0; i < o_.nodes; ++i) {
      nodes_.push_back(std::make_unique<testsupport::EndToEndHost>(*sim_, options));
      if (o_.db == "postgresql") options.db = nodes_.front()->db();  // the same database
    }
    for (auto& node : nodes_) node->StartProcess();  // migrations race: advisory lock
    for (auto& node : nodes_) node->WaitReady();
    std::string targets;
    for (auto& node : nodes_) {
      targets += (targets.empty() ? "" : ",") + node->Url("/webhooks/ascenda");
    }
    Control("/control/webhook-target",
            R"({"url":")" + targets + R"(","secret":")" + testsupport::kSimWebhookSecret + R"("})");
    for (int m = 0; m < kMembers; ++m) {
      nodes_[m % nodes_.size()]->CreateMember(MemberId(m), kStartPoints);
    }
    Control("/control/fault-rates", kFaultRates);
  }

  void Control(const std::string& path, const std::string& body) {
    HttpReply r = sim_->Control("POST", path, body);
    if (r.status != 200) throw std::runtime_error(path + " refused: " + r.body);
  }

  void Heal() {
    Control("/control/fault-rates", R"({"rates":{}})");
    Control("/control/webhook-rates", "{}");
    Control("/control/visibility", R"({"delay_ms":0})");
    proxy_->SetRate(FaultSpec{}, 0);
    proxy_->Listen();
    for (auto& node : nodes_) {
      if (!node->running()) Restart(*node);
    }
  }

  // Redemption `k`: its own idempotency key, on a random node, moving on
  // while a node does not answer (killed, restarting, its database away).
  void RedeemOne(int k, std::mt19937& rng) {
    const int member = k % kMembers;
    const Denomination& d = kDenominations[rng() % 4];
    const std::string key = "chaos-" + std::to_string(k);
    std::size_t node = rng() % nodes_.size();
    const auto deadline = Clock::now() + std::chrono::minutes(5);
    std::string last;
    while (Clock::now() < deadline) {
      HttpReply r =
          nodes_[node]->Redeem(MemberId(member), simtest::kUsdCard, d.value, "USD", d.points, key);
      if (r.status == 200 || r.status == 201) {
        ++answered_;
        return;
      }
      last = std::to_string(r.status) + " " + r.body + r.error;
      // No answer, 5xx, or 401 (the sign-in failed while the node was down:
      // the next call signs in again). Anything else is a refusal: a defect.
      if (r.status != 0 && r.status < 500 && r.status != 401) break;
      ++retries_;
      node = (node + 1) % nodes_.size();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::lock_guard<std::mutex> lock(mu_);
    failures_.push_back(key + ": " + last);
  }

  void Client(int index) {
    std::mt19937 rng(o_.seed * 31 + static_cast<unsigned>(index) * 7919 + 17);
    for (int k = next_.fetch_add(1); k < o_.redemptions; k = next_.fetch_add(1)) RedeemOne(k, rng);
  }

  void Restart(testsupport::EndToEndHost& node) {
    const auto deadline = Clock::now() + std::chrono::minutes(2);
    while (true) {
      try {
        node.Start();
        return;
      } catch (const std::exception& e) {
        node.Kill();
        if (Clock::now() > deadline) throw;
        Say(std::string("a node did not come back yet: ") + e.what());
        std::this_thread::sleep_for(std::chrono::seconds(1));
      }
    }
  }

  int Random(int from, int to) {
    std::lock_guard<std::mutex> lock(mu_);
    return std::uniform_int_distribution<int>(from, to)(rng_);
  }

  // Kill i comes once (i+1)/(M+1) of the redemptions were answered, a random
  // moment later; the node is chosen at random and down 0.3–2 s.
  void Killer() {
    for (int i = 0; i < o_.kills; ++i) {
      const int threshold =
          static_cast<int>(static_cast<std::int64_t>(o_.redemptions) * (i + 1) / (o_.kills + 1));
      testsupport::WaitUntil([&] { return answered_.load() >= threshold || !submitting_; },
                             Clock::time_point::max(), std::chrono::milliseconds(20));
      std::this_thread::sleep_for(std::chrono::milliseconds(Random(0, 500)));
      auto& node = *nodes_[static_cast<std::size_t>(Random(0, o_.nodes - 1))];
      node.Kill();
      ++kills_done_;
      Say("killed a node (" + std::to_string(kills_done_.load()) + "/" + std::to_string(o_.kills) +
          ") at " + std::to_string(answered_.load()) + " answered");
      std::this_thread::sleep_for(std::chrono::milliseconds(Random(300, 2000)));
      Restart(node);
    }
  }

  // The proxy's share of bad connections changes every 2 s; every 3 s every
  // open connection is cut (pooled keep-alive connections go stale and new
  // ones meet the faults); once, at a third of the run, it refuses for 2 s.
  void ProxyChurn() {
    bool refused = false;
    for (int tick = 0; submitting_; ++tick) {
      FaultSpec spec;
      switch (Random(0, 3)) {
        case 0:
          spec.fault = ProxyFault::kReset;
          spec.after_bytes = static_cast<std::size_t>(Random(0, 8000));
          break;
        case 1:
          spec.fault = ProxyFault::kHalfOpen;
          spec.after_bytes = static_cast<std::size_t>(Random(0, 8000));
          break;
        case 2:
          spec.fault = ProxyFault::kStall;
          break;
        default:
          spec.fault = ProxyFault::kTrickle;
          spec.interval = std::chrono::milliseconds(20);
          break;
      }
      proxy_->SetRate(spec, 0.05, o_.seed + static_cast<unsigned>(tick));
      if (tick % 3 == 2) proxy_->CloseAll();
      if (!refused && answered_.load() >= o_.redemptions / 3) {
        refused = true;
        proxy_->Refuse();
        std::this_thread::sleep_for(std::chrono::seconds(2));
        proxy_->Listen();
        Say("the proxy refused connections for 2 s");
      }
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }

  void DatabaseRestart() {
    if (!cluster_) return;
    testsupport::WaitUntil([&] { return answered_.load() >= o_.redemptions / 2 || !submitting_; },
                           Clock::time_point::max(), std::chrono::milliseconds(20));
    Say("PostgreSQL crashes (immediate stop) at " + std::to_string(answered_.load()) +
        " answered, back in 3 s");
    cluster_->Restart(3);
    Say("PostgreSQL is back");
  }

  void Progress() {
    while (submitting_) {
      for (int i = 0; i < 100 && submitting_; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      Say(std::to_string(answered_.load()) + "/" + std::to_string(o_.redemptions) + " answered, " +
          std::to_string(retries_.load()) + " retries");
    }
  }

  Options o_;
  std::mutex mu_;
  std::mt19937 rng_;  // guarded by mu_
  std::unique_ptr<simtest::SimHarness> sim_;
  std::unique_ptr<FaultProxy> proxy_;
  std::unique_ptr<testsupport::PgCluster> cluster_;
  testsupport::TempDir keys_;
  std::vector<std::unique_ptr<testsupport::EndToEndHost>> nodes_;
  std::atomic<bool> submitting_{true};
  std::atomic<int> next_{0};
  std::atomic<int> answered_{0};
  std::atomic<int> retries_{0};
  std::atomic<int> kills_done_{0};
  std::vector<std::string> failures_;  // guarded by mu_
};

}  // namespace
}  // namespace chaos

int main(int argc, char** argv) {
  chaos::Options options;
  if (!chaos::ParseOptions(argc, argv, options)) {
    std::fprintf(stderr,
                 "usage: chaos [--redemptions=N] [--nodes=K] [--kills=M] "
                 "[--db=sqlite|postgresql] [--clients=C] [--seed=S]\n");
    return 2;
  }
  if (options.seed == 0) options.seed = std::random_device{}();
  chaos::Say("seed " + std::to_string(options.seed));
  try {
    return chaos::Run(options).Main();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "chaos: failed: %s\n", e.what());
    return 3;
  }
}
