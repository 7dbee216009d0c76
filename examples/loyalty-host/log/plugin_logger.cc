#include "log/plugin_logger.h"

#include <Poco/Message.h>

#include "log/log_format.h"

namespace loyalty {

namespace {

Poco::Message::Priority ToPoco(rewards::LogLevel level) {
  switch (level) {
    case rewards::LogLevel::kDebug:
      return Poco::Message::PRIO_DEBUG;
    case rewards::LogLevel::kInfo:
      return Poco::Message::PRIO_INFORMATION;
    case rewards::LogLevel::kWarning:
      return Poco::Message::PRIO_WARNING;
    case rewards::LogLevel::kError:
      return Poco::Message::PRIO_ERROR;
  }
  return Poco::Message::PRIO_ERROR;
}

}  // namespace

PluginLogger::PluginLogger(const std::string& plugin_name)
    : logger_(Poco::Logger::get("plugin." + plugin_name)) {}

void PluginLogger::Log(rewards::LogLevel level, std::string_view message) noexcept {
  try {
    const Poco::Message::Priority prio = ToPoco(level);
    if (logger_.is(prio)) {
      logger_.log(Poco::Message(logger_.name(), std::string(message), prio));
    }
  } catch (...) {
    // A failing log channel must not take the plugin's call down with it.
  }
}

void PluginLogger::LogFields(rewards::LogLevel level, std::string_view message,
                             const rewards::LogFieldList& fields) noexcept {
  try {
    const Poco::Message::Priority prio = ToPoco(level);
    if (!logger_.is(prio)) return;
    Poco::Message m(logger_.name(), std::string(message), prio);
    SetLogFields(m, fields);
    logger_.log(m);
  } catch (...) {
  }
}

bool PluginLogger::Enabled(rewards::LogLevel level) const noexcept {
  return logger_.is(ToPoco(level));
}

}  // namespace loyalty
