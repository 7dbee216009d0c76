#include "ascenda/redemption/member_errors.h"

namespace ascenda {

namespace {

using rewards::StatusCode;

bool Machinery(const rewards::Status& s) {
  if (s.code() == StatusCode::kInternal || s.code() == StatusCode::kUnknown) return true;
  return s.error().compare(0, 9, "database_") == 0;
}

}  // namespace

rewards::Status ForMember(const rewards::Status& status, rewards::Logger& logger,
                          const std::string& what) {
  if (status.ok() || !Machinery(status)) return status;
  logger.Warning("ascenda: " + what + " failed: " + status.ToString());
  if (status.code() == StatusCode::kInternal) {
    return rewards::Status(status.code(), "internal_error",
                           "Something went wrong on our side. Your points are safe; please try "
                           "again later.");
  }
  return rewards::Status(status.code(), "temporarily_unavailable",
                         "Gift cards are temporarily unavailable. Your points are safe; please "
                         "try again in a minute.");
}

}  // namespace ascenda
