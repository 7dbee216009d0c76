#include "ascenda/log/structured_log.h"

#include <string>

namespace ascenda {

void StructuredLog::Log(rewards::LogLevel level, std::string_view message,
                        const rewards::LogFieldList& fields) const noexcept {
  try {
    if (!logger_.Enabled(level)) return;
    if (structured_ != nullptr) {
      structured_->LogFields(level, message, fields);
      return;
    }
    std::string line(message);
    for (const auto& [name, value] : fields) line += " " + name + "=" + value;
    logger_.Log(level, line);
  } catch (...) {
    // A log line is never worth failing the caller.
  }
}

}  // namespace ascenda
