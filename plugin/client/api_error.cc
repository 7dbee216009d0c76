#include "ascenda/client/api_error.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/NumberParser.h>

#include <algorithm>

namespace ascenda {

namespace {

using rewards::StatusCode;

constexpr std::size_t kMaxTextBytes = 300;

struct ErrorBody {
  std::string code;
  std::string title;
  std::string detail;
};

std::string Clip(std::string text) {
  if (text.size() > kMaxTextBytes) text = text.substr(0, kMaxTextBytes) + "...";
  return text;
}

std::string StringField(const Poco::JSON::Object& object, const std::string& key) {
  if (!object.has(key) || object.isNull(key)) return "";
  const Poco::Dynamic::Var value = object.get(key);
  return value.isString() ? value.extract<std::string>() : "";
}

// errors[0] of the contract's error body; empty fields when there is none.
ErrorBody ParseErrorBody(const std::string& body) {
  ErrorBody out;
  try {
    Poco::JSON::Parser parser;
    Poco::JSON::Object::Ptr root = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    Poco::JSON::Array::Ptr errors = root ? root->getArray("errors") : nullptr;
    Poco::JSON::Object::Ptr first = errors && errors->size() > 0 ? errors->getObject(0) : nullptr;
    if (first) {
      out.code = Clip(StringField(*first, "code"));
      out.title = Clip(StringField(*first, "title"));
      out.detail = Clip(StringField(*first, "detail"));
    }
  } catch (const std::exception&) {
    // Not the contract's JSON (a gateway's HTML page): no code.
  }
  return out;
}

StatusCode CodeFor(int status) {
  switch (status) {
    case 400:
      return StatusCode::kInvalidArgument;
    case 401:
      return StatusCode::kUnauthenticated;
    case 403:
      return StatusCode::kPermissionDenied;
    case 404:
      return StatusCode::kNotFound;
    case 409:
      return StatusCode::kConflict;
    case 429:
      return StatusCode::kResourceExhausted;
    default:
      break;
  }
  if (status >= 400 && status < 500) return StatusCode::kFailedPrecondition;  // 422 and others
  return StatusCode::kUnknown;  // 5xx: indeterminate; 1xx / 3xx: not expected
}

}  // namespace

std::chrono::milliseconds RetryAfter(const HttpResponse& response,
                                     std::chrono::system_clock::time_point now) {
  const std::string text = response.Header("retry-after");
  if (text.empty()) return kDefaultRetryAfter;
  unsigned seconds = 0;
  if (Poco::NumberParser::tryParseUnsigned(text, seconds)) {
    return std::chrono::milliseconds(static_cast<std::int64_t>(seconds) * 1000);
  }
  Poco::DateTime when;
  int tz = 0;
  // Poco's parser is lenient; an HTTP date always names GMT.
  if (text.find("GMT") != std::string::npos &&
      Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::HTTP_FORMAT, text, when, tz)) {
    const auto at = std::chrono::system_clock::from_time_t(when.timestamp().epochTime());
    return std::max(std::chrono::milliseconds(0),
                    std::chrono::duration_cast<std::chrono::milliseconds>(at - now));
  }
  return kDefaultRetryAfter;
}

rewards::Status StatusFromResponse(const HttpResponse& response,
                                   std::chrono::system_clock::time_point now) {
  const int status = response.status;
  const ErrorBody body = ParseErrorBody(response.body);
  const bool unexpected = status < 400 || status > 599;
  std::string error = body.code;
  if (error.empty()) error = unexpected ? "unexpected_status" : "http_" + std::to_string(status);

  std::string message = "Ascenda answered HTTP " + std::to_string(status);
  if (!body.code.empty()) message += " " + body.code;
  if (!body.title.empty()) message += ": " + body.title;
  if (!body.detail.empty()) message += (body.title.empty() ? ": " : " - ") + body.detail;

  rewards::Status::Details details{{"http_status", std::to_string(status)}};
  if (status == 429) {
    const std::chrono::milliseconds wait = RetryAfter(response, now);
    details["retry_after_ms"] = std::to_string(wait.count());
    details["retry_after_s"] = std::to_string((wait.count() + 999) / 1000);
  }
  return rewards::Status(CodeFor(status), std::move(error), std::move(message), std::move(details));
}

rewards::Status BadResponse(const std::string& what) {
  return rewards::Status(StatusCode::kUnknown, "bad_response",
                         "Ascenda's answer could not be read: " + what);
}

}  // namespace ascenda
