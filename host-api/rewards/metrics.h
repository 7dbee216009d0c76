// MetricsRegistry (ABI 1.1, capability kMetricsCapability): counters, gauges
// and histograms a plugin registers and the host exposes (the sample host on
// GET /metrics, Prometheus text format).
//
// A family is a name, a help text and label names; a series is one value per
// label name. Names follow Prometheus: [a-zA-Z_:][a-zA-Z0-9_:]*, base units in
// the name (`_seconds`, `_bytes`), counters end in `_total`; a plugin's names
// start with "<plugin name>_" so they never meet the host's or another
// plugin's. Asking again for the same name and labels answers the same handle.
// nullptr — and the plugin then counts nothing there — when the host refuses
// the name, the help, the labels or the buckets (a programming error: the
// host logs it). Label values must come from a small fixed set (endpoints,
// outcomes, states): never a member, redemption or order id.
// Handles and the registry are owned by the host and valid until destroy()
// returns. Everything is thread-safe and cheap enough for hot paths.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace rewards {

inline constexpr std::string_view kMetricsCapability = "rewards.metrics.v1";

using MetricLabels = std::map<std::string, std::string>;

class Counter {
 public:
  // REQUIRES: amount >= 0.
  virtual void Increment(double amount = 1.0) noexcept = 0;

 protected:
  ~Counter() = default;
};

class Gauge {
 public:
  virtual void Set(double value) noexcept = 0;
  virtual void Add(double amount) noexcept = 0;

 protected:
  ~Gauge() = default;
};

class Histogram {
 public:
  virtual void Observe(double value) noexcept = 0;

 protected:
  ~Histogram() = default;
};

class MetricsRegistry {
 public:
  virtual Counter* AddCounter(std::string_view name, std::string_view help,
                              const MetricLabels& labels) noexcept = 0;
  virtual Gauge* AddGauge(std::string_view name, std::string_view help,
                          const MetricLabels& labels) noexcept = 0;
  // `bucket_bounds`: the upper bounds, ascending (+Inf is implied).
  virtual Histogram* AddHistogram(std::string_view name, std::string_view help,
                                  const MetricLabels& labels,
                                  const std::vector<double>& bucket_bounds) noexcept = 0;
  // `hook` runs before each scrape, on the scraping thread, e.g. to set gauges
  // read cheaply from the database; it must be quick and not throw. A second
  // call replaces the hook; an empty function removes it. The host stops
  // calling it before destroy().
  virtual void OnScrape(std::function<void()> hook) noexcept = 0;

 protected:
  ~MetricsRegistry() = default;
};

}  // namespace rewards
