#include "ascenda/crypto/delivery_payload.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <sstream>

#include "ascenda/wire/json_fields.h"

namespace ascenda {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Object;

rewards::Status Unreadable(const std::string& why) {
  return rewards::Status(rewards::StatusCode::kFailedPrecondition, "delivery_unreadable",
                         "delivery payload: " + why);
}

void Put(Object& object, const std::string& key, const std::optional<std::string>& value) {
  if (value) {
    object.set(key, *value);
  } else {
    object.set(key, Var());  // null
  }
}

}  // namespace

std::string SerializeDelivery(const rewards::DeliveryData& delivery) {
  Object object(Poco::JSON_PRESERVE_KEY_ORDER);
  Put(object, "code", delivery.code);
  Put(object, "pin", delivery.pin);
  Put(object, "url", delivery.url);
  Put(object, "expires_at", delivery.expires_at);
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

rewards::Result<rewards::DeliveryData> ParseDelivery(const std::string& payload) {
  rewards::DeliveryData delivery;
  const std::string problem = wire::ReadJsonObject(payload, [&delivery](const Object& object) {
    wire::JsonFields fields(object, "");
    fields.MaybeText("code", &delivery.code);
    fields.MaybeText("pin", &delivery.pin);
    fields.MaybeText("url", &delivery.url);
    fields.MaybeText("expires_at", &delivery.expires_at);
    return fields.problem();
  });
  if (!problem.empty()) return Unreadable(problem);
  return delivery;
}

}  // namespace ascenda
