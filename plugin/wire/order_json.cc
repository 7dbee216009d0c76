#include "ascenda/wire/order_json.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstdio>
#include <typeinfo>
#include <utility>

namespace ascenda::wire {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

// Orders nest about six levels deep; unknown fields get some room beyond
// that, but a hostile body cannot make the (recursive) parser run deep.
constexpr std::size_t kMaxJsonDepth = 64;
constexpr std::size_t kMaxQuotedId = 64;

bool IsObject(const Var& v) { return v.type() == typeid(Object::Ptr); }
bool IsArray(const Var& v) { return v.type() == typeid(Array::Ptr); }
// Poco reports JSON booleans as integers too.
bool IsInteger(const Var& v) { return v.isInteger() && !v.isBoolean(); }

enum class Need { kOptional, kRequired, kNonEmpty };

// Reads typed fields of one JSON object. The first problem is kept in
// `problem_`, naming `owner_` and the field — never the field's value.
class Fields {
 public:
  Fields(const Object& object, std::string owner) : object_(object), owner_(std::move(owner)) {}

  bool ok() const { return problem_.empty(); }
  const std::string& problem() const { return problem_; }
  void set_owner(std::string owner) { owner_ = std::move(owner); }

  void Text(const std::string& key, Need need, std::string* out) {
    Var v;
    if (!Get(key, need != Need::kOptional, &v)) return;
    if (!v.isString()) return Fail(key, "must be a string");
    *out = v.extract<std::string>();
    if (need == Need::kNonEmpty && out->empty()) Fail(key, "must not be empty");
  }

  void MaybeText(const std::string& key, std::optional<std::string>* out) {
    Var v;
    if (!Get(key, false, &v)) return;
    if (!v.isString()) return Fail(key, "must be a string or null");
    *out = v.extract<std::string>();
  }

  void Count(const std::string& key, std::int64_t* out) {
    Var v;
    if (!Get(key, false, &v)) return;
    if (!IsInteger(v)) return Fail(key, "must be an integer");
    try {
      *out = v.convert<Poco::Int64>();
    } catch (const Poco::Exception&) {
      return Fail(key, "is out of range");
    }
    if (*out < 0) Fail(key, "must not be negative");
  }

  // The object or array under `key`; null when absent, null or a problem.
  Object::Ptr Child(const std::string& key, bool required) {
    Var v;
    if (!Get(key, required, &v)) return nullptr;
    if (IsObject(v)) return v.extract<Object::Ptr>();
    Fail(key, "must be an object");
    return nullptr;
  }
  Array::Ptr List(const std::string& key, bool required) {
    Var v;
    if (!Get(key, required, &v)) return nullptr;
    if (IsArray(v)) return v.extract<Array::Ptr>();
    Fail(key, "must be an array");
    return nullptr;
  }

  void Fail(const std::string& key, const std::string& why) {
    if (problem_.empty()) problem_ = owner_ + ": field \"" + key + "\" " + why;
  }

 private:
  // The value of `key` when present and not null; a missing or null
  // required field is a problem.
  bool Get(const std::string& key, bool required, Var* out) {
    if (!problem_.empty()) return false;
    if (!object_.has(key) || object_.isNull(key)) {
      if (required) Fail(key, "is required");
      return false;
    }
    *out = object_.get(key);
    return true;
  }

  const Object& object_;
  std::string owner_;
  std::string problem_;
};

// Each reader answers the first problem found, or "" when `out` is filled.
std::string ReadItemErrors(const Array& list, const std::string& owner,
                           std::vector<OrderItemError>* out) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = owner + " error #" + std::to_string(i);
    const Var entry = list.get(static_cast<unsigned>(i));
    if (!IsObject(entry)) return where + " is not an object";
    OrderItemError error;
    Fields fields(*entry.extract<Object::Ptr>(), where);
    fields.Text("code", Need::kOptional, &error.code);
    fields.Text("message", Need::kOptional, &error.message);
    if (!fields.ok()) return fields.problem();
    out->push_back(std::move(error));
  }
  return "";
}

std::string ReadItemData(const Object& object, const std::string& owner, OrderItemData* out) {
  Fields fields(object, owner + " data");
  fields.Text("gift_card_id", Need::kOptional, &out->gift_card_id);
  fields.Text("name", Need::kOptional, &out->name);
  fields.Text("denomination", Need::kOptional, &out->denomination);
  fields.Text("currency", Need::kOptional, &out->currency);
  fields.MaybeText("code", &out->code);
  fields.MaybeText("pin", &out->pin);
  fields.MaybeText("url", &out->url);
  fields.MaybeText("expires_at", &out->expires_at);
  return fields.problem();
}

std::string ReadItem(const Var& value, const std::string& owner, OrderItem* out) {
  if (!IsObject(value)) return owner + " is not an object";
  Fields fields(*value.extract<Object::Ptr>(), owner);
  fields.Text("id", Need::kOptional, &out->id);
  fields.Text("type", Need::kOptional, &out->type);
  fields.Text("status", Need::kNonEmpty, &out->status);
  const Array::Ptr errors = fields.List("errors", false);
  const Object::Ptr data = fields.Child("data", false);
  if (!fields.ok()) return fields.problem();
  if (errors) {
    std::string problem = ReadItemErrors(*errors, owner, &out->errors);
    if (!problem.empty()) return problem;
  }
  return data ? ReadItemData(*data, owner, &out->data) : "";
}

std::string ReadOrder(const Var& value, const std::string& owner, Order* out) {
  if (!IsObject(value)) return owner + " is not an object";
  Fields fields(*value.extract<Object::Ptr>(), owner);
  fields.Text("id", Need::kNonEmpty, &out->id);
  if (!fields.ok()) return fields.problem();
  // The id is text from a remote server: quote only a bounded prefix of it.
  const std::string named = "order \"" + out->id.substr(0, kMaxQuotedId) + "\"";
  fields.set_owner(named);
  fields.Text("reference_id", Need::kRequired, &out->reference_id);
  fields.Text("status", Need::kOptional, &out->status);
  fields.Text("created_at", Need::kOptional, &out->created_at);
  fields.Text("updated_at", Need::kOptional, &out->updated_at);
  const Array::Ptr items = fields.List("order_items", true);
  if (!fields.ok()) return fields.problem();
  if (items->size() != 1) {
    return named + " has " + std::to_string(items->size()) +
           " order items; exactly one is expected";
  }
  out->items.resize(1);
  return ReadItem(items->get(0), named + " item #0", &out->items[0]);
}

std::string ReadOrderEnvelope(const Var& root, Order* out) {
  if (!IsObject(root)) return "the body is not a JSON object";
  Fields envelope(*root.extract<Object::Ptr>(), "envelope");
  const Object::Ptr data = envelope.Child("data", true);
  if (!envelope.ok()) return envelope.problem();
  return ReadOrder(data, "data", out);
}

std::string ReadOrderList(const Var& root, OrderPage* out) {
  if (!IsObject(root)) return "the body is not a JSON object";
  Fields envelope(*root.extract<Object::Ptr>(), "envelope");
  const Array::Ptr data = envelope.List("data", true);
  const Object::Ptr meta = envelope.Child("meta", false);
  if (!envelope.ok()) return envelope.problem();
  if (meta) {
    Fields counts(*meta, "meta");
    counts.Count("page", &out->meta.page);
    counts.Count("page_size", &out->meta.page_size);
    counts.Count("total_count", &out->meta.total_count);
    counts.Count("total_pages", &out->meta.total_pages);
    if (!counts.ok()) return counts.problem();
  }
  out->orders.resize(data->size());
  for (std::size_t i = 0; i < data->size(); ++i) {
    std::string problem = ReadOrder(data->get(static_cast<unsigned>(i)),
                                    "order #" + std::to_string(i), &out->orders[i]);
    if (!problem.empty()) return problem;
  }
  return "";
}

std::string ReadOrderEvent(const Var& root, OrderEvent* out) {
  if (!IsObject(root)) return "the body is not a JSON object";
  Fields event(*root.extract<Object::Ptr>(), "event");
  event.Text("id", Need::kNonEmpty, &out->id);
  event.Text("type", Need::kNonEmpty, &out->type);
  event.Text("created_at", Need::kOptional, &out->created_at);
  const Object::Ptr data = event.Child("data", true);
  if (!event.ok()) return event.problem();
  Fields payload(*data, "event data");
  const Object::Ptr order = payload.Child("order", true);
  if (!payload.ok()) return payload.problem();
  return ReadOrder(order, "event order", &out->order);
}

// Parses `body` and runs `read`; every problem becomes `make_error(message)`.
template <typename T>
rewards::Result<T> Parse(const std::string& body, std::string (*read)(const Var&, T*),
                         rewards::Status (*make_error)(const std::string&)) {
  Var root;
  try {
    Poco::JSON::Parser parser;
    parser.setDepth(kMaxJsonDepth);
    root = parser.parse(body);
  } catch (const Poco::Exception& e) {
    // Poco's reason, cut before any ": <token>" it quotes (a number token
    // could be a delivery value).
    const std::string reason = e.message().substr(0, e.message().find(':')).substr(0, 80);
    return make_error("the body is not valid JSON (" + reason + ")");
  } catch (const std::exception&) {
    return make_error("the body is not valid JSON");
  }
  try {
    T out;
    const std::string problem = read(root, &out);
    if (!problem.empty()) return make_error(problem);
    return out;
  } catch (const std::exception&) {
    // Not expected: every access is type-checked first. The exception text
    // might quote a value, so it is not repeated.
    return make_error("unreadable body");
  }
}

rewards::Status BadResponse(const std::string& message) {
  return rewards::Status(rewards::StatusCode::kUnknown, "bad_response", "order: " + message);
}

rewards::Status InvalidEvent(const std::string& message) {
  return rewards::Status(rewards::StatusCode::kInvalidArgument, "invalid_event",
                         "webhook event: " + message);
}

void AppendString(std::string& out, const std::string& text) {
  out += '"';
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
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
        if (c < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void AppendField(std::string& out, const char* key, const std::string& value, bool first = false) {
  if (!first) out += ',';
  AppendString(out, key);
  out += ':';
  AppendString(out, value);
}

}  // namespace

ItemStatus ParseItemStatus(const std::string& status) noexcept {
  if (status == "pending") return ItemStatus::kPending;
  if (status == "processing") return ItemStatus::kProcessing;
  if (status == "fulfilled") return ItemStatus::kFulfilled;
  if (status == "cancelled") return ItemStatus::kCancelled;
  if (status == "failed") return ItemStatus::kFailed;
  return ItemStatus::kUnrecognised;
}

rewards::Result<Order> ParseOrderEnvelope(const std::string& body) {
  return Parse<Order>(body, ReadOrderEnvelope, BadResponse);
}

rewards::Result<OrderPage> ParseOrderList(const std::string& body) {
  return Parse<OrderPage>(body, ReadOrderList, BadResponse);
}

rewards::Result<OrderEvent> ParseOrderEvent(const std::string& body) {
  return Parse<OrderEvent>(body, ReadOrderEvent, InvalidEvent);
}

std::string BuildCreateOrderBody(const CreateOrderRequest& request) {
  std::string out = "{";
  AppendField(out, "reference_id", request.reference_id, /*first=*/true);
  AppendField(out, "transacted_at", request.transacted_at);
  out += ",\"user\":{";
  AppendField(out, "number", request.user.number, /*first=*/true);
  AppendField(out, "email", request.user.email);
  AppendField(out, "first_name", request.user.first_name);
  AppendField(out, "last_name", request.user.last_name);
  if (!request.user.phone_number.empty()) {
    AppendField(out, "phone_number", request.user.phone_number);
  }
  out += "},\"gift_cards\":[{";
  AppendField(out, "id", request.gift_card_id, /*first=*/true);
  AppendField(out, "denomination", request.denomination);
  AppendField(out, "currency", request.currency);
  out += ",\"quantity\":1}]}";
  return out;
}

}  // namespace ascenda::wire
