// HostMetrics: the host's Prometheus registry (prometheus-cpp core) — the
// host's own metrics and every plugin's (plugin_metrics_registry.h) — and its
// rendering in the Prometheus text format 0.0.4 for GET /metrics.
//
// Host metrics (all prefixed loyalty_host_):
//   http_requests_total{method,route,status_class}, http_request_duration_seconds{method,route}
//     — `route` is the matched route's template (/api/members/{id}) or
//     "unmatched", never the raw path;
//   db_transactions_total{result=committed|failed}, db_transaction_retries_total{cause},
//   db_pool_waits_total, db_pool_exhausted_total;
//   plugins{state=healthy|degraded|unhealthy|refused}, ready (0/1), build_info{version,abi}.
// Scrape(): runs the scrape hooks (plugins' gauges, the host's plugin and
// readiness gauges) and serializes. Thread-safe: handles are prometheus-cpp's
// (atomic); Scrape may run on several threads at once.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace loyalty {

class HostMetrics {
 public:
  using HookId = std::uint64_t;

  explicit HostMetrics(const std::string& version);
  HostMetrics(const HostMetrics&) = delete;
  HostMetrics& operator=(const HostMetrics&) = delete;

  prometheus::Registry& registry() { return *registry_; }

  // One HTTP request answered: `route` is the template or "unmatched".
  void ObserveRequest(const std::string& method, const std::string& route, int status,
                      double seconds);
  void TransactionEnded(bool committed);
  void TransactionRetried(const std::string& cause);
  void PoolWaited();
  void PoolExhausted();
  prometheus::Family<prometheus::Gauge>& plugins_by_state() { return *plugins_; }
  prometheus::Gauge& ready() { return *ready_; }

  // `hook` runs at the start of every Scrape() until removed.
  HookId AddScrapeHook(std::function<void()> hook);
  void RemoveScrapeHook(HookId id);
  // The text format 0.0.4.
  std::string Scrape();

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* requests_;
  prometheus::Family<prometheus::Histogram>* request_seconds_;
  prometheus::Family<prometheus::Counter>* transactions_;
  prometheus::Family<prometheus::Counter>* retries_;
  prometheus::Counter* pool_waits_;
  prometheus::Counter* pool_exhausted_;
  prometheus::Family<prometheus::Gauge>* plugins_;
  prometheus::Gauge* ready_;
  std::mutex hooks_mu_;
  HookId next_hook_ = 1;
  std::map<HookId, std::function<void()>> hooks_;  // guarded by hooks_mu_
};

// "2xx", "4xx", …
std::string StatusClass(int status);

}  // namespace loyalty
