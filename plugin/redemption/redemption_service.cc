#include "ascenda/redemption/redemption_service.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "ascenda/catalogue/name_fold.h"
#include "ascenda/redemption/member_errors.h"
#include "ascenda/redemption/request_fingerprint.h"
#include "ascenda/wire/text.h"

namespace ascenda {

namespace {

// The drive's end, shared by the worker and the waiting request (either may
// outlive the other).
struct Completion {
  std::mutex mu;
  std::condition_variable cv;
  std::optional<RedemptionRecord> record;

  void Set(RedemptionRecord r) {
    {
      std::lock_guard<std::mutex> lock(mu);
      record = std::move(r);
    }
    cv.notify_all();
  }
  std::optional<RedemptionRecord> WaitFor(std::chrono::milliseconds d) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait_for(lock, d, [this] { return record.has_value(); });
    return record;
  }
};

rewards::Status Conflict() {
  return rewards::Status(rewards::StatusCode::kConflict, "conflict",
                         "This idempotency key was already used for a different redemption.");
}

}  // namespace

RedemptionService::RedemptionService(RedemptionStore& store, Submitter& submitter,
                                     const CatalogueCache& catalogue, Executor& executor,
                                     rewards::Logger& logger, std::string submit_owner)
    : store_(store),
      submitter_(submitter),
      catalogue_(catalogue),
      executor_(executor),
      logger_(logger),
      submit_owner_(std::move(submit_owner)) {}

std::vector<std::string> RedemptionService::MissingFields(const rewards::GiftCard& card,
                                                          const rewards::MemberProfile& m) {
  std::vector<std::string> missing;
  for (const std::string& field : card.required_user_fields) {
    const std::string* value = nullptr;
    if (field == "number") value = &m.id;
    if (field == "email") value = &m.email;
    if (field == "first_name") value = &m.first_name;
    if (field == "last_name") value = &m.last_name;
    if (field == "phone_number") value = &m.phone_number;
    if (value == nullptr || value->empty()) missing.push_back(field);
  }
  return missing;
}

std::vector<std::string> RedemptionService::NotUtf8Fields(const rewards::MemberProfile& m) {
  std::vector<std::string> out;
  const std::pair<const char*, const std::string*> fields[] = {{"number", &m.id},
                                                               {"email", &m.email},
                                                               {"first_name", &m.first_name},
                                                               {"last_name", &m.last_name},
                                                               {"phone_number", &m.phone_number}};
  for (const auto& [name, value] : fields) {
    if (!IsValidUtf8(*value)) out.emplace_back(name);
  }
  return out;
}

std::optional<rewards::Result<rewards::RedeemOutcome>> RedemptionService::Replay(
    const rewards::RedeemRequest& request) {
  rewards::Result<RedemptionRecord> seen =
      store_.FindByIdempotencyKey(request.member.id, request.idempotency_key);
  if (!seen.ok()) {
    if (seen.status().code() == rewards::StatusCode::kNotFound) return std::nullopt;
    return rewards::Result<rewards::RedeemOutcome>(seen.status());
  }
  if (seen->request_fingerprint != RequestFingerprint(request)) {
    return rewards::Result<rewards::RedeemOutcome>(Conflict());
  }
  return rewards::Result<rewards::RedeemOutcome>(
      rewards::RedeemOutcome{ToRedemption(seen.value()), true});
}

rewards::Result<rewards::Quote> RedemptionService::Check(const rewards::RedeemRequest& request) {
  rewards::Result<rewards::Quote> quote =
      catalogue_.Quote(request.gift_card_id, request.denomination, request.currency);
  if (!quote.ok()) return quote.status();
  const std::vector<std::string> missing = MissingFields(*quote->card, request.member);
  if (!missing.empty()) {
    return rewards::Status(rewards::StatusCode::kInvalidArgument, "missing_member_field",
                           "This gift card needs the member's " + wire::Join(missing) +
                               ", which the member profile does not have.",
                           {{"fields", wire::Join(missing)}});
  }
  const std::vector<std::string> garbled = NotUtf8Fields(request.member);
  if (!garbled.empty()) {
    return rewards::Status(rewards::StatusCode::kInvalidArgument, "invalid_member_field",
                           "The member's " + wire::Join(garbled) +
                               " is not valid UTF-8 text and cannot be sent to Ascenda.",
                           {{"fields", wire::Join(garbled)}});
  }
  if (request.expected_points != quote->points) {
    return rewards::Status(
        rewards::StatusCode::kFailedPrecondition, "price_changed",
        "The price of this gift card changed to " + std::to_string(quote->points) + " points.",
        {{"points", std::to_string(quote->points)}});
  }
  return quote;
}

rewards::Result<rewards::RedeemOutcome> RedemptionService::Redeem(
    const rewards::RedeemRequest& request) noexcept {
  rewards::Result<rewards::RedeemOutcome> out = RedeemOrFail(request);
  if (!out.ok()) return ForMember(out.status(), logger_, "redeem");
  return out;
}

rewards::Result<rewards::RedeemOutcome> RedemptionService::RedeemOrFail(
    const rewards::RedeemRequest& request) noexcept {
  try {
    if (request.idempotency_key.empty() || request.member.id.empty()) {
      return rewards::InvalidArgument("invalid_redemption",
                                      "A member and an idempotency key are required.");
    }
    if (auto replay = Replay(request)) return std::move(*replay);
    rewards::Result<rewards::Quote> quote = Check(request);
    if (!quote.ok()) return quote.status();

    NewRedemption fresh;
    fresh.ids = NewRedemptionIds();
    fresh.request = request;
    fresh.request.denomination = quote->denomination;
    fresh.points = quote->points;
    fresh.gift_card_name = quote->card->name;
    fresh.logo_url = quote->card->logo_url;
    fresh.lease_owner = submit_owner_;
    fresh.lease = SubmitLease(submitter_.config());
    const auto lease_end = submitter_.LeaseEnd(fresh.lease);  // before the lease is taken
    rewards::Result<ReserveOutcome> reserved = store_.Reserve(fresh);
    if (!reserved.ok()) return reserved.status();
    if (reserved->replayed) {  // a twin with the same key won the race
      return rewards::RedeemOutcome{ToRedemption(reserved->record), true};
    }
    return SubmitAndWait(reserved->record, lease_end);
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("redeem failed: ") + e.what());
  } catch (...) {
    return rewards::Internal("redeem failed");
  }
}

rewards::RedeemOutcome RedemptionService::SubmitAndWait(
    const RedemptionRecord& reserved, std::chrono::steady_clock::time_point lease_end) {
  auto done = std::make_shared<Completion>();
  Submitter& submitter = submitter_;
  const std::string owner = submit_owner_;
  const bool posted = executor_.Post([&submitter, done, reserved, lease_end, owner] {
    DriveOutcome outcome = submitter.Drive(reserved, FirstStep::kCreate, lease_end);
    submitter.Finish(outcome, owner);
    done->Set(std::move(outcome.record));
  });
  if (!posted) {
    logger_.Warning("ascenda: redemption " + reserved.id +
                    " left to the reconciler: no submission worker free");
    (void)store_.Release(reserved.id, submit_owner_, std::nullopt);
    return rewards::RedeemOutcome{ToRedemption(reserved), false};
  }
  std::optional<RedemptionRecord> settled = done->WaitFor(submitter_.config().wait);
  if (settled) return rewards::RedeemOutcome{ToRedemption(*settled), false};
  rewards::Result<RedemptionRecord> now = store_.Get(reserved.id);
  return rewards::RedeemOutcome{ToRedemption(now.ok() ? now.value() : reserved), false};
}

rewards::Result<rewards::Redemption> RedemptionService::Get(const std::string& redemption_id,
                                                            const std::string& member_id) noexcept {
  rewards::Result<rewards::Redemption> out = GetOrFail(redemption_id, member_id);
  if (!out.ok()) return ForMember(out.status(), logger_, "redemption lookup");
  return out;
}

rewards::Result<rewards::Redemption> RedemptionService::GetOrFail(
    const std::string& redemption_id, const std::string& member_id) noexcept {
  try {
    rewards::Result<RedemptionRecord> r = store_.Get(redemption_id);
    if (!r.ok()) return r.status();
    if (!member_id.empty() && r->member.id != member_id) {
      return rewards::NotFound("unknown_redemption", "no redemption " + redemption_id);
    }
    return ToRedemption(r.value());
  } catch (const std::exception& e) {
    return rewards::Internal(std::string("redemption lookup failed: ") + e.what());
  }
}

}  // namespace ascenda
