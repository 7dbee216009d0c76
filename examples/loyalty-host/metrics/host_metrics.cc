#include "metrics/host_metrics.h"

#include <prometheus/text_serializer.h>

#include <sstream>
#include <vector>

#include "rewards/plugin_entry.h"

namespace loyalty {

namespace {

// Request latencies: 5 ms .. 10 s.
const prometheus::Histogram::BucketBoundaries kRequestBuckets = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

}  // namespace

std::string StatusClass(int status) {
  if (status < 100 || status > 599) return "other";
  return std::to_string(status / 100) + "xx";
}

HostMetrics::HostMetrics(const std::string& version)
    : registry_(std::make_shared<prometheus::Registry>()) {
  auto& r = *registry_;
  requests_ = &prometheus::BuildCounter()
                   .Name("loyalty_host_http_requests_total")
                   .Help("HTTP requests answered, by method, route template and status class.")
                   .Register(r);
  request_seconds_ = &prometheus::BuildHistogram()
                          .Name("loyalty_host_http_request_duration_seconds")
                          .Help("Time to answer an HTTP request, by method and route template.")
                          .Register(r);
  transactions_ = &prometheus::BuildCounter()
                       .Name("loyalty_host_db_transactions_total")
                       .Help("Database transactions ended (after retries), by result.")
                       .Register(r);
  retries_ = &prometheus::BuildCounter()
                  .Name("loyalty_host_db_transaction_retries_total")
                  .Help("Database transaction attempts run again, by cause.")
                  .Register(r);
  pool_waits_ = &prometheus::BuildCounter()
                     .Name("loyalty_host_db_pool_waits_total")
                     .Help("Times a caller found every pooled database session in use and waited.")
                     .Register(r)
                     .Add({});
  pool_exhausted_ = &prometheus::BuildCounter()
                         .Name("loyalty_host_db_pool_exhausted_total")
                         .Help("Times no database session came free within the wait.")
                         .Register(r)
                         .Add({});
  plugins_ = &prometheus::BuildGauge()
                  .Name("loyalty_host_plugins")
                  .Help("Plugins by state: healthy, degraded, unhealthy, refused.")
                  .Register(r);
  for (const char* state : {"healthy", "degraded", "unhealthy", "refused"}) {
    plugins_->Add({{"state", state}});
  }
  ready_ = &prometheus::BuildGauge()
                .Name("loyalty_host_ready")
                .Help("1 when GET /readyz answers 200 (database, plugin, catalogue), else 0.")
                .Register(r)
                .Add({});
  prometheus::BuildGauge()
      .Name("loyalty_host_build_info")
      .Help("Always 1; the labels name the host version and the host-api ABI.")
      .Register(r)
      .Add({{"version", version},
            {"abi", std::to_string(rewards::kAbiMajor) + "." + std::to_string(rewards::kAbiMinor)}})
      .Set(1);
}

void HostMetrics::ObserveRequest(const std::string& method, const std::string& route, int status,
                                 double seconds) {
  requests_->Add({{"method", method}, {"route", route}, {"status_class", StatusClass(status)}})
      .Increment();
  request_seconds_->Add({{"method", method}, {"route", route}}, kRequestBuckets).Observe(seconds);
}

void HostMetrics::TransactionEnded(bool committed) {
  transactions_->Add({{"result", committed ? "committed" : "failed"}}).Increment();
}

void HostMetrics::TransactionRetried(const std::string& cause) {
  retries_->Add({{"cause", cause.empty() ? "other" : cause}}).Increment();
}

void HostMetrics::PoolWaited() { pool_waits_->Increment(); }
void HostMetrics::PoolExhausted() { pool_exhausted_->Increment(); }

HostMetrics::HookId HostMetrics::AddScrapeHook(std::function<void()> hook) {
  std::lock_guard<std::mutex> lock(hooks_mu_);
  const HookId id = next_hook_++;
  hooks_.emplace(id, std::move(hook));
  return id;
}

void HostMetrics::RemoveScrapeHook(HookId id) {
  std::lock_guard<std::mutex> lock(hooks_mu_);
  hooks_.erase(id);
}

std::string HostMetrics::Scrape() {
  {
    // Held while the hooks run, so RemoveScrapeHook waits for a hook under way.
    std::lock_guard<std::mutex> lock(hooks_mu_);
    for (auto& [id, hook] : hooks_) {
      try {
        hook();
      } catch (...) {
        // A failing hook leaves its gauges as they were.
      }
    }
  }
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry_->Collect());
  return out.str();
}

}  // namespace loyalty
