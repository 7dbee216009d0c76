// OutcomeRoom: what happens to a redemption after its order exists — the
// webhook receiver and its applier, member history, confirmation-email
// resends, operators' listings and resync, and the owner's delivery data.
// AscendaProvider composes it and forwards the matching RewardsProvider calls.
//
//   Configure(settings)  webhook secrets and tolerance, the poll / give-up
//                        policy, the resend cooldown. Any time, any thread.
//   SetClient(client)    the Ascenda client (null while not configured).
//   Start()              registers POST /webhooks/ascenda on the host router
//                        (once), schedules the sweep of unprocessed webhook
//                        events every kSweepInterval and queues one at once.
//   Stop()               cancels the sweep; later webhooks are still stored
//                        (the route stays) but applied only after a restart.
//
// ListRedemptions: a member's history when query.member_id is set (status
// filter "processing" / "fulfilled" / "failed"), otherwise every member's for
// operators (filter = an internal state name such as "processing" or
// "needs_attention"); newest first; a bad filter or page is kInvalidArgument
// "invalid_query". Delivery data is never part of a listing.
// ResendConfirmation: see resend_log.h for the rules; then POST
// /orders/{id}/resend_email. Ascenda's answer is recorded: 'sent' -> OK;
// refused -> kFailedPrecondition "resend_refused"; retryable ->
// kUnavailable "ascenda_unavailable"; no definite answer -> kDeadlineExceeded
// "resend_unconfirmed" (the email may arrive).
// Resync (operators): GET /orders/{order_id} (or, with no order id yet, GET
// /orders?reference_id=) now and apply it as OrderObserved through the store
// — the same transitions as a webhook; no order found changes nothing.
// Answers the operator view (no delivery data).
// Operator calls (rewards::RedemptionOperations, outcome_room_operator.cc):
// Resolve applies RedemptionEvent::OperatorResolve through the store — the
// row's lock and Decide, so a second resolve, or one racing a webhook or the
// reconciler, finds the row settled and answers kConflict
// "not_needs_attention" (refunds at most once: the ledger key is
// "ascenda:refund:<id>" and Decide checks `refunded`). The note: 1..kMaxNoteLength
// bytes of UTF-8 text, else kInvalidArgument "invalid_note".
// RedemptionDetail adds the history, order id, attempts and errors (never
// delivery data); SearchRedemptions filters by state, member and reference.
// DeliveryFor: the opened delivery data when `member_id` owns the record,
// else nothing.
//
// Thread-safe. Borrows `services`, `store` and `keys`; they must outlive it.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "ascenda/client/ascenda_client.h"
#include "ascenda/outcome/delivery_keys.h"
#include "ascenda/outcome/resend_log.h"
#include "ascenda/redemption/redemption_policy.h"
#include "ascenda/redemption/redemption_store.h"
#include "ascenda/settings/ascenda_settings.h"
#include "ascenda/webhook/webhook_applier.h"
#include "ascenda/webhook/webhook_event_store.h"
#include "ascenda/webhook/webhook_receiver.h"
#include "ascenda/wire/order_json.h"
#include "rewards/host_services.h"
#include "rewards/redemption_operations.h"
#include "rewards/redemption_types.h"

namespace ascenda {

class OutcomeRoom {
 public:
  static constexpr std::chrono::seconds kSweepInterval{15};
  static constexpr std::size_t kMaxNoteLength = 1000;

  OutcomeRoom(rewards::HostServices& services, RedemptionStore& store, DeliveryKeys& keys);
  ~OutcomeRoom();
  OutcomeRoom(const OutcomeRoom&) = delete;
  OutcomeRoom& operator=(const OutcomeRoom&) = delete;

  void Configure(const AscendaSettings& settings);
  void SetClient(std::shared_ptr<AscendaClient> client);
  rewards::Status Start();
  void Stop();

  rewards::Result<rewards::RedemptionPage> ListRedemptions(const rewards::RedemptionQuery& query);
  rewards::Status ResendConfirmation(const std::string& redemption_id,
                                     const std::string& member_id);
  rewards::Result<rewards::Redemption> Resync(const std::string& redemption_id);
  rewards::Result<rewards::Redemption> Resolve(const rewards::ResolveRequest& request);
  rewards::Result<rewards::RedemptionDetail> RedemptionDetail(const std::string& redemption_id);
  rewards::Result<rewards::RedemptionPage> SearchRedemptions(
      const rewards::OperatorRedemptionQuery& query);
  std::optional<rewards::DeliveryData> DeliveryFor(const RedemptionRecord& record,
                                                   const std::string& member_id);

  WebhookReceiver& receiver() { return receiver_; }
  WebhookApplier& applier() { return applier_; }
  WebhookEventStore& events() { return events_; }

 private:
  struct Config {
    std::shared_ptr<AscendaClient> client;
    RedemptionPolicy policy;
    std::chrono::seconds resend_cooldown{300};
  };
  Config Current() const;
  // The order for `record` from Ascenda now; nullopt when none exists.
  rewards::Result<std::optional<wire::Order>> FetchOrder(AscendaClient& client,
                                                         const RedemptionRecord& record);

  rewards::HostServices& services_;
  RedemptionStore& store_;
  DeliveryKeys& keys_;
  WebhookEventStore events_;
  ResendLog resends_;
  WebhookApplier applier_;
  WebhookReceiver receiver_;
  mutable std::mutex mu_;
  Config config_;                         // guarded by mu_
  bool route_added_ = false;              // guarded by mu_
  std::optional<rewards::TaskId> sweep_;  // guarded by mu_
};

}  // namespace ascenda
