// PluginMetricsRegistry: the rewards::MetricsRegistry one plugin borrows
// (capability rewards.metrics.v1), over the host's prometheus-cpp registry.
//
// Names must start with "<plugin>_" and be valid Prometheus names, counters
// must end in "_total", help must not be empty, a name keeps its kind, help
// and label names, buckets must ascend; otherwise the call answers nullptr
// and logs once why (logger "host.metrics"). Handles are adapters owned here,
// one per series, living as long as this object. The scrape hook runs from
// HostMetrics::Scrape until Detach(), which the host calls before destroy().
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "metrics/host_metrics.h"
#include "rewards/metrics.h"

namespace loyalty {

class PluginMetricsRegistry final : public rewards::MetricsRegistry {
 public:
  // `metrics` must outlive this object.
  PluginMetricsRegistry(std::string plugin, HostMetrics& metrics);
  ~PluginMetricsRegistry();
  PluginMetricsRegistry(const PluginMetricsRegistry&) = delete;
  PluginMetricsRegistry& operator=(const PluginMetricsRegistry&) = delete;

  rewards::Counter* AddCounter(std::string_view name, std::string_view help,
                               const rewards::MetricLabels& labels) noexcept override;
  rewards::Gauge* AddGauge(std::string_view name, std::string_view help,
                           const rewards::MetricLabels& labels) noexcept override;
  rewards::Histogram* AddHistogram(std::string_view name, std::string_view help,
                                   const rewards::MetricLabels& labels,
                                   const std::vector<double>& bucket_bounds) noexcept override;
  void OnScrape(std::function<void()> hook) noexcept override;

  // Stops calling the scrape hook; waits for one under way.
  void Detach();

 private:
  enum class Kind { kCounter, kGauge, kHistogram };
  struct FamilyInfo {
    Kind kind;
    std::string help;
    std::set<std::string> label_names;
    std::vector<double> buckets;
    void* family;  // prometheus::Family<T>* of `kind`
  };
  // The family for `name`, made on first use; nullptr (logged) when refused.
  FamilyInfo* FamilyFor(Kind kind, std::string_view name, std::string_view help,
                        const rewards::MetricLabels& labels, const std::vector<double>& buckets);
  void Refuse(const std::string& name, const std::string& why);

  const std::string plugin_;
  HostMetrics& metrics_;
  std::mutex mu_;
  std::map<std::string, FamilyInfo> families_;  // guarded by mu_
  // The adapters by family name and labels; guarded by mu_.
  std::map<std::pair<std::string, rewards::MetricLabels>, std::unique_ptr<void, void (*)(void*)>>
      handles_;
  std::mutex hook_mu_;
  HostMetrics::HookId hook_id_ = 0;  // guarded by hook_mu_
};

}  // namespace loyalty
