#include "ascenda/webhook/webhook_event_store.h"

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Tuple.h>

namespace ascenda {

namespace {

using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;

// event_id, reference_id, order_id, item_status, body_sealed, body_key_id,
// received_at, attempts, processed_at (-1: NULL), next_attempt_at (-1: NULL),
// outcome.
using EventRow =
    Poco::Tuple<std::string, std::string, std::string, std::string, std::string, std::string,
                Poco::Int64, Poco::Int64, Poco::Int64, Poco::Int64, std::string>;

constexpr const char* kSelect =
    "SELECT event_id, reference_id, order_id, item_status, body_sealed, body_key_id, "
    "received_at, attempts, COALESCE(processed_at, -1), COALESCE(next_attempt_at, -1), outcome "
    "FROM ascenda_webhook_events ";

StoredWebhookEvent FromRow(const EventRow& row) {
  StoredWebhookEvent e;
  e.event = {row.get<0>(), row.get<1>(), row.get<2>(), row.get<3>(), row.get<4>(), row.get<5>()};
  e.received_at_ms = row.get<6>();
  e.attempts = static_cast<int>(row.get<7>());
  if (row.get<8>() >= 0) e.processed_at_ms = row.get<8>();
  if (row.get<9>() >= 0) e.next_attempt_at_ms = row.get<9>();
  e.outcome = row.get<10>();
  return e;
}

rewards::Status ReadFailed(const std::exception& e) {
  return rewards::Status(rewards::StatusCode::kUnavailable, "database_unavailable",
                         std::string("webhook events: ") + e.what());
}

}  // namespace

WebhookEventStore::WebhookEventStore(rewards::Database& db, const rewards::Clock& clock)
    : db_(db), clock_(clock) {}

std::int64_t WebhookEventStore::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now().time_since_epoch())
      .count();
}

rewards::Result<bool> WebhookEventStore::Record(const NewWebhookEvent& e) noexcept {
  try {
    const Poco::Int64 now_ms = NowMs();
    const Poco::Int64 due = now_ms;
    std::size_t inserted = 0;
    rewards::Status s = db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
      Poco::Data::Statement insert(tx);
      insert << "INSERT INTO ascenda_webhook_events (event_id, reference_id, order_id, "
                "item_status, body_sealed, body_key_id, received_at, attempts, next_attempt_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8) ON CONFLICT (event_id) DO NOTHING",
          bind(e.event_id), bind(e.reference_id), bind(e.order_id), bind(e.item_status),
          bind(e.body_sealed), bind(e.body_key_id), bind(now_ms), bind(due);
      inserted = insert.execute();
      return rewards::Status::Ok();
    });
    if (!s.ok()) return s;
    return inserted == 1;
  } catch (const std::exception& ex) {
    return rewards::Internal(std::string("recording a webhook event: ") + ex.what());
  }
}

rewards::Result<std::vector<StoredWebhookEvent>> WebhookEventStore::ClaimDue(
    int limit, const RetryDelay& retry_delay) noexcept {
  if (limit < 1 || !retry_delay) {
    return rewards::InvalidArgument("invalid_claim", "limit >= 1 and a retry delay are required");
  }
  try {
    const Poco::Int64 now_ms = NowMs();
    const Poco::Int64 max_rows = limit;
    const char* skip_locked =
        db_.dialect() == rewards::SqlDialect::kPostgreSQL ? " FOR UPDATE SKIP LOCKED" : "";
    std::vector<StoredWebhookEvent> claimed;
    rewards::Status s = db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
      claimed.clear();
      std::vector<EventRow> rows;
      tx << kSelect
         << "WHERE processed_at IS NULL AND next_attempt_at <= $1 "
            "ORDER BY next_attempt_at, received_at LIMIT $2"
         << skip_locked,
          bind(now_ms), bind(max_rows), into(rows), now;
      for (const EventRow& row : rows) {
        StoredWebhookEvent e = FromRow(row);
        e.attempts += 1;
        const std::int64_t delay = std::max<std::int64_t>(1, retry_delay(e.attempts - 1).count());
        e.next_attempt_at_ms = now_ms + delay;
        const Poco::Int64 attempts = e.attempts;
        const Poco::Int64 next = *e.next_attempt_at_ms;
        tx << "UPDATE ascenda_webhook_events SET attempts = $1, next_attempt_at = $2 "
              "WHERE event_id = $3 AND processed_at IS NULL",
            bind(attempts), bind(next), bind(e.event.event_id), now;
        claimed.push_back(std::move(e));
      }
      return rewards::Status::Ok();
    });
    if (!s.ok()) return s;
    return claimed;
  } catch (const std::exception& ex) {
    return rewards::Internal(std::string("claiming webhook events: ") + ex.what());
  }
}

rewards::Status WebhookEventStore::MarkProcessed(const std::string& event_id,
                                                 const std::string& outcome) noexcept {
  return MarkProcessed({{event_id, outcome}});
}

rewards::Status WebhookEventStore::MarkProcessed(
    const std::vector<std::pair<std::string, std::string>>& outcomes) noexcept {
  if (outcomes.empty()) return rewards::Status::Ok();
  try {
    const Poco::Int64 now_ms = NowMs();
    return db_.RunInTransaction([&](Poco::Data::Session& tx) -> rewards::Status {
      for (const auto& [event_id, outcome] : outcomes) {
        tx << "UPDATE ascenda_webhook_events SET processed_at = $1, next_attempt_at = NULL, "
              "outcome = $2 WHERE event_id = $3 AND processed_at IS NULL",
            bind(now_ms), bind(outcome), bind(event_id), now;
      }
      return rewards::Status::Ok();
    });
  } catch (const std::exception& ex) {
    return rewards::Internal(std::string("marking a webhook event: ") + ex.what());
  }
}

rewards::Result<StoredWebhookEvent> WebhookEventStore::Get(const std::string& event_id) noexcept {
  try {
    rewards::Result<Poco::Data::Session> s = db_.Session();
    if (!s.ok()) return s.status();
    std::vector<EventRow> rows;
    s.value() << kSelect << "WHERE event_id = $1", bind(event_id), into(rows), now;
    if (rows.empty()) return rewards::NotFound("unknown_event", "no webhook event " + event_id);
    return FromRow(rows.front());
  } catch (const std::exception& e) {
    return ReadFailed(e);
  }
}

rewards::Result<std::int64_t> WebhookEventStore::CountAll() noexcept {
  try {
    rewards::Result<Poco::Data::Session> s = db_.Session();
    if (!s.ok()) return s.status();
    Poco::Int64 n = 0;
    s.value() << "SELECT COUNT(*) FROM ascenda_webhook_events", into(n), now;
    return static_cast<std::int64_t>(n);
  } catch (const std::exception& e) {
    return ReadFailed(e);
  }
}

rewards::Result<std::int64_t> WebhookEventStore::CountUnprocessed() noexcept {
  try {
    rewards::Result<Poco::Data::Session> s = db_.Session();
    if (!s.ok()) return s.status();
    Poco::Int64 n = 0;
    s.value() << "SELECT COUNT(*) FROM ascenda_webhook_events WHERE processed_at IS NULL", into(n),
        now;
    return static_cast<std::int64_t>(n);
  } catch (const std::exception& e) {
    return ReadFailed(e);
  }
}

}  // namespace ascenda
