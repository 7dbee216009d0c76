// CatalogueSync: keeps the CatalogueCache filled with a fresh, fully priced
// snapshot of Ascenda's gift card catalogue.
//
// Refresh() walks every page of GET /gift_cards at page_size 100: page 1
// first (it says how many pages there are), then the rest with at most
// `max_in_flight` requests at once. The cards of all pages are built into an
// immutable CatalogueSnapshot (priced with the current PricingTable, stamped
// with the time the walk began, so a snapshot is never younger than its
// data) and published into the cache, which readers query without ever
// waiting for a refresh.
//
// Failures: a page that fails with a retryable or indeterminate status is
// asked again (reads are safe to repeat), up to `page_attempts` times; a 429
// waits Retry-After (at most `max_retry_after`, through `sleep`) and asks
// again, up to `max_rate_limit_waits` times. Anything else fails the whole
// refresh: the current snapshot stays (the cache serves it only until it is
// a TTL old, then answers catalogue_unavailable), the error is kept for
// health and logged, and Tick() waits a growing back-off (5 s doubling up to
// 60 s, or Retry-After if longer) before trying again.
//
// One refresh at a time: a caller that finds one under way returns OK at
// once (that refresh publishes). Tick() is the periodic entry the provider's
// scheduler task calls: it refreshes when the cache says a refresh is due
// (80% of the TTL), or when a new client was set since the last good refresh.
//
// Pricing: SetPricing re-builds the last fetched catalogue with the new
// prices at once and publishes it with its original fetch time (a price
// change does not make old data look new). A currency whose cards are
// hidden (no cost-per-point) is logged once per distinct set.
//
// A worker thread that cannot start leaves its pages to the others; an
// exception inside a refresh becomes its error status (never the process's
// end).
//
// Warm start (SetStore): after every good refresh the fetched cards and the
// snapshot built from them are saved in the CatalogueStore (replacing the
// last ones). WarmStart(), called once when the provider starts, publishes
// the stored catalogue, stamped with its original fetch time (so the cache
// serves it only for what is left of its TTL), when it is younger than the
// TTL by the wall clock; older ones (or ones from the future) are never
// served. The stored built snapshot is served as it is (read and restored,
// nothing rendered or sorted: CatalogueSnapshot::Restore) when it was priced
// with the pricing in force (PricingTable::fingerprint); otherwise — other
// settings since, or a built form this build cannot read or none — the
// stored records are priced again with the current settings and built, as a
// refresh does, so stale prices are never served. (The rebuilt snapshot is
// stored with the next refresh.) The refresh that follows replaces it as
// usual.
// Memory: once the last walk's records are stored, the sync frees its own
// copy of them; a pricing change reads them back from the store (and, should
// that fail, asks for a refresh, which brings the new prices).
//
// Thread-safe. `cache`, `clock` and `logger` are borrowed and must outlive
// the sync. Stop() before destruction ends waits early; a Refresh() running
// at that moment returns kUnavailable "stopping" after its current requests.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "ascenda/catalogue/catalogue_cache.h"
#include "ascenda/catalogue/catalogue_store.h"
#include "ascenda/client/ascenda_client.h"
#include "ascenda/pricing/pricing_table.h"
#include "ascenda/wire/gift_card_json.h"
#include "rewards/clock.h"
#include "rewards/logger.h"
#include "rewards/status.h"

namespace ascenda {

class PluginMetrics;  // ascenda/metrics/plugin_metrics.h

class CatalogueSync {
 public:
  // Metrics to count into (null: none); borrowed, set before use.
  void SetMetrics(const PluginMetrics* metrics) { metrics_ = metrics; }
  struct Options {
    int page_size = 100;
    int max_in_flight = 4;
    int page_attempts = 2;
    int max_rate_limit_waits = 3;
    std::chrono::milliseconds max_retry_after{30000};
    std::chrono::seconds first_backoff{5};
    std::chrono::seconds max_backoff{60};
    // How a 429 waits (real time). Empty: a sleep that Stop() cuts short.
    std::function<void(std::chrono::milliseconds)> sleep;
  };

  struct State {
    bool configured = false;     // a client is set
    std::int64_t refreshes = 0;  // published refreshes
    std::int64_t consecutive_failures = 0;
    rewards::Status last_error;                          // OK after a good refresh
    std::chrono::system_clock::time_point last_success;  // epoch = never
    std::size_t cards = 0;                               // cards fetched by the last good refresh
  };

  CatalogueSync(CatalogueCache& cache, const rewards::Clock& clock, rewards::Logger& logger,
                Options options);
  CatalogueSync(CatalogueCache& cache, const rewards::Clock& clock, rewards::Logger& logger)
      : CatalogueSync(cache, clock, logger, Options()) {}
  ~CatalogueSync();
  CatalogueSync(const CatalogueSync&) = delete;
  CatalogueSync& operator=(const CatalogueSync&) = delete;

  // Where pages come from; nullptr = nowhere (Refresh answers kUnavailable
  // "not_configured"). A new client clears the back-off and asks Tick() for a
  // refresh.
  void SetClient(std::shared_ptr<AscendaClient> client);
  void SetPricing(PricingTable pricing);
  // Where fetched catalogues are kept for a warm start (null: nowhere);
  // borrowed, set before use.
  void SetStore(CatalogueStore* store) { store_ = store; }
  // Publishes the stored catalogue if it is younger than the TTL (see above);
  // OK also when there is none. Call after SetPricing.
  rewards::Status WarmStart();

  rewards::Status Refresh();
  void Tick();
  void Stop();
  // Undoes Stop() (a provider started again).
  void Resume();

  State state() const;

 private:
  // Refresh's work; REQUIRES: refresh_mu_ held. May throw (Refresh catches).
  rewards::Status RefreshLocked();
  struct Fetched;  // the cards of one walk

  rewards::Result<wire::GiftCardPage> FetchPage(AscendaClient& client, int page);
  rewards::Status FetchAll(AscendaClient& client, Fetched* out);
  void Publish(std::vector<wire::GiftCardRecord> records,
               std::chrono::system_clock::time_point fetched_at,
               std::chrono::steady_clock::time_point fetched_at_monotonic);
  void RecordFailure(const rewards::Status& status);
  void SaveForWarmStart();
  // Whether a stored catalogue fetched at `fetched_at` may be served (logs
  // why not).
  bool YoungEnough(std::chrono::system_clock::time_point fetched_at);
  // The monotonic time of a wall-clock fetch time, by its age now.
  std::chrono::steady_clock::time_point MonotonicOf(
      std::chrono::system_clock::time_point fetched_at) const;
  // WarmStart from the stored records: price and build them.
  rewards::Status WarmStartFromRecords();
  // Gives the pages a walk freed back to the system (glibc: malloc_trim).
  static void ReturnFreedMemory();
  // The records of the walk begun at `fetched_at` are the stored row's: free
  // the in-memory copy, unless a newer walk has replaced them.
  void DropStoredRecords(std::chrono::system_clock::time_point fetched_at);
  void Wait(std::chrono::milliseconds duration);

  CatalogueCache& cache_;
  const rewards::Clock& clock_;
  rewards::Logger& logger_;
  const Options options_;

  std::mutex refresh_mu_;  // held by the one running Refresh

  // Builds and publishes are serialised so a re-price and a refresh never
  // publish each other's prices.
  std::mutex build_mu_;
  PricingTable pricing_;                       // guarded by build_mu_
  std::vector<wire::GiftCardRecord> records_;  // guarded by build_mu_; last walk
  SnapshotPtr built_;          // guarded by build_mu_; built from records_, until they are stored
  bool have_records_ = false;  // guarded by build_mu_
  bool records_in_store_ = false;  // guarded by build_mu_; records_ freed, the store has them
  std::chrono::system_clock::time_point fetched_at_;            // guarded by build_mu_
  std::chrono::steady_clock::time_point fetched_at_monotonic_;  // guarded by build_mu_
  std::set<std::string> logged_hidden_;                         // guarded by build_mu_

  mutable std::mutex mu_;
  std::shared_ptr<AscendaClient> client_;               // guarded by mu_
  State state_;                                         // guarded by mu_
  std::chrono::steady_clock::time_point next_attempt_;  // guarded by mu_
  std::uint64_t wanted_generation_ = 0;                 // guarded by mu_; bumped by SetClient
  std::uint64_t published_generation_ = 0;              // guarded by mu_

  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  std::atomic<bool> stopping_{false};
  const PluginMetrics* metrics_ = nullptr;
  CatalogueStore* store_ = nullptr;
};

}  // namespace ascenda
