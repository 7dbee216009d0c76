// WebhookEventStore: the durable receipt of Ascenda webhook events (table
// ascenda_webhook_events, sql/*/002_webhook_events.sql).
//
//   Record     one short transaction: INSERT ... ON CONFLICT (event_id) DO
//              NOTHING — the event id is the dedupe key, so a redelivered
//              event is stored once. Answers whether this call stored it.
//              The event is due at once (next_attempt_at = now).
//   ClaimDue   takes up to `limit` unprocessed events that are due, oldest
//              due first, and pushes each one's next_attempt_at out by
//              `retry_delay(attempts so far)` with attempts + 1 — a claim
//              that doubles as the retry schedule: an event whose
//              application did not finish (crash, unknown reference_id,
//              database trouble) is due again then. PostgreSQL claims with
//              FOR UPDATE SKIP LOCKED, so several nodes share the work;
//              SQLite's BEGIN IMMEDIATE serialises the claim.
//   MarkProcessed  sets processed_at and the outcome; the event is never
//              claimed again. Several events at once take one transaction.
//
// The body is stored only as given here: sealed (the caller seals it with
// the delivery cipher; see webhook_receiver.h). The clear columns hold the
// event's non-secret facts. Times are the injected clock's wall time, epoch
// milliseconds.
//
// Errors: database failures as rewards::Database answers them (kUnavailable
// is retryable). Thread-safe and stateless. Borrows `db` and `clock`; they
// must outlive the store.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rewards/clock.h"
#include "rewards/database.h"
#include "rewards/status.h"

namespace ascenda {

struct NewWebhookEvent {
  std::string event_id;
  std::string reference_id;
  std::string order_id;
  std::string item_status;  // as sent
  std::string body_sealed;  // DeliveryCipher blob of the raw body
  std::string body_key_id;
};

struct StoredWebhookEvent {
  NewWebhookEvent event;
  std::int64_t received_at_ms = 0;
  std::optional<std::int64_t> processed_at_ms;
  int attempts = 0;  // claims so far, this one included
  std::optional<std::int64_t> next_attempt_at_ms;
  std::string outcome;
};

class WebhookEventStore {
 public:
  using RetryDelay = std::function<std::chrono::milliseconds(int attempts)>;

  WebhookEventStore(rewards::Database& db, const rewards::Clock& clock);
  WebhookEventStore(const WebhookEventStore&) = delete;
  WebhookEventStore& operator=(const WebhookEventStore&) = delete;

  // true: stored by this call; false: the event id was stored before.
  rewards::Result<bool> Record(const NewWebhookEvent& event) noexcept;

  // REQUIRES: limit >= 1; retry_delay answers >= 1 ms.
  rewards::Result<std::vector<StoredWebhookEvent>> ClaimDue(int limit,
                                                            const RetryDelay& retry_delay) noexcept;

  rewards::Status MarkProcessed(const std::string& event_id, const std::string& outcome) noexcept;
  // (event id, outcome) pairs, in one transaction.
  rewards::Status MarkProcessed(
      const std::vector<std::pair<std::string, std::string>>& outcomes) noexcept;

  // One event (tests, operators); kNotFound "unknown_event".
  rewards::Result<StoredWebhookEvent> Get(const std::string& event_id) noexcept;
  // Rows in the table, and those not processed yet.
  rewards::Result<std::int64_t> CountAll() noexcept;
  rewards::Result<std::int64_t> CountUnprocessed() noexcept;

 private:
  std::int64_t NowMs() const;

  rewards::Database& db_;
  const rewards::Clock& clock_;
};

}  // namespace ascenda
