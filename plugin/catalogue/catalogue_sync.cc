#include "ascenda/catalogue/catalogue_sync.h"

#include <malloc.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "ascenda/catalogue/catalogue_snapshot.h"
#include "ascenda/metrics/plugin_metrics.h"
#include "ascenda/threads/run_on_threads.h"
#include "ascenda/wire/text.h"

namespace ascenda {

namespace {

using rewards::Status;
using rewards::StatusCode;

// More pages than this is not a catalogue but a broken answer (10 M cards).
constexpr std::int64_t kMaxPages = 100000;

Status Stopping() {
  return Status(StatusCode::kUnavailable, "stopping", "the catalogue sync is stopping");
}

bool WorthAsking(const Status& status) {
  return status.code() == StatusCode::kUnavailable ||
         status.retry_class() == rewards::RetryClass::kIndeterminate;
}

std::int64_t RetryAfterMs(const Status& status) {
  auto it = status.details().find("retry_after_ms");
  if (it == status.details().end()) return 0;
  try {
    return std::stoll(it->second);
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

struct CatalogueSync::Fetched {
  std::vector<wire::GiftCardRecord> records;
  std::int64_t pages = 0;
};

CatalogueSync::CatalogueSync(CatalogueCache& cache, const rewards::Clock& clock,
                             rewards::Logger& logger, Options options)
    : cache_(cache), clock_(clock), logger_(logger), options_(std::move(options)) {}

CatalogueSync::~CatalogueSync() { Stop(); }

void CatalogueSync::SetClient(std::shared_ptr<AscendaClient> client) {
  std::lock_guard<std::mutex> lock(mu_);
  client_ = std::move(client);
  state_.configured = client_ != nullptr;
  state_.consecutive_failures = 0;
  next_attempt_ = {};
  ++wanted_generation_;
}

void CatalogueSync::SetPricing(PricingTable pricing) {
  for (const auto& currency : pricing.rejected_currencies()) {
    logger_.Warning("ascenda: the cost per point of " + currency +
                    " is not a positive decimal; its cards are not offered");
  }
  std::vector<wire::GiftCardRecord> records;
  std::chrono::system_clock::time_point fetched_at;
  std::chrono::steady_clock::time_point fetched_at_monotonic;
  bool from_store = false;
  {
    std::lock_guard<std::mutex> lock(build_mu_);
    pricing_ = std::move(pricing);
    if (!have_records_) return;
    fetched_at = fetched_at_;
    fetched_at_monotonic = fetched_at_monotonic_;
    if (records_in_store_) {  // the one copy of the last walk is the stored one
      auto stored = store_->Load();
      if (!stored.ok() || !stored.value() || stored.value()->fetched_at != fetched_at) {
        logger_.Warning(
            "ascenda: pricing changed but the stored catalogue cannot be read back; "
            "the new prices come with the next refresh");
        std::lock_guard<std::mutex> state_lock(mu_);
        ++wanted_generation_;
        return;
      }
      records = std::move(stored.value()->records);
      from_store = true;
    } else {
      records = records_;
    }
  }
  logger_.Info("ascenda: pricing changed; re-pricing the current catalogue");
  Publish(std::move(records), fetched_at, fetched_at_monotonic);
  if (from_store) DropStoredRecords(fetched_at);
}

void CatalogueSync::Resume() { stopping_ = false; }

void CatalogueSync::Stop() {
  {
    std::lock_guard<std::mutex> lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
}

CatalogueSync::State CatalogueSync::state() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_;
}

void CatalogueSync::Wait(std::chrono::milliseconds duration) {
  if (options_.sleep) {
    options_.sleep(duration);
    return;
  }
  std::unique_lock<std::mutex> lock(stop_mu_);
  stop_cv_.wait_for(lock, duration, [this] { return stopping_.load(); });
}

void CatalogueSync::Tick() {
  if (stopping_) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const bool wanted = published_generation_ < wanted_generation_;
    if (client_ == nullptr) return;
    if (!wanted && !cache_.RefreshDue()) return;
    if (clock_.Monotonic() < next_attempt_) return;
  }
  (void)Refresh();  // the outcome is recorded in state_
}

rewards::Result<wire::GiftCardPage> CatalogueSync::FetchPage(AscendaClient& client, int page) {
  int attempts = 0;
  int waits = 0;
  for (;;) {
    if (stopping_) return Stopping();
    rewards::Result<wire::GiftCardPage> result = client.ListGiftCards(page, options_.page_size);
    if (result.ok()) {
      if (!result->rejected.empty()) {
        logger_.Warning("ascenda: gift card list page " + std::to_string(page) + ": left out " +
                        std::to_string(result->rejected.size()) +
                        " malformed cards; the first: " + result->rejected.front());
      }
      return result;
    }
    const Status& status = result.status();
    if (status.code() == StatusCode::kResourceExhausted && waits < options_.max_rate_limit_waits) {
      ++waits;
      const auto wait =
          std::min<std::int64_t>(RetryAfterMs(status), options_.max_retry_after.count());
      Wait(std::chrono::milliseconds(std::max<std::int64_t>(wait, 0)));
      continue;
    }
    if (WorthAsking(status) && ++attempts < options_.page_attempts) continue;
    return result;
  }
}

Status CatalogueSync::FetchAll(AscendaClient& client, Fetched* out) {
  rewards::Result<wire::GiftCardPage> first = FetchPage(client, 1);
  if (!first.ok()) return first.status();
  const std::int64_t total_pages = first->meta.total_pages;
  if (total_pages < 0 || total_pages > kMaxPages) {
    return Status(StatusCode::kUnknown, "bad_response",
                  "Ascenda's gift card list claims " + std::to_string(total_pages) + " pages");
  }
  out->pages = std::max<std::int64_t>(total_pages, 1);
  out->records = std::move(first.value().cards);
  if (total_pages <= 1) return Status::Ok();

  // Pages 2..total_pages, at most max_in_flight at once, kept in page order.
  std::vector<std::vector<wire::GiftCardRecord>> pages(static_cast<std::size_t>(total_pages - 1));
  std::atomic<std::int64_t> next{2};
  std::atomic<bool> failed{false};
  std::mutex error_mu;
  Status error;
  auto worker = [&] {
    for (;;) {
      const std::int64_t page = next++;
      if (page > total_pages || failed) return;
      try {
        auto result = FetchPage(client, static_cast<int>(page));
        if (!result.ok()) {
          std::lock_guard<std::mutex> lock(error_mu);
          if (!failed.exchange(true)) error = result.status();
          return;
        }
        pages[static_cast<std::size_t>(page - 2)] = std::move(result.value().cards);
      } catch (const std::exception& e) {  // never out of a thread: that would end the process
        std::lock_guard<std::mutex> lock(error_mu);
        if (!failed.exchange(true)) error = rewards::Internal(std::string("page: ") + e.what());
        return;
      }
    }
  };
  const auto threads = std::min<std::int64_t>(std::max(options_.max_in_flight, 1), total_pages - 1);
  RunOnThreads(static_cast<std::size_t>(std::max<std::int64_t>(threads, 1)), worker, logger_,
               "catalogue sync");
  if (failed) return error;
  std::size_t cards = out->records.size();
  for (const auto& page : pages) cards += page.size();
  out->records.reserve(cards);  // once: no doubling of a ~10 MB vector
  for (auto& page : pages) {
    std::move(page.begin(), page.end(), std::back_inserter(out->records));
  }
  return Status::Ok();
}

void CatalogueSync::Publish(std::vector<wire::GiftCardRecord> records,
                            std::chrono::system_clock::time_point fetched_at,
                            std::chrono::steady_clock::time_point fetched_at_monotonic) {
  std::lock_guard<std::mutex> lock(build_mu_);
  CatalogueSnapshot::Built built =
      CatalogueSnapshot::Build(records, pricing_, fetched_at, fetched_at_monotonic);
  records_ = std::move(records);  // the snapshot has its own copy of what it serves
  if (built.hidden_currencies != logged_hidden_) {
    if (!built.hidden_currencies.empty()) {
      logger_.Warning("ascenda: " + std::to_string(built.hidden_cards) +
                      " gift cards are hidden: no cost per point is set for " +
                      wire::Join(built.hidden_currencies) + " (ascenda.pricing.cpp)");
    }
    logged_hidden_ = built.hidden_currencies;
  }
  if (built.dropped_cards > 0 || built.dropped_denominations > 0) {
    logger_.Info("ascenda: left out " + std::to_string(built.dropped_cards) + " cards and " +
                 std::to_string(built.dropped_denominations) +
                 " denominations that cannot be priced or are duplicates");
  }
  cache_.Publish(built.snapshot);
  built_ = std::move(built.snapshot);
  have_records_ = true;
  records_in_store_ = false;
  fetched_at_ = fetched_at;
  fetched_at_monotonic_ = fetched_at_monotonic;
}

void CatalogueSync::ReturnFreedMemory() {
#ifdef __GLIBC__
  // A walk parses every page (on several threads, so several malloc arenas)
  // and frees it again; glibc keeps those pages unless asked to return them
  // (docs/PERFORMANCE.md, memory).
  malloc_trim(0);
#endif
}

void CatalogueSync::SaveForWarmStart() {
  if (store_ == nullptr) return;
  const auto started = clock_.Monotonic();
  // build_mu_ is held throughout, so a re-price never reads a half-saved or
  // older row back (SetPricing).
  std::lock_guard<std::mutex> lock(build_mu_);
  if (records_in_store_) return;
  const std::string encoded = EncodeRecords(records_);
  const std::string built = built_ != nullptr ? built_->Encode() : std::string();
  const Status saved = store_->Save(encoded, built, fetched_at_);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Monotonic() - started);
  if (!saved.ok()) {  // the records stay in memory for a re-price
    logger_.Warning("ascenda: the catalogue could not be stored for a warm start: " +
                    saved.ToString());
    return;
  }
  std::vector<wire::GiftCardRecord>().swap(records_);  // the stored row is their one copy
  records_in_store_ = true;
  built_ = nullptr;
  logger_.Info("ascenda: catalogue stored for a warm start (" + std::to_string(encoded.size()) +
               " bytes of records, " + std::to_string(built.size()) + " built, " +
               std::to_string(ms.count()) + " ms)");
}

void CatalogueSync::DropStoredRecords(std::chrono::system_clock::time_point fetched_at) {
  std::lock_guard<std::mutex> lock(build_mu_);
  if (fetched_at_ != fetched_at) return;  // a newer walk came in meanwhile; its save frees it
  std::vector<wire::GiftCardRecord>().swap(records_);
  records_in_store_ = true;
  built_ = nullptr;
}

bool CatalogueSync::YoungEnough(std::chrono::system_clock::time_point fetched_at) {
  const auto age = clock_.Now() - fetched_at;
  if (age >= std::chrono::system_clock::duration::zero() && age < cache_.ttl()) return true;
  logger_.Info("ascenda: the stored catalogue was fetched " +
               std::to_string(std::chrono::duration_cast<std::chrono::seconds>(age).count()) +
               " s ago, not within the TTL of " + std::to_string(cache_.ttl().count()) +
               " s; it is not served");
  return false;
}

std::chrono::steady_clock::time_point CatalogueSync::MonotonicOf(
    std::chrono::system_clock::time_point fetched_at) const {
  return clock_.Monotonic() -
         std::chrono::duration_cast<std::chrono::steady_clock::duration>(clock_.Now() - fetched_at);
}

namespace {

std::string Ms(std::chrono::steady_clock::duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}

std::string AgeS(std::chrono::system_clock::duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count());
}

}  // namespace

Status CatalogueSync::WarmStart() {
  if (store_ == nullptr) return Status::Ok();
  const auto began = clock_.Monotonic();
  // Its age first: an old one is not even read.
  auto built_at = store_->BuiltAt();
  if (!built_at.ok()) {
    logger_.Warning("ascenda: no warm start: " + built_at.status().ToString());
    return built_at.status();
  }
  if (!built_at.value()) return WarmStartFromRecords();  // none stored (an older build's row)
  if (!YoungEnough(*built_at.value())) return Status::Ok();
  auto built = store_->LoadBuilt();
  const auto loaded = clock_.Monotonic();
  if (!built.ok()) {
    logger_.Warning("ascenda: no warm start: " + built.status().ToString());
    return built.status();
  }
  if (built.value()) {
    const auto fetched_at = built.value()->fetched_at;
    if (!YoungEnough(fetched_at)) return Status::Ok();
    // The snapshot views the bytes as read and keeps them (no copy).
    std::shared_ptr<const LargeBuffer> bytes = std::move(built.value()->bytes);
    built.value().reset();
    SnapshotPtr snapshot =
        CatalogueSnapshot::Restore(bytes->view(), bytes, fetched_at, MonotonicOf(fetched_at));
    bytes.reset();
    std::unique_lock<std::mutex> lock(build_mu_);
    if (snapshot != nullptr && snapshot->pricing_fingerprint() == pricing_.fingerprint()) {
      cache_.Publish(snapshot);
      have_records_ = true;
      records_in_store_ = true;  // a pricing change reads them back
      fetched_at_ = fetched_at;
      fetched_at_monotonic_ = snapshot->fetched_at_monotonic();
      built_ = nullptr;
      lock.unlock();
      logger_.Info("ascenda: serving the stored catalogue (" + std::to_string(snapshot->size()) +
                   " cards fetched " + AgeS(clock_.Now() - fetched_at) +
                   " s ago, as built; read in " + Ms(loaded - began) + " ms, restored in " +
                   Ms(clock_.Monotonic() - loaded) + " ms) until a refresh replaces it");
      return Status::Ok();
    }
    lock.unlock();
    logger_.Info(snapshot == nullptr
                     ? "ascenda: the stored built catalogue cannot be read; building it again "
                       "from the stored records"
                     : "ascenda: the stored catalogue was priced with other settings; pricing "
                       "its records again");
  }
  return WarmStartFromRecords();
}

Status CatalogueSync::WarmStartFromRecords() {
  const auto began = clock_.Monotonic();
  auto stored = store_->Load();
  const auto loaded = clock_.Monotonic();
  if (!stored.ok()) {
    logger_.Warning("ascenda: no warm start: " + stored.status().ToString());
    return stored.status();
  }
  if (!stored.value()) return Status::Ok();
  const auto fetched_at = stored.value()->fetched_at;
  if (!YoungEnough(fetched_at)) return Status::Ok();
  const std::size_t cards = stored.value()->records.size();
  Publish(std::move(stored.value()->records), fetched_at, MonotonicOf(fetched_at));
  DropStoredRecords(fetched_at);  // they are the stored row
  ReturnFreedMemory();
  logger_.Info("ascenda: serving the stored catalogue (" + std::to_string(cards) +
               " cards fetched " + AgeS(clock_.Now() - fetched_at) + " s ago; read in " +
               Ms(loaded - began) + " ms, built in " + Ms(clock_.Monotonic() - loaded) +
               " ms) until a refresh replaces it");
  return Status::Ok();
}

void CatalogueSync::RecordFailure(const Status& status) {
  if (metrics_) metrics_->CatalogueSyncFailed();
  std::lock_guard<std::mutex> lock(mu_);
  ++state_.consecutive_failures;
  state_.last_error = status;
  const int doublings =
      static_cast<int>(std::min<std::int64_t>(state_.consecutive_failures - 1, 8));
  auto backoff = std::min<std::chrono::milliseconds>(options_.first_backoff * (1 << doublings),
                                                     options_.max_backoff);
  backoff = std::max(backoff, std::chrono::milliseconds(RetryAfterMs(status)));
  next_attempt_ = clock_.Monotonic() + backoff;
  logger_.Warning("ascenda: catalogue refresh failed (" +
                  std::to_string(state_.consecutive_failures) + " in a row; next try in " +
                  std::to_string(backoff.count() / 1000) + " s): " + status.ToString());
}

Status CatalogueSync::Refresh() {
  std::unique_lock<std::mutex> running(refresh_mu_, std::try_to_lock);
  if (!running.owns_lock()) return Status::Ok();  // the running one publishes
  try {
    return RefreshLocked();
  } catch (const std::exception& e) {
    Status status = rewards::Internal(std::string("catalogue refresh failed: ") + e.what());
    RecordFailure(status);
    return status;
  }
}

Status CatalogueSync::RefreshLocked() {
  if (stopping_) return Stopping();
  std::shared_ptr<AscendaClient> client;
  std::uint64_t generation = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    client = client_;
    generation = wanted_generation_;
  }
  if (client == nullptr) {
    Status status(StatusCode::kUnavailable, "not_configured",
                  "the Ascenda connection is not configured (see the plugin's settings)");
    std::lock_guard<std::mutex> lock(mu_);
    state_.last_error = status;
    return status;
  }

  const auto started_wall = clock_.Now();
  const auto started = clock_.Monotonic();
  Fetched fetched;
  Status status = FetchAll(*client, &fetched);
  if (!status.ok()) {
    if (!stopping_) RecordFailure(status);
    return status;
  }
  const std::size_t cards = fetched.records.size();
  Publish(std::move(fetched.records), started_wall, started);
  SaveForWarmStart();
  ReturnFreedMemory();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Monotonic() - started);
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++state_.refreshes;
    state_.consecutive_failures = 0;
    state_.last_error = Status::Ok();
    state_.last_success = started_wall;
    state_.cards = cards;
    next_attempt_ = {};
    published_generation_ = std::max(published_generation_, generation);
  }
  logger_.Info("ascenda: catalogue refreshed: " + std::to_string(cards) + " cards in " +
               std::to_string(fetched.pages) + " pages, " + std::to_string(ms.count()) + " ms");
  return Status::Ok();
}

}  // namespace ascenda
