// Redemption values exchanged between host and plugin.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rewards {

// What the host knows of its member; sent to the provider as the order's user.
struct MemberProfile {
  std::string id;  // the host's unique user id (Ascenda's "number")
  std::string email;
  std::string first_name;
  std::string last_name;
  std::string phone_number;  // may be empty
};

struct RedeemRequest {
  MemberProfile member;
  std::string gift_card_id;
  std::string denomination;
  std::string currency;
  std::int64_t expected_points = 0;  // the price the member saw
  std::string idempotency_key;       // the host's; same key = same redemption
};

// Member-facing status: the internal states never leave the plugin except in
// `state`, for operators.
enum class MemberStatus { kProcessing, kFulfilled, kFailed };

const char* MemberStatusName(MemberStatus s) noexcept;

// Bearer value: shown only to the member who owns the redemption.
struct DeliveryData {
  std::optional<std::string> code;
  std::optional<std::string> pin;
  std::optional<std::string> url;
  std::optional<std::string> expires_at;
};

struct Redemption {
  std::string id;
  std::string reference_id;
  std::string member_id;
  std::string gift_card_id;
  std::string gift_card_name;
  std::string logo_url;
  std::string denomination;
  std::string currency;
  std::int64_t points = 0;
  MemberStatus status = MemberStatus::kProcessing;
  std::string state;           // internal state, for operators
  std::string failure_reason;  // for the member; empty unless failed
  std::string created_at;      // RFC 3339, UTC
  std::string updated_at;
  std::optional<DeliveryData> delivery;  // only in the owner's detail view
};

struct RedeemOutcome {
  Redemption redemption;
  bool replayed = false;  // the idempotency key was seen before
};

struct RedemptionQuery {
  std::string member_id;  // empty only for operators' listings
  std::string status;     // member status, or internal state for operators; empty = all
  int page = 1;
  int page_size = 25;
};

struct RedemptionPage {
  std::vector<Redemption> redemptions;  // newest first
  int page = 1;
  int page_size = 25;
  std::int64_t total_count = 0;
  std::int64_t total_pages = 0;
};

}  // namespace rewards
