// PluginLogger: rewards::Logger over the Poco logger "plugin.<name>".
// Thread-safe (Poco loggers are). The channel is the host's (logging_setup.h).
#pragma once

#include <Poco/Logger.h>

#include <string>

#include "rewards/logger.h"

namespace loyalty {

class PluginLogger : public rewards::Logger {
 public:
  explicit PluginLogger(const std::string& plugin_name);
  void Log(rewards::LogLevel level, std::string_view message) noexcept override;
  bool Enabled(rewards::LogLevel level) const noexcept override;

 private:
  Poco::Logger& logger_;
};

}  // namespace loyalty
