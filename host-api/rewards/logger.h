// Logger: the host's log, lent to the plugin.
//
// The plugin never configures Poco's root logger; it writes through this.
// Messages must never contain secrets, tokens or gift card delivery data.
// Thread-safe. Owned by the host; valid from create() until destroy() returns.
#pragma once

#include <string_view>

namespace rewards {

enum class LogLevel { kDebug, kInfo, kWarning, kError };

class Logger {
 public:
  virtual ~Logger() = default;
  virtual void Log(LogLevel level, std::string_view message) noexcept = 0;
  virtual bool Enabled(LogLevel level) const noexcept = 0;

  void Debug(std::string_view m) noexcept { Log(LogLevel::kDebug, m); }
  void Info(std::string_view m) noexcept { Log(LogLevel::kInfo, m); }
  void Warning(std::string_view m) noexcept { Log(LogLevel::kWarning, m); }
  void Error(std::string_view m) noexcept { Log(LogLevel::kError, m); }
};

}  // namespace rewards
