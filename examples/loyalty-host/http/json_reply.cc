#include "http/json_reply.h"

#include <Poco/Exception.h>
#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <cctype>
#include <sstream>

#include "rewards/gift_card_json.h"

namespace loyalty {

namespace {

bool IsInteger(const std::string& s) {
  std::size_t i = (!s.empty() && s[0] == '-') ? 1 : 0;
  if (i >= s.size() || s.size() - i > 18) return false;
  if (s[i] == '0' && s.size() - i > 1) return false;
  for (; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

void AppendValue(const Poco::Dynamic::Var& v, std::string& out);

// The escaping of Poco 1.11's compact Stringifier (Poco::toJSON without
// JSON_ESCAPE_UNICODE), stated once for host and plugins in host-api.
void AppendString(const std::string& s, std::string& out) { rewards::AppendJsonString(s, out); }

void AppendObject(const Poco::JSON::Object& o, std::string& out) {
  out += '{';
  bool first = true;
  for (const std::string& key : o.getNames()) {  // insertion order when preserved
    if (!first) out += ',';
    first = false;
    AppendString(key, out);
    out += ':';
    AppendValue(o.get(key), out);
  }
  out += '}';
}

void AppendArray(const Poco::JSON::Array& a, std::string& out) {
  out += '[';
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (i > 0) out += ',';
    AppendValue(a.get(static_cast<unsigned int>(i)), out);
  }
  out += ']';
}

// Strings, integers, booleans, null, objects and arrays are written here;
// anything else (doubles, dates, ...) by Poco's Stringifier, so the text is
// the same as before.
void AppendValue(const Poco::Dynamic::Var& v, std::string& out) {
  const std::type_info& type = v.type();
  if (v.isEmpty()) {
    out += "null";
  } else if (type == typeid(std::string)) {
    AppendString(v.extract<std::string>(), out);
  } else if (type == typeid(Poco::JSON::Object::Ptr)) {
    const auto& p = v.extract<Poco::JSON::Object::Ptr>();
    if (p.isNull()) {
      out += "null";
    } else {
      AppendObject(*p, out);
    }
  } else if (type == typeid(Poco::JSON::Array::Ptr)) {
    const auto& p = v.extract<Poco::JSON::Array::Ptr>();
    if (p.isNull()) {
      out += "null";
    } else {
      AppendArray(*p, out);
    }
  } else if (type == typeid(bool)) {
    out += v.extract<bool>() ? "true" : "false";
  } else if (v.isInteger() && type != typeid(char) && v.isSigned()) {  // Poco: a char is text
    out += std::to_string(v.convert<Poco::Int64>());
  } else if (v.isInteger() && type != typeid(char)) {
    out += std::to_string(v.convert<Poco::UInt64>());
  } else {
    std::ostringstream text;
    Poco::JSON::Stringifier::stringify(v, text);
    out += text.str();
  }
}

}  // namespace

Poco::JSON::Object::Ptr NewObject() {
  return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

Poco::JSON::Array::Ptr NewArray() { return new Poco::JSON::Array; }

rewards::HttpResponse JsonReply(int status, const Poco::JSON::Object::Ptr& body) {
  rewards::HttpResponse r;
  r.status = status;
  // Not body->stringify(ostream): Poco writes a string value to the stream a
  // byte at a time, which made rendering a page of 25 gift cards (20 KB) the
  // bulk of the request's CPU (docs/PERFORMANCE.md, job 1).
  r.body.reserve(4096);
  AppendObject(*body, r.body);
  return r;
}

rewards::HttpResponse ErrorReply(int status, const std::string& error, const std::string& message) {
  Poco::JSON::Object::Ptr body = NewObject();
  body->set("error", error);
  body->set("message", message);
  return JsonReply(status, body);
}

int HttpStatusFor(rewards::StatusCode code) {
  using rewards::StatusCode;
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 422;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kDeadlineExceeded:
      return 504;
    case StatusCode::kUnimplemented:
      return 501;
    case StatusCode::kUnknown:
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

rewards::HttpResponse StatusReply(const rewards::Status& status) {
  // A database failure's text names tables, SQL and sockets: the caller gets
  // what to do instead (the failure shows in the host's transaction metrics and
  // the database's own log).
  if (status.error() == "database_unavailable") {
    return ErrorReply(HttpStatusFor(status.code()), "temporarily_unavailable",
                      "The service is temporarily unavailable; please try again in a minute.");
  }
  if (status.error() == "database_error") {
    return ErrorReply(HttpStatusFor(status.code()), "internal_error",
                      "Something went wrong on our side; please try again later.");
  }
  Poco::JSON::Object::Ptr body = NewObject();
  body->set("error", status.error().empty() ? std::string("error") : status.error());
  body->set("message", status.message());
  for (const auto& [key, value] : status.details()) {
    if (key == "error" || key == "message") continue;
    if (IsInteger(value)) {
      body->set(key, static_cast<Poco::Int64>(std::stoll(value)));
    } else {
      body->set(key, value);
    }
  }
  rewards::HttpResponse r = JsonReply(HttpStatusFor(status.code()), body);
  if (status.code() == rewards::StatusCode::kResourceExhausted) {
    auto it = status.details().find("retry_after_s");
    if (it != status.details().end() && IsInteger(it->second)) {
      r.headers.emplace_back("Retry-After", it->second);
    }
  }
  return r;
}

rewards::Result<Poco::JSON::Object::Ptr> ParseJsonObject(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var v = parser.parse(body);
    if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
      return v.extract<Poco::JSON::Object::Ptr>();
    }
  } catch (const Poco::Exception&) {
  } catch (const std::exception&) {
  }
  return rewards::InvalidArgument("invalid_json", "the body must be a JSON object");
}

}  // namespace loyalty
