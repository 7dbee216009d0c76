#include "ascenda/crypto/delivery_payload.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <optional>
#include <sstream>
#include <typeinfo>

namespace ascenda {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Object;

constexpr std::size_t kMaxJsonDepth = 8;

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

// Reads `key` as a string or null; false on any other type.
bool Take(const Object& object, const std::string& key, std::optional<std::string>* out) {
  if (!object.has(key) || object.isNull(key)) return true;
  const Var value = object.get(key);
  if (!value.isString()) return false;
  *out = value.extract<std::string>();
  return true;
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
  Var root;
  try {
    Poco::JSON::Parser parser;
    parser.setDepth(kMaxJsonDepth);
    root = parser.parse(payload);
  } catch (const Poco::Exception&) {
    return Unreadable("not valid JSON");
  }
  if (root.type() != typeid(Object::Ptr)) return Unreadable("not a JSON object");
  const Object::Ptr object = root.extract<Object::Ptr>();
  rewards::DeliveryData delivery;
  for (const auto& [key, field] :
       {std::pair{"code", &delivery.code}, std::pair{"pin", &delivery.pin},
        std::pair{"url", &delivery.url}, std::pair{"expires_at", &delivery.expires_at}}) {
    if (!Take(*object, key, field)) {
      return Unreadable(std::string("field \"") + key + "\" must be a string or null");
    }
  }
  return delivery;
}

}  // namespace ascenda
