// The host's log line formats, `host.log.format`:
//   text — "2026-12-01T10:00:00.000Z Information plugin.ascenda: message key=value …"
//   json — one JSON object per line: {"time","level","logger","message", fields…}
// Fields (rewards::StructuredLogger) ride on the Poco::Message as one
// parameter (SetLogFields) and are written by either formatter. A field whose
// name says it holds a secret (secret, token, password, pin, code, key,
// authorization) is written as "[redacted]" — a second guard behind the rule
// that nobody logs one.
#pragma once

#include <Poco/Formatter.h>
#include <Poco/Message.h>

#include <string>

#include "rewards/structured_logger.h"

namespace loyalty {

void SetLogFields(Poco::Message& message, const rewards::LogFieldList& fields);
rewards::LogFieldList GetLogFields(const Poco::Message& message);

// `format`: "text" or "json"; nullptr otherwise.
Poco::Formatter* NewLogFormatter(const std::string& format);

// `s` as a JSON string literal, quotes included.
std::string JsonString(const std::string& s);

}  // namespace loyalty
