#include "rewards/status.h"

namespace rewards {

const char* StatusCodeName(StatusCode code) noexcept {
  switch (code) {
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kInvalidArgument:
      return "INVALID_ARGUMENT";
    case StatusCode::kNotFound:
      return "NOT_FOUND";
    case StatusCode::kConflict:
      return "CONFLICT";
    case StatusCode::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case StatusCode::kPermissionDenied:
      return "PERMISSION_DENIED";
    case StatusCode::kUnauthenticated:
      return "UNAUTHENTICATED";
    case StatusCode::kResourceExhausted:
      return "RESOURCE_EXHAUSTED";
    case StatusCode::kUnavailable:
      return "UNAVAILABLE";
    case StatusCode::kDeadlineExceeded:
      return "DEADLINE_EXCEEDED";
    case StatusCode::kUnknown:
      return "UNKNOWN";
    case StatusCode::kUnimplemented:
      return "UNIMPLEMENTED";
    case StatusCode::kInternal:
      return "INTERNAL";
  }
  return "UNKNOWN";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = StatusCodeName(code_);
  if (!error_.empty()) out += " " + error_;
  if (!message_.empty()) out += ": " + message_;
  return out;
}

Status Unimplemented(const std::string& what) {
  return Status(StatusCode::kUnimplemented, "unimplemented", what + " is not implemented yet");
}

Status InvalidArgument(std::string error, std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(error), std::move(message));
}

Status NotFound(std::string error, std::string message) {
  return Status(StatusCode::kNotFound, std::move(error), std::move(message));
}

Status Internal(std::string message) {
  return Status(StatusCode::kInternal, "internal", std::move(message));
}

}  // namespace rewards
