// Status and Result: how every call across the host/plugin boundary reports failure.
//
// No exception crosses the boundary; every interface method is noexcept and
// answers a Status (or a Result<T>, a value or a Status). A code says what the
// caller may do next, modelled on abseil's status codes:
//
//   retryable      the call did nothing; the same call may be made again later
//                  (kUnavailable, kResourceExhausted).
//   terminal       the call did nothing and repeating it gives the same answer
//                  (kInvalidArgument, kNotFound, kConflict, kFailedPrecondition,
//                   kPermissionDenied, kUnauthenticated, kUnimplemented, kInternal).
//   indeterminate  the call may or may not have taken effect; find out before
//                  acting on a guess (kDeadlineExceeded, kUnknown).
//
// `error()` is a short machine-readable code for people's clients
// (e.g. "insufficient_points"); `message()` is for a person. `details()` holds
// extra machine-readable facts (e.g. "points" on price_changed, "retry_after_s").
// Thread-compatible value types.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

namespace rewards {

enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument = 1,
  kNotFound = 2,
  kConflict = 3,
  kFailedPrecondition = 4,
  kPermissionDenied = 5,
  kUnauthenticated = 6,
  kResourceExhausted = 7,
  kUnavailable = 8,
  kDeadlineExceeded = 9,
  kUnknown = 10,
  kUnimplemented = 11,
  kInternal = 12,
};

enum class RetryClass { kNone, kRetryable, kTerminal, kIndeterminate };

constexpr RetryClass RetryClassOf(StatusCode code) noexcept {
  switch (code) {
    case StatusCode::kOk:
      return RetryClass::kNone;
    case StatusCode::kUnavailable:
    case StatusCode::kResourceExhausted:
      return RetryClass::kRetryable;
    case StatusCode::kDeadlineExceeded:
    case StatusCode::kUnknown:
      return RetryClass::kIndeterminate;
    default:
      return RetryClass::kTerminal;
  }
}

const char* StatusCodeName(StatusCode code) noexcept;

class [[nodiscard]] Status {
 public:
  using Details = std::map<std::string, std::string>;

  Status() noexcept = default;  // OK
  Status(StatusCode code, std::string error, std::string message, Details details = {})
      : code_(code),
        error_(std::move(error)),
        message_(std::move(message)),
        details_(std::move(details)) {}

  static Status Ok() noexcept { return Status(); }

  bool ok() const noexcept { return code_ == StatusCode::kOk; }
  StatusCode code() const noexcept { return code_; }
  RetryClass retry_class() const noexcept { return RetryClassOf(code_); }
  const std::string& error() const noexcept { return error_; }
  const std::string& message() const noexcept { return message_; }
  const Details& details() const noexcept { return details_; }

  // "kNotFound card_unavailable: no such card" — for logs; never holds secrets
  // unless a caller put them in the message (do not).
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string error_;
  std::string message_;
  Details details_;
};

// Shorthands for the common codes; `error` is the machine-readable code.
Status Unimplemented(const std::string& what);
Status InvalidArgument(std::string error, std::string message);
Status NotFound(std::string error, std::string message);
Status Internal(std::string message);

// A value or the Status that says why there is none.
// REQUIRES: value() only when ok().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) status_ = Internal("Result built from an OK status");
  }

  bool ok() const noexcept { return value_.has_value(); }
  const Status& status() const noexcept { return status_; }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace rewards
