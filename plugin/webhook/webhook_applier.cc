#include "ascenda/webhook/webhook_applier.h"

#include <algorithm>
#include <atomic>
#include <utility>

#include "ascenda/metrics/plugin_metrics.h"
#include "ascenda/redemption/observed_order.h"
#include "ascenda/redemption/redemption_state.h"
#include "ascenda/threads/run_on_threads.h"
#include "ascenda/wire/order_json.h"

namespace ascenda {

namespace {

std::int64_t EpochMs(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

void Add(const ApplyCounts& part, ApplyCounts* sum) {
  sum->claimed += part.claimed;
  sum->applied += part.applied;
  sum->unchanged += part.unchanged;
  sum->waiting += part.waiting;
  sum->dropped += part.dropped;
}

}  // namespace

WebhookApplier::WebhookApplier(WebhookEventStore& events, RedemptionStore& redemptions,
                               rewards::Scheduler& scheduler, const rewards::Clock& clock,
                               rewards::Logger& logger)
    : events_(events),
      redemptions_(redemptions),
      scheduler_(scheduler),
      clock_(clock),
      logger_(logger) {}

std::chrono::milliseconds WebhookApplier::RetryDelay(int claims) {
  std::chrono::milliseconds delay = kRetryBase;
  for (int i = 0; i < claims && delay < kRetryMax; ++i) delay *= 2;
  return std::min(delay, kRetryMax);
}

void WebhookApplier::Configure(std::shared_ptr<const DeliveryCipher> cipher,
                               RedemptionPolicy policy) {
  std::lock_guard<std::mutex> lock(mu_);
  cipher_ = std::move(cipher);
  policy_ = policy;
}

void WebhookApplier::Stop() noexcept { stopped_ = true; }

void WebhookApplier::Kick() noexcept {
  if (stopped_ || queued_.exchange(true)) return;
  auto task =
      scheduler_.ScheduleAfter(std::chrono::milliseconds(0), "ascenda-webhook-apply", [this] {
        queued_ = false;
        (void)RunOnce();
      });
  if (!task.ok()) {
    queued_ = false;  // the periodic sweep picks the event up
    if (!stopped_) {
      logger_.Warning("ascenda: could not queue webhook application: " + task.status().ToString());
    }
  }
}

ApplyCounts WebhookApplier::RunOnce() noexcept {
  ApplyCounts counts;
  try {
    std::shared_ptr<const DeliveryCipher> cipher;
    RedemptionPolicy policy;
    {
      std::lock_guard<std::mutex> lock(mu_);
      cipher = cipher_;
      policy = policy_;
    }
    if (cipher == nullptr) return counts;  // nothing can be opened; events wait
    while (!stopped_) {
      auto batch = events_.ClaimDue(kBatch, &WebhookApplier::RetryDelay);
      if (!batch.ok()) {
        logger_.Warning("ascenda: webhook events could not be claimed: " +
                        batch.status().ToString());
        break;
      }
      Marks marks;
      ApplyBatch(batch.value(), cipher.get(), policy, &marks, &counts);
      Flush(&marks);
      if (static_cast<int>(batch.value().size()) < kBatch) break;
    }
  } catch (const std::exception& e) {
    logger_.Error(std::string("ascenda: applying webhook events failed: ") + e.what());
  } catch (...) {
    logger_.Error("ascenda: applying webhook events failed");
  }
  return counts;
}

void WebhookApplier::ApplyBatch(const std::vector<StoredWebhookEvent>& batch,
                                const DeliveryCipher* cipher, const RedemptionPolicy& policy,
                                Marks* marks, ApplyCounts* counts) {
  std::atomic<std::size_t> next{0};
  std::mutex done_mu;
  auto drain = [&] {
    Marks mine;
    ApplyCounts part;
    try {
      for (std::size_t i = next++; i < batch.size(); i = next++) {
        ++part.claimed;
        switch (ApplyOne(batch[i], cipher, policy, &mine)) {
          case Result::kApplied:
            ++part.applied;
            break;
          case Result::kUnchanged:
            ++part.unchanged;
            break;
          case Result::kWaiting:
            ++part.waiting;
            break;
          case Result::kDropped:
            ++part.dropped;
            break;
        }
      }
    } catch (const std::exception& e) {
      // This thread stops; its event stays claimed and comes back after its
      // delay, and the other threads go on with the batch.
      logger_.Error(std::string("ascenda: applying webhook events failed: ") + e.what());
    } catch (...) {
      logger_.Error("ascenda: applying webhook events failed");
    }
    std::lock_guard<std::mutex> lock(done_mu);
    marks->insert(marks->end(), std::make_move_iterator(mine.begin()),
                  std::make_move_iterator(mine.end()));
    Add(part, counts);
  };
  RunOnThreads(std::min<std::size_t>(kApplyThreads, batch.size()), drain, logger_,
               "webhook applier");
}

WebhookApplier::Result WebhookApplier::ApplyOne(const StoredWebhookEvent& stored,
                                                const DeliveryCipher* cipher,
                                                const RedemptionPolicy& policy, Marks* marks) {
  const NewWebhookEvent& e = stored.event;
  const bool within_give_up =
      EpochMs(clock_.Now()) - stored.received_at_ms < policy.give_up_after.count();
  rewards::Result<std::string> body = cipher->Open(e.body_key_id, e.body_sealed, e.event_id);
  if (!body.ok() && e.body_key_id != cipher->current_key_id() && within_give_up) {
    // Sealed under another key (a rotation): it may come back with the settings.
    return Result::kWaiting;
  }
  rewards::Result<wire::OrderEvent> event = body.ok()
                                                ? wire::ParseOrderEvent(body.value())
                                                : rewards::Result<wire::OrderEvent>(body.status());
  if (!event.ok()) {
    logger_.Error("ascenda: webhook event " + e.event_id +
                  " cannot be read and is dropped: " + event.status().ToString());
    marks->emplace_back(e.event_id, "unreadable");
    return Result::kDropped;
  }
  const wire::Order& order = event.value().order;
  rewards::Result<RedemptionRecord> found = redemptions_.FindByReference(order.reference_id);
  if (!found.ok()) {
    if (found.status().code() != rewards::StatusCode::kNotFound || within_give_up) {
      return Result::kWaiting;
    }
    logger_.Warning("ascenda: webhook event " + e.event_id + " names reference " +
                    order.reference_id + ", which matches no redemption; given up");
    marks->emplace_back(e.event_id, "orphaned");
    return Result::kDropped;
  }
  const RedemptionRecord& before = found.value();
  const RedemptionEvent observed = RedemptionEvent::OrderObserved(FromWireOrder(order));
  // Decided on the row as read first: an event that changes nothing (the same
  // news again, a late one) is marked without a write transaction. That is
  // the answer it would have had applied at the moment of the read, and
  // webhooks come in any order. Anything else is decided again under the
  // row's lock.
  if (!Decide(before.facts, observed, policy, EpochMs(clock_.Now())).changed) {
    marks->emplace_back(e.event_id, "no_change");
    return Result::kUnchanged;
  }
  rewards::Result<ApplyOutcome> applied =
      redemptions_.Apply(before.id, observed, policy, "", &before);
  if (!applied.ok()) {
    logger_.Warning("ascenda: webhook event " + e.event_id + " for redemption " + before.id +
                    " not applied yet: " + applied.status().ToString());
    return Result::kWaiting;
  }
  const ApplyOutcome& out = applied.value();
  if (!out.decision.changed) {
    marks->emplace_back(e.event_id, "no_change");
    return Result::kUnchanged;
  }
  if (out.record.facts.state != before.facts.state) {
    logger_.Info("ascenda: webhook event " + e.event_id + ": redemption " + before.id + " " +
                 StateName(before.facts.state) + " -> " + StateName(out.record.facts.state) + " (" +
                 out.decision.note + ")");
  }
  marks->emplace_back(e.event_id, "applied");
  if (metrics_)
    metrics_->WebhookApplied(static_cast<double>(EpochMs(clock_.Now()) - stored.received_at_ms) /
                             1000.0);
  return Result::kApplied;
}

void WebhookApplier::Flush(Marks* marks) {
  rewards::Status s = events_.MarkProcessed(*marks);
  if (!s.ok()) {
    // Claimed, so they come back after their retry delay and are applied
    // again (which changes nothing) — then marked.
    logger_.Warning("ascenda: " + std::to_string(marks->size()) +
                    " webhook event(s) could not be marked processed: " + s.ToString());
  }
  marks->clear();
}

}  // namespace ascenda
