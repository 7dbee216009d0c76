#include "http/json_reply.h"

#include <cctype>
#include <sstream>

#include <Poco/Exception.h>
#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

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

}  // namespace

Poco::JSON::Object::Ptr NewObject() {
  return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

Poco::JSON::Array::Ptr NewArray() { return new Poco::JSON::Array; }

rewards::HttpResponse JsonReply(int status, const Poco::JSON::Object::Ptr& body) {
  rewards::HttpResponse r;
  r.status = status;
  std::ostringstream out;
  body->stringify(out);
  r.body = out.str();
  return r;
}

rewards::HttpResponse ErrorReply(int status, const std::string& error,
                                 const std::string& message) {
  Poco::JSON::Object::Ptr body = NewObject();
  body->set("error", error);
  body->set("message", message);
  return JsonReply(status, body);
}

int HttpStatusFor(rewards::StatusCode code) {
  using rewards::StatusCode;
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kConflict: return 409;
    case StatusCode::kFailedPrecondition: return 422;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kResourceExhausted: return 429;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kDeadlineExceeded: return 504;
    case StatusCode::kUnimplemented: return 501;
    case StatusCode::kUnknown:
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

rewards::HttpResponse StatusReply(const rewards::Status& status) {
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
