#include "metrics/plugin_metrics_registry.h"

#include <Poco/Logger.h>
#include <prometheus/check_names.h>

#include <algorithm>

namespace loyalty {

namespace {

class CounterAdapter final : public rewards::Counter {
 public:
  explicit CounterAdapter(prometheus::Counter& c) : c_(c) {}
  void Increment(double amount) noexcept override {
    if (amount >= 0) c_.Increment(amount);
  }

 private:
  prometheus::Counter& c_;
};

class GaugeAdapter final : public rewards::Gauge {
 public:
  explicit GaugeAdapter(prometheus::Gauge& g) : g_(g) {}
  void Set(double value) noexcept override { g_.Set(value); }
  void Add(double amount) noexcept override { g_.Increment(amount); }

 private:
  prometheus::Gauge& g_;
};

class HistogramAdapter final : public rewards::Histogram {
 public:
  explicit HistogramAdapter(prometheus::Histogram& h) : h_(h) {}
  void Observe(double value) noexcept override { h_.Observe(value); }

 private:
  prometheus::Histogram& h_;
};

template <typename T>
void DeleteAs(void* p) {
  delete static_cast<T*>(p);
}

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::set<std::string> LabelNames(const rewards::MetricLabels& labels) {
  std::set<std::string> out;
  for (const auto& [name, value] : labels) out.insert(name);
  return out;
}

}  // namespace

PluginMetricsRegistry::PluginMetricsRegistry(std::string plugin, HostMetrics& metrics)
    : plugin_(std::move(plugin)), metrics_(metrics) {}

PluginMetricsRegistry::~PluginMetricsRegistry() { Detach(); }

void PluginMetricsRegistry::Refuse(const std::string& name, const std::string& why) {
  Poco::Logger::get("host.metrics")
      .error("metric " + name + " of plugin " + plugin_ + " refused: " + why);
}

PluginMetricsRegistry::FamilyInfo* PluginMetricsRegistry::FamilyFor(
    Kind kind, std::string_view name_view, std::string_view help_view,
    const rewards::MetricLabels& labels, const std::vector<double>& buckets) {
  const std::string name(name_view);
  const std::string help(help_view);
  auto known = families_.find(name);
  if (known != families_.end()) {
    FamilyInfo& f = known->second;
    if (f.kind != kind || f.help != help || f.label_names != LabelNames(labels) ||
        f.buckets != buckets) {
      Refuse(name, "registered before with another kind, help, label names or buckets");
      return nullptr;
    }
    return &f;
  }
  if (name.rfind(plugin_ + "_", 0) != 0) {
    Refuse(name, "a plugin's metric names start with \"" + plugin_ + "_\"");
    return nullptr;
  }
  if (!prometheus::CheckMetricName(name) || help.empty()) {
    Refuse(name, "not a valid Prometheus name, or no help text");
    return nullptr;
  }
  if ((kind == Kind::kCounter) != EndsWith(name, "_total")) {
    Refuse(name, "counters, and only counters, end in _total");
    return nullptr;
  }
  for (const auto& [label, value] : labels) {
    if (!prometheus::CheckLabelName(label)) {
      Refuse(name, "invalid label name " + label);
      return nullptr;
    }
  }
  if (kind == Kind::kHistogram &&
      (buckets.empty() || !std::is_sorted(buckets.begin(), buckets.end()) ||
       std::adjacent_find(buckets.begin(), buckets.end()) != buckets.end())) {
    Refuse(name, "buckets must be given in ascending order");
    return nullptr;
  }
  FamilyInfo f{kind, help, LabelNames(labels), buckets, nullptr};
  try {
    auto& r = metrics_.registry();
    switch (kind) {
      case Kind::kCounter:
        f.family = &prometheus::BuildCounter().Name(name).Help(help).Register(r);
        break;
      case Kind::kGauge:
        f.family = &prometheus::BuildGauge().Name(name).Help(help).Register(r);
        break;
      case Kind::kHistogram:
        f.family = &prometheus::BuildHistogram().Name(name).Help(help).Register(r);
        break;
    }
  } catch (const std::exception& e) {
    Refuse(name, e.what());  // e.g. taken by another plugin or the host
    return nullptr;
  }
  return &families_.emplace(name, std::move(f)).first->second;
}

rewards::Counter* PluginMetricsRegistry::AddCounter(std::string_view name, std::string_view help,
                                                    const rewards::MetricLabels& labels) noexcept {
  try {
    std::lock_guard<std::mutex> lock(mu_);
    FamilyInfo* f = FamilyFor(Kind::kCounter, name, help, labels, {});
    if (f == nullptr) return nullptr;
    auto key = std::make_pair(std::string(name), labels);
    auto it = handles_.find(key);
    if (it == handles_.end()) {
      auto& c = static_cast<prometheus::Family<prometheus::Counter>*>(f->family)->Add(labels);
      it = handles_
               .emplace(key, std::unique_ptr<void, void (*)(void*)>(new CounterAdapter(c),
                                                                    &DeleteAs<CounterAdapter>))
               .first;
    }
    return static_cast<CounterAdapter*>(it->second.get());
  } catch (const std::exception& e) {
    Refuse(std::string(name), e.what());
    return nullptr;
  }
}

rewards::Gauge* PluginMetricsRegistry::AddGauge(std::string_view name, std::string_view help,
                                                const rewards::MetricLabels& labels) noexcept {
  try {
    std::lock_guard<std::mutex> lock(mu_);
    FamilyInfo* f = FamilyFor(Kind::kGauge, name, help, labels, {});
    if (f == nullptr) return nullptr;
    auto key = std::make_pair(std::string(name), labels);
    auto it = handles_.find(key);
    if (it == handles_.end()) {
      auto& g = static_cast<prometheus::Family<prometheus::Gauge>*>(f->family)->Add(labels);
      it = handles_
               .emplace(key, std::unique_ptr<void, void (*)(void*)>(new GaugeAdapter(g),
                                                                    &DeleteAs<GaugeAdapter>))
               .first;
    }
    return static_cast<GaugeAdapter*>(it->second.get());
  } catch (const std::exception& e) {
    Refuse(std::string(name), e.what());
    return nullptr;
  }
}

rewards::Histogram* PluginMetricsRegistry::AddHistogram(
    std::string_view name, std::string_view help, const rewards::MetricLabels& labels,
    const std::vector<double>& bucket_bounds) noexcept {
  try {
    std::lock_guard<std::mutex> lock(mu_);
    FamilyInfo* f = FamilyFor(Kind::kHistogram, name, help, labels, bucket_bounds);
    if (f == nullptr) return nullptr;
    auto key = std::make_pair(std::string(name), labels);
    auto it = handles_.find(key);
    if (it == handles_.end()) {
      auto& h = static_cast<prometheus::Family<prometheus::Histogram>*>(f->family)->Add(
          labels, bucket_bounds);
      it = handles_
               .emplace(key, std::unique_ptr<void, void (*)(void*)>(new HistogramAdapter(h),
                                                                    &DeleteAs<HistogramAdapter>))
               .first;
    }
    return static_cast<HistogramAdapter*>(it->second.get());
  } catch (const std::exception& e) {
    Refuse(std::string(name), e.what());
    return nullptr;
  }
}

void PluginMetricsRegistry::OnScrape(std::function<void()> hook) noexcept {
  try {
    std::lock_guard<std::mutex> lock(hook_mu_);
    if (hook_id_ != 0) metrics_.RemoveScrapeHook(hook_id_);
    hook_id_ = 0;
    if (hook) hook_id_ = metrics_.AddScrapeHook(std::move(hook));
  } catch (...) {
    // No hook then; the plugin's scraped gauges keep their last values.
  }
}

void PluginMetricsRegistry::Detach() {
  std::lock_guard<std::mutex> lock(hook_mu_);
  if (hook_id_ != 0) metrics_.RemoveScrapeHook(hook_id_);
  hook_id_ = 0;
}

}  // namespace loyalty
