// The body of POST /fulfillment_orders/gift_cards (docs/ascenda-api.md §6), checked the
// way Ascenda checks it: shape and types first (400 NN1001 / AF2001), then
// the catalogue (404 NN1002), then the card's required user fields (400).
// reference_id uniqueness (409 NN1011) is the OrderStore's job.
//
// Pure functions; thread-safe.
#pragma once

#include <Poco/JSON/Object.h>

#include <map>
#include <optional>
#include <string>

#include "api_error.h"
#include "catalogue_store.h"

namespace ascenda_sim {

struct CreateOrderRequest {
  std::string reference_id;
  std::string transacted_at;
  std::map<std::string, std::string> user;  // string-valued user fields
  std::string gift_card_id;
  std::string denomination;
  std::string currency;
};

// The reference_id when it is a string, else "" (used before validation to
// count attempts and match scripted faults).
std::string PeekReferenceId(const Poco::JSON::Object& body);

// Shape and type checks. Fills `out` when it returns nullopt.
std::optional<ApiError> ParseCreateOrder(const Poco::JSON::Object& body, CreateOrderRequest& out);

// Card, stock, denomination, currency and required user fields. Sets *card.
std::optional<ApiError> CheckAgainstCatalogue(const CreateOrderRequest& request,
                                              const CatalogueStore& catalogue,
                                              const GiftCard** card);

}  // namespace ascenda_sim
