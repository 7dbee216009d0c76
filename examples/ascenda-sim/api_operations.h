// The six operations of the public API (docs/ascenda-api.md §2, §5-§8), each turning a
// parsed request into a Reply. Transport concerns (routing, rate limit,
// faults, closing connections) live in ApiRouter, not here.
//
// Thread-safe: all state is in the SimParts, which must outlive this object.
#pragma once

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

#include "api_error.h"
#include "faults.h"
#include "http_io.h"
#include "list_params.h"
#include "sim_parts.h"

namespace ascenda_sim {

struct ApiRequest {
  ApiOp op = ApiOp::kToken;
  std::string order_id;  // get_order, resend
  QueryMap query;
  std::string content_type;
  bool has_version = false;
  std::string version;
  std::string bearer;  // token from "Authorization: Bearer ..."; may be empty
  std::string body;
  Poco::JSON::Object::Ptr json;  // null when the body is not a JSON object
};

class ApiOperations {
 public:
  explicit ApiOperations(SimParts& parts) : parts_(parts) {}

  // X-Ascenda-Version: present (when strict) and >= 1.3 for order endpoints.
  std::optional<ApiError> CheckVersion(const ApiRequest& request) const;
  // A known, unexpired bearer token.
  std::optional<ApiError> Authorize(const ApiRequest& request) const;

  Reply Token(const ApiRequest& request);
  Reply ListGiftCards(const ApiRequest& request);
  Reply Create(const ApiRequest& request);
  // `ignore_filter`: the ignore_filter fault — the most recent orders,
  // newest first, whatever the reference_id filter says.
  Reply ListOrders(const ApiRequest& request, bool ignore_filter = false);
  Reply GetOrder(const ApiRequest& request);
  Reply Resend(const ApiRequest& request);

 private:
  SimParts& parts_;
};

}  // namespace ascenda_sim
