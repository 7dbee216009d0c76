// libFuzzer: the sample host's JSON request bodies (examples/loyalty-host
// http/json_reply.h ParseJsonObject, then the field reads its routes make:
// strings, whole numbers, the settings change's string / number / boolean
// values) and its own JSON writer on what was read. Properties: never
// crashes; any parsed object written back by JsonReply is JSON that Poco
// reads again.
#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <cstdint>
#include <string>

#include "fuzz_input.h"
#include "http/json_reply.h"

namespace {

// What members_api / redemptions_api do with a field (their readers are
// file-local; these are the same calls).
void ReadField(const Poco::JSON::Object::Ptr& body, const std::string& key) {
  if (!body->has(key) || body->isNull(key)) return;
  Poco::Dynamic::Var v = body->get(key);
  if (v.isString()) {
    (void)v.extract<std::string>();
  } else if (v.isInteger()) {
    try {
      (void)v.convert<Poco::Int64>();
    } catch (const Poco::Exception&) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto body = loyalty::ParseJsonObject(text);
  if (!body.ok()) {
    fuzz::Check(body.status().error() == "invalid_json");
    return 0;
  }
  const Poco::JSON::Object::Ptr& b = body.value();
  for (const char* key : {"member_id", "gift_card_id", "denomination", "currency",
                          "idempotency_key", "expected_points", "id", "email", "first_name",
                          "last_name", "phone_number", "points", "seconds"}) {
    ReadField(b, key);
  }
  // settings_api's change: every value a string, number or boolean, as text.
  for (const auto& [key, value] : *b) {
    if (value.isString() || value.isNumeric() || value.isBoolean()) {
      try {
        (void)value.convert<std::string>();
      } catch (const Poco::Exception&) {
      }
    }
  }
  rewards::HttpResponse reply = loyalty::JsonReply(200, b);
  try {
    Poco::JSON::Parser parser;
    (void)parser.parse(reply.body);
  } catch (const Poco::Exception&) {
    fuzz::Check(false);  // the host wrote JSON it cannot read back
  }
  return 0;
}
