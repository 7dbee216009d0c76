#include "log/log_format.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/PatternFormatter.h>

#include <cstdio>

namespace loyalty {

namespace {

constexpr const char* kFieldsParam = "log.fields";
constexpr char kUnitSep = '\x1f';    // between a field's name and value
constexpr char kRecordSep = '\x1e';  // after each field

bool SecretName(const std::string& name) {
  static const char* kWords[] = {
      "secret", "token", "password", "pin", "code", "key", "authorization",
  };
  for (const char* w : kWords) {
    if (name.find(w) != std::string::npos) return true;
  }
  return false;
}

std::string FieldValue(const std::string& name, const std::string& value) {
  return SecretName(name) ? "[redacted]" : value;
}

const char* LevelName(Poco::Message::Priority p) {
  switch (p) {
    case Poco::Message::PRIO_FATAL:
      return "fatal";
    case Poco::Message::PRIO_CRITICAL:
      return "critical";
    case Poco::Message::PRIO_ERROR:
      return "error";
    case Poco::Message::PRIO_WARNING:
      return "warning";
    case Poco::Message::PRIO_NOTICE:
      return "notice";
    case Poco::Message::PRIO_INFORMATION:
      return "info";
    case Poco::Message::PRIO_DEBUG:
      return "debug";
    case Poco::Message::PRIO_TRACE:
      return "trace";
  }
  return "info";
}

class JsonFormatter : public Poco::Formatter {
 public:
  void format(const Poco::Message& msg, std::string& text) override {
    text = "{\"time\":" +
           JsonString(Poco::DateTimeFormatter::format(msg.getTime(), "%Y-%m-%dT%H:%M:%S.%iZ")) +
           ",\"level\":\"" + LevelName(msg.getPriority()) +
           "\",\"logger\":" + JsonString(msg.getSource()) +
           ",\"message\":" + JsonString(msg.getText());
    for (const auto& [name, value] : GetLogFields(msg)) {
      if (name == "time" || name == "level" || name == "logger" || name == "message") continue;
      text += "," + JsonString(name) + ":" + JsonString(FieldValue(name, value));
    }
    text += "}";
  }
};

class TextFormatter : public Poco::Formatter {
 public:
  TextFormatter() : pattern_(new Poco::PatternFormatter("%Y-%m-%dT%H:%M:%S.%iZ %p %s: %t")) {}
  void format(const Poco::Message& msg, std::string& text) override {
    pattern_->format(msg, text);
    for (const auto& [name, value] : GetLogFields(msg)) {
      text += " " + name + "=" + FieldValue(name, value);
    }
  }

 private:
  Poco::AutoPtr<Poco::PatternFormatter> pattern_;
};

}  // namespace

void SetLogFields(Poco::Message& message, const rewards::LogFieldList& fields) {
  if (fields.empty()) return;
  std::string packed;
  for (const auto& [name, value] : fields) {
    packed += name;
    packed += kUnitSep;
    packed += value;
    packed += kRecordSep;
  }
  message.set(kFieldsParam, packed);
}

rewards::LogFieldList GetLogFields(const Poco::Message& message) {
  rewards::LogFieldList out;
  if (!message.has(kFieldsParam)) return out;
  const std::string& packed = message.get(kFieldsParam);
  std::size_t start = 0;
  while (start < packed.size()) {
    const std::size_t end = packed.find(kRecordSep, start);
    if (end == std::string::npos) break;
    const std::size_t sep = packed.find(kUnitSep, start);
    if (sep == std::string::npos || sep > end) break;
    out.emplace_back(packed.substr(start, sep - start), packed.substr(sep + 1, end - sep - 1));
    start = end + 1;
  }
  return out;
}

Poco::Formatter* NewLogFormatter(const std::string& format) {
  if (format == "text") return new TextFormatter;
  if (format == "json") return new JsonFormatter;
  return nullptr;
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

}  // namespace loyalty
