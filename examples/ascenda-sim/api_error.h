// An error answer of the public API (docs/ascenda-api.md §4): HTTP status plus one entry
// of the `errors` array. Constructors below are the only place that pairs an
// error code with a status, so a correction to the table is a one-line change.
#pragma once

#include <string>

namespace ascenda_sim {

struct ApiError {
  int status = 500;
  std::string code;
  std::string title;
  std::string detail;

  static ApiError Unexpected(std::string detail) {
    return {500, "NN0001", "Unexpected error", std::move(detail)};
  }
  static ApiError InvalidParameters(std::string detail) {
    return {400, "NN1001", "Invalid parameters", std::move(detail)};
  }
  static ApiError InvalidParameterType(std::string detail) {
    return {400, "AF2001", "Invalid parameter type", std::move(detail)};
  }
  static ApiError NotFound(std::string detail) {
    return {404, "NN1002", "Resource not found", std::move(detail)};
  }
  static ApiError DuplicateReference(std::string detail) {
    return {409, "NN1011", "Reference ID already exists", std::move(detail)};
  }
  static ApiError MemberInvalid(std::string detail) {
    return {422, "NN1301", "Member identifier invalid", std::move(detail)};
  }
  static ApiError TenantNotFound(std::string detail) {
    return {404, "AF2006", "Tenant not found", std::move(detail)};
  }
  // [sim choice] resend_email on an order whose item is not fulfilled; the
  // contract names the status (422) but no code.
  static ApiError NotFulfilled(std::string detail) {
    return {422, "NN1302", "Processing failed", std::move(detail)};
  }
  // [sim choice] The contract names no code for 401; clients key on status.
  static ApiError Unauthorized(std::string detail) {
    return {401, "NN1401", "Unauthorized", std::move(detail)};
  }
  // [sim choice] The contract names no code for 429; clients key on status.
  static ApiError RateLimited() {
    return {429, "NN1429", "Too many requests", "rate limit exceeded, retry later"};
  }
};

}  // namespace ascenda_sim
