#include "create_order_request.h"

#include <Poco/JSON/Array.h>

#include <algorithm>

#include "json_text.h"

namespace ascenda_sim {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr size_t kMaxReferenceLength = 255;
const char* const kUserFields[] = {"number", "email", "first_name", "last_name", "phone_number"};

// Reads a required string field. `where` prefixes the field name in messages.
std::optional<ApiError> RequiredString(const Object& o, const std::string& key,
                                       const std::string& where, std::string& out) {
  if (!o.has(key) || o.isNull(key)) {
    return ApiError::InvalidParameters(where + key + " is required");
  }
  if (!o.get(key).isString()) {
    return ApiError::InvalidParameterType(where + key + " must be a string");
  }
  out = o.getValue<std::string>(key);
  if (out.empty()) return ApiError::InvalidParameters(where + key + " is required");
  return std::nullopt;
}

std::optional<ApiError> ParseUser(const Object& body, CreateOrderRequest& out) {
  if (!body.has("user") || body.isNull("user")) {
    return ApiError::InvalidParameters("user is required");
  }
  Object::Ptr user = body.getObject("user");
  if (!user) return ApiError::InvalidParameterType("user must be an object");
  for (const char* field : kUserFields) {
    if (!user->has(field) || user->isNull(field)) continue;
    if (!user->get(field).isString()) {
      return ApiError::InvalidParameterType(std::string("user.") + field + " must be a string");
    }
    out.user[field] = user->getValue<std::string>(field);
  }
  auto email = out.user.find("email");
  if (email != out.user.end() && !email->second.empty() &&
      email->second.find('@') == std::string::npos) {
    return ApiError::InvalidParameters("user.email is not a valid email address");
  }
  return std::nullopt;
}

std::optional<ApiError> ParseItem(const Object& body, CreateOrderRequest& out) {
  if (!body.has("gift_cards") || body.isNull("gift_cards")) {
    return ApiError::InvalidParameters("gift_cards is required");
  }
  Array::Ptr items = body.getArray("gift_cards");
  if (!items) return ApiError::InvalidParameterType("gift_cards must be an array");
  if (items->size() == 0) return ApiError::InvalidParameters("gift_cards is required");
  if (items->size() > 1) {
    return ApiError::InvalidParameters("multiple order items are not supported yet");
  }
  Object::Ptr item = items->getObject(0);
  if (!item) return ApiError::InvalidParameterType("gift_cards[0] must be an object");
  const std::string where = "gift_cards[0].";
  if (auto e = RequiredString(*item, "id", where, out.gift_card_id)) return e;
  if (auto e = RequiredString(*item, "denomination", where, out.denomination)) return e;
  if (auto e = RequiredString(*item, "currency", where, out.currency)) return e;
  if (item->has("quantity") && !item->isNull("quantity")) {
    const Poco::Dynamic::Var& quantity = item->get("quantity");
    if (!quantity.isInteger()) {
      return ApiError::InvalidParameterType(where + "quantity must be an integer");
    }
    if (quantity.convert<int64_t>() != 1) {
      return ApiError::InvalidParameters(where + "quantity must be 1");
    }
  }
  return std::nullopt;
}

}  // namespace

std::string PeekReferenceId(const Object& body) {
  if (!body.has("reference_id") || !body.get("reference_id").isString()) return "";
  return body.getValue<std::string>("reference_id");
}

std::optional<ApiError> ParseCreateOrder(const Object& body, CreateOrderRequest& out) {
  if (auto e = RequiredString(body, "reference_id", "", out.reference_id)) return e;
  if (out.reference_id.size() > kMaxReferenceLength) {
    return ApiError::InvalidParameters("reference_id is longer than 255 characters");
  }
  if (auto e = RequiredString(body, "transacted_at", "", out.transacted_at)) return e;
  if (!IsIsoDateTime(out.transacted_at)) {
    return ApiError::InvalidParameters("transacted_at must be an ISO 8601 date-time");
  }
  if (auto e = ParseUser(body, out)) return e;
  return ParseItem(body, out);
}

std::optional<ApiError> CheckAgainstCatalogue(const CreateOrderRequest& request,
                                              const CatalogueStore& catalogue,
                                              const GiftCard** card) {
  const GiftCard* found = catalogue.Find(request.gift_card_id);
  if (!found) return ApiError::NotFound("gift card not found");
  if (!catalogue.InStock(*found)) return ApiError::NotFound("gift card is out of stock");
  if (request.currency != found->currency) {
    return ApiError::NotFound("gift card not available in currency " + request.currency);
  }
  const auto& denominations = found->denominations;
  if (std::find(denominations.begin(), denominations.end(), request.denomination) ==
      denominations.end()) {
    return ApiError::NotFound("denomination " + request.denomination +
                              " not available for this gift card");
  }
  for (const std::string& field : found->required_user_fields) {
    auto it = request.user.find(field);
    if (it == request.user.end() || it->second.empty()) {
      return ApiError::InvalidParameters("user." + field + " is required");
    }
  }
  *card = found;
  return std::nullopt;
}

}  // namespace ascenda_sim
