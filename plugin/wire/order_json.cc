#include "ascenda/wire/order_json.h"

#include <utility>

#include "ascenda/wire/json_fields.h"
#include "ascenda/wire/json_text.h"

namespace ascenda::wire {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::size_t kMaxQuotedId = 64;

// Each reader answers the first problem found, or "" when `out` is filled.
std::string ReadItemErrors(const Array& list, const std::string& owner,
                           std::vector<OrderItemError>* out) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = owner + " error #" + std::to_string(i);
    const Var entry = list.get(static_cast<unsigned>(i));
    if (!IsJsonObject(entry)) return where + " is not an object";
    OrderItemError error;
    JsonFields fields(*entry.extract<Object::Ptr>(), where);
    fields.Text("code", Need::kOptional, &error.code);
    fields.Text("message", Need::kOptional, &error.message);
    if (!fields.ok()) return fields.problem();
    out->push_back(std::move(error));
  }
  return "";
}

std::string ReadItemData(const Object& object, const std::string& owner, OrderItemData* out) {
  JsonFields fields(object, owner + " data");
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
  if (!IsJsonObject(value)) return owner + " is not an object";
  JsonFields fields(*value.extract<Object::Ptr>(), owner);
  fields.Text("id", Need::kOptional, &out->id);
  fields.Text("type", Need::kOptional, &out->type);
  fields.Text("status", Need::kNonEmpty, &out->status);
  const Array::Ptr errors = fields.List("errors", Need::kOptional);
  const Object::Ptr data = fields.Child("data", Need::kOptional);
  if (!fields.ok()) return fields.problem();
  if (errors) {
    std::string problem = ReadItemErrors(*errors, owner, &out->errors);
    if (!problem.empty()) return problem;
  }
  return data ? ReadItemData(*data, owner, &out->data) : "";
}

std::string ReadOrder(const Var& value, const std::string& owner, Order* out) {
  if (!IsJsonObject(value)) return owner + " is not an object";
  JsonFields fields(*value.extract<Object::Ptr>(), owner);
  fields.Text("id", Need::kNonEmpty, &out->id);
  if (!fields.ok()) return fields.problem();
  // The id is text from a remote server: quote only a bounded prefix of it.
  const std::string named = "order \"" + out->id.substr(0, kMaxQuotedId) + "\"";
  fields.set_owner(named);
  fields.Text("reference_id", Need::kRequired, &out->reference_id);
  fields.Text("status", Need::kOptional, &out->status);
  fields.Text("created_at", Need::kOptional, &out->created_at);
  fields.Text("updated_at", Need::kOptional, &out->updated_at);
  const Array::Ptr items = fields.List("order_items", Need::kRequired);
  if (!fields.ok()) return fields.problem();
  if (items->size() != 1) {
    return named + " has " + std::to_string(items->size()) +
           " order items; exactly one is expected";
  }
  out->items.resize(1);
  return ReadItem(items->get(0), named + " item #0", &out->items[0]);
}

std::string ReadOrderEnvelope(const Object& root, Order* out) {
  JsonFields envelope(root, "envelope");
  const Object::Ptr data = envelope.Child("data", Need::kRequired);
  if (!envelope.ok()) return envelope.problem();
  return ReadOrder(data, "data", out);
}

std::string ReadOrderList(const Object& root, OrderPage* out) {
  JsonFields envelope(root, "envelope");
  const Array::Ptr data = envelope.List("data", Need::kRequired);
  const Object::Ptr meta = envelope.Child("meta", Need::kOptional);
  if (!envelope.ok()) return envelope.problem();
  if (meta) {
    JsonFields counts(*meta, "meta");
    counts.Count("page", Need::kOptional, &out->meta.page);
    counts.Count("page_size", Need::kOptional, &out->meta.page_size);
    counts.Count("total_count", Need::kOptional, &out->meta.total_count);
    counts.Count("total_pages", Need::kOptional, &out->meta.total_pages);
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

std::string ReadOrderEvent(const Object& root, OrderEvent* out) {
  JsonFields event(root, "event");
  event.Text("id", Need::kNonEmpty, &out->id);
  event.Text("type", Need::kNonEmpty, &out->type);
  event.Text("created_at", Need::kOptional, &out->created_at);
  const Object::Ptr data = event.Child("data", Need::kRequired);
  if (!event.ok()) return event.problem();
  JsonFields payload(*data, "event data");
  const Object::Ptr order = payload.Child("order", Need::kRequired);
  if (!payload.ok()) return payload.problem();
  return ReadOrder(order, "event order", &out->order);
}

// Parses `body` and runs `read`; every problem becomes `make_error(message)`.
template <typename T>
rewards::Result<T> Parse(const std::string& body, std::string (*read)(const Object&, T*),
                         rewards::Status (*make_error)(const std::string&)) {
  T out;
  const std::string problem =
      ReadJsonObject(body, [&](const Object& root) { return read(root, &out); });
  if (!problem.empty()) return make_error(problem);
  return out;
}

rewards::Status BadResponse(const std::string& message) {
  return rewards::Status(rewards::StatusCode::kUnknown, "bad_response", "order: " + message);
}

rewards::Status InvalidEvent(const std::string& message) {
  return rewards::Status(rewards::StatusCode::kInvalidArgument, "invalid_event",
                         "webhook event: " + message);
}

void AppendField(std::string& out, const char* key, const std::string& value, bool first = false) {
  if (!first) out += ',';
  AppendJsonString(out, key);
  out += ':';
  AppendJsonString(out, value);
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
