// RedemptionService: a member's redeem request, from checks to an answer
// that never waits longer than `submit.wait_ms`.
//
// Redeem(request):
//   0. The same (member, idempotency key) seen before: same content -> that
//      redemption, replayed = true, nothing debited or submitted again (its
//      submission goes on where it is, or the reconciler's); other content
//      -> kConflict "conflict". Answered before the checks below, so a replay
//      gets the first answer even if the price or stock changed since.
//   1. Checks before anything is written: an idempotency key
//      (kInvalidArgument "invalid_redemption"); the card, denomination and
//      currency are offered now (CatalogueCache::Quote: kNotFound
//      "card_unavailable"); every required_user_fields entry is present in
//      the member profile (number = member id, email, first_name, last_name,
//      phone_number; a field this code cannot fill counts as missing):
//      kInvalidArgument "missing_member_field", details["fields"]; every
//      field sent to Ascenda is well-formed UTF-8: kInvalidArgument
//      "invalid_member_field", details["fields"]; the price
//      is still the one the member saw: kFailedPrecondition "price_changed",
//      details["points"] = the price now.
//   2. RedemptionStore::Reserve: the debit and the `reserved` row in one
//      transaction, leased to `submit_owner` for SubmitLease (so this node's
//      reconciler and other nodes keep off it while it is submitted);
//      kFailedPrecondition "insufficient_points", kConflict "conflict" as
//      the store answers them.
//   3. The submission (Submitter::Drive from kCreate, then Finish) is posted
//      to `executor`; the request waits for it up to `submit.wait_ms`, then
//      answers the redemption as stored (a member sees `processing` unless it
//      is fulfilled or failed). If the executor refuses the task the lease
//      is released and the reconciler submits it.
// Get(id, member_id): the redemption without delivery data; a member who
// does not own it gets kNotFound "unknown_redemption", as for a wrong id.
//
// Thread-safe. Borrows every collaborator; they must outlive the service and
// the executor must be stopped before the service is destroyed.
#pragma once

#include <string>

#include "ascenda/catalogue/catalogue_cache.h"
#include "ascenda/redemption/redemption_store.h"
#include "ascenda/redemption/submitter.h"
#include "ascenda/redemption/worker_pool.h"
#include "rewards/clock.h"
#include "rewards/logger.h"
#include "rewards/redemption_types.h"

namespace ascenda {

class RedemptionService {
 public:
  RedemptionService(RedemptionStore& store, Submitter& submitter, const CatalogueCache& catalogue,
                    Executor& executor, rewards::Logger& logger, std::string submit_owner);
  RedemptionService(const RedemptionService&) = delete;
  RedemptionService& operator=(const RedemptionService&) = delete;

  rewards::Result<rewards::RedeemOutcome> Redeem(const rewards::RedeemRequest& request) noexcept;
  rewards::Result<rewards::Redemption> Get(const std::string& redemption_id,
                                           const std::string& member_id) noexcept;

  // The member fields a card requires that `member` lacks ("number",
  // "email", ...), in the card's order.
  static std::vector<std::string> MissingFields(const rewards::GiftCard& card,
                                                const rewards::MemberProfile& member);
  // The member fields sent to Ascenda ("number", "email", "first_name",
  // "last_name", "phone_number") whose text is not well-formed UTF-8: a
  // create body holding them would not be JSON, so the checkout is refused
  // (400 invalid_member_field) before anything is written.
  static std::vector<std::string> NotUtf8Fields(const rewards::MemberProfile& member);

 private:
  // Step 0: the replay or conflict, if the key was used; nullopt when it is new.
  // Redeem and Get before ForMember (member_errors.h) words their failures.
  rewards::Result<rewards::RedeemOutcome> RedeemOrFail(
      const rewards::RedeemRequest& request) noexcept;
  rewards::Result<rewards::Redemption> GetOrFail(const std::string& redemption_id,
                                                 const std::string& member_id) noexcept;
  std::optional<rewards::Result<rewards::RedeemOutcome>> Replay(
      const rewards::RedeemRequest& request);
  rewards::Result<rewards::Quote> Check(const rewards::RedeemRequest& request);
  rewards::RedeemOutcome SubmitAndWait(const RedemptionRecord& reserved,
                                       std::chrono::steady_clock::time_point lease_end);

  RedemptionStore& store_;
  Submitter& submitter_;
  const CatalogueCache& catalogue_;
  Executor& executor_;
  rewards::Logger& logger_;
  const std::string submit_owner_;
};

}  // namespace ascenda
