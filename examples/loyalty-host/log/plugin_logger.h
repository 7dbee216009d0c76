// PluginLogger: rewards::Logger and rewards::StructuredLogger over the Poco
// logger "plugin.<name>". Fields travel as the Poco::Message's parameters
// (log_format.h), which the host's formatter writes as JSON members or as
// ` key=value`.
// Thread-safe (Poco loggers are). The channel is the host's (logging_setup.h).
#pragma once

#include <Poco/Logger.h>

#include <string>

#include "rewards/logger.h"
#include "rewards/structured_logger.h"

namespace loyalty {

class PluginLogger : public rewards::Logger, public rewards::StructuredLogger {
 public:
  explicit PluginLogger(const std::string& plugin_name);
  void Log(rewards::LogLevel level, std::string_view message) noexcept override;
  bool Enabled(rewards::LogLevel level) const noexcept override;
  void LogFields(rewards::LogLevel level, std::string_view message,
                 const rewards::LogFieldList& fields) noexcept override;

 private:
  Poco::Logger& logger_;
};

}  // namespace loyalty
