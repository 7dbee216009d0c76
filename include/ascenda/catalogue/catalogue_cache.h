// CatalogueCache: the current catalogue snapshot and the rule that it is never
// served older than the TTL.
//
// A sync (elsewhere) builds a CatalogueSnapshot and calls Publish; readers call
// Current (or Query / Quote), which answer the snapshot only while
//   clock.Monotonic() - snapshot->fetched_at_monotonic() < ttl
// and otherwise kUnavailable "catalogue_unavailable" (retryable) with a
// message for a person — also before the first Publish. A failed refresh
// therefore keeps the old snapshot in service only until it is a TTL old.
//
// Refresh ahead: RefreshDue() is true when there is no snapshot or the current
// one has lived kRefreshAtPercent (80%) of the TTL — 48 minutes of a 1 hour
// TTL — leaving a fifth of the TTL for retries before readers see an error.
//
// The TTL is clamped to [kCatalogueTtlMin, kCatalogueTtlMax] (1 s .. 1 hour,
// stated once, in settings/settings_schema.h) and can be changed at any time
// (settings change).
//
// Thread-safe. Readers never wait for a refresh: the snapshot pointer is
// swapped atomically (std::atomic_load / std::atomic_store on shared_ptr), and
// a reader keeps the snapshot it loaded alive for as long as it holds it.
// `clock` is borrowed and must outlive the cache.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include "ascenda/catalogue/catalogue_snapshot.h"
#include "ascenda/settings/settings_schema.h"  // the TTL's bounds
#include "rewards/catalogue_types.h"
#include "rewards/clock.h"
#include "rewards/status.h"

namespace ascenda {

class CatalogueCache {
 public:
  static constexpr std::chrono::seconds kMaxTtl = kCatalogueTtlMax;
  static constexpr int kRefreshAtPercent = 80;

  CatalogueCache(const rewards::Clock& clock, std::chrono::seconds ttl);
  CatalogueCache(const CatalogueCache&) = delete;
  CatalogueCache& operator=(const CatalogueCache&) = delete;

  // Makes `snapshot` current, unless the current one was fetched later (a
  // slow refresh that finishes after a newer one never rolls the catalogue
  // back); answers whether it became current. REQUIRES: snapshot != nullptr.
  bool Publish(SnapshotPtr snapshot);

  void SetTtl(std::chrono::seconds ttl);
  std::chrono::seconds ttl() const;

  // The current snapshot while it is younger than the TTL.
  rewards::Result<SnapshotPtr> Current() const;

  // Current(), then the snapshot's Query / Quote.
  rewards::Result<rewards::CataloguePage> Query(const rewards::CatalogueQuery& query) const;
  rewards::Result<rewards::Quote> Quote(const std::string& card_id, const std::string& denomination,
                                        const std::string& currency) const;
  // Current(), then the snapshot's QueryText, with fresh_for = TTL - age.
  rewards::Result<rewards::CataloguePageText> QueryText(const rewards::CatalogueQuery& query) const;

  // True when a refresh should start now (see above).
  bool RefreshDue() const;

 private:
  const rewards::Clock& clock_;
  std::atomic<std::int64_t> ttl_s_;
  std::mutex publish_mutex_;  // serialises Publish only; readers never take it
  SnapshotPtr snapshot_;      // only through std::atomic_load / std::atomic_store
};

}  // namespace ascenda
