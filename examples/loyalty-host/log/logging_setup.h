// Host logging: the host, not a plugin, gives Poco's loggers their channel.
//
// ConfigureLogging sets every logger (root and all made later) to write to the
// console, or to `file` when it is not empty, at `level` (a Poco level name),
// one line per message in `format` (log_format.h): "text" — time, priority,
// logger name, text, fields — or "json", one JSON object per line.
// Call once at start, before other threads log.
#pragma once

#include <string>

#include "rewards/status.h"

namespace loyalty {

rewards::Status ConfigureLogging(const std::string& level, const std::string& file,
                                 const std::string& format = "text");

}  // namespace loyalty
