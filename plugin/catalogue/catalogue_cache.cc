#include "ascenda/catalogue/catalogue_cache.h"

#include <algorithm>
#include <memory>
#include <utility>

namespace ascenda {

namespace {

std::int64_t ClampTtl(std::chrono::seconds ttl) {
  return std::clamp<std::int64_t>(ttl.count(), kCatalogueTtlMin.count(), kCatalogueTtlMax.count());
}

rewards::Status CatalogueUnavailable(const std::string& why) {
  return rewards::Status(rewards::StatusCode::kUnavailable, "catalogue_unavailable",
                         "The gift card catalogue is unavailable right now (" + why +
                             "). Please try again in a few minutes.");
}

}  // namespace

CatalogueCache::CatalogueCache(const rewards::Clock& clock, std::chrono::seconds ttl)
    : clock_(clock), ttl_s_(ClampTtl(ttl)) {}

bool CatalogueCache::Publish(SnapshotPtr snapshot) {
  std::lock_guard<std::mutex> lock(publish_mutex_);
  const SnapshotPtr current = std::atomic_load(&snapshot_);
  if (current != nullptr && current->fetched_at_monotonic() > snapshot->fetched_at_monotonic()) {
    return false;
  }
  std::atomic_store(&snapshot_, std::move(snapshot));
  return true;
}

void CatalogueCache::SetTtl(std::chrono::seconds ttl) { ttl_s_.store(ClampTtl(ttl)); }

std::chrono::seconds CatalogueCache::ttl() const { return std::chrono::seconds(ttl_s_.load()); }

rewards::Result<SnapshotPtr> CatalogueCache::Current() const {
  SnapshotPtr snapshot = std::atomic_load(&snapshot_);
  if (snapshot == nullptr) return CatalogueUnavailable("it has not been loaded from Ascenda yet");
  const auto age = clock_.Monotonic() - snapshot->fetched_at_monotonic();
  if (age >= ttl()) {
    return CatalogueUnavailable("the last copy from Ascenda is older than " +
                                std::to_string(ttl().count()) + " s and could not be refreshed");
  }
  return snapshot;
}

rewards::Result<rewards::CataloguePage> CatalogueCache::Query(
    const rewards::CatalogueQuery& query) const {
  auto snapshot = Current();
  if (!snapshot.ok()) return snapshot.status();
  return snapshot.value()->Query(query);
}

rewards::Result<rewards::Quote> CatalogueCache::Quote(const std::string& card_id,
                                                      const std::string& denomination,
                                                      const std::string& currency) const {
  auto snapshot = Current();
  if (!snapshot.ok()) return snapshot.status();
  return snapshot.value()->Quote(card_id, denomination, currency);
}

rewards::Result<rewards::CataloguePageText> CatalogueCache::QueryText(
    const rewards::CatalogueQuery& query) const {
  auto snapshot = Current();
  if (!snapshot.ok()) return snapshot.status();
  auto page = snapshot.value()->QueryText(query);
  if (!page.ok()) return page;
  const auto age = clock_.Monotonic() - snapshot.value()->fetched_at_monotonic();
  page.value().fresh_for = std::max(
      std::chrono::milliseconds(0),
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::seconds(ttl()) - age));
  return page;
}

bool CatalogueCache::RefreshDue() const {
  const SnapshotPtr snapshot = std::atomic_load(&snapshot_);
  if (snapshot == nullptr) return true;
  const auto age = clock_.Monotonic() - snapshot->fetched_at_monotonic();
  // Whole milliseconds are precise enough and keep the product far from overflow.
  const auto refresh_at = std::chrono::milliseconds(ttl_s_.load() * 1000 * kRefreshAtPercent / 100);
  return age >= refresh_at;
}

}  // namespace ascenda
