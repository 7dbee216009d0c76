#include "ascenda/wire/gift_card_json.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <typeinfo>

namespace ascenda::wire {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

rewards::Status BadResponse(const std::string& message) {
  return rewards::Status(rewards::StatusCode::kUnknown, "bad_response",
                         "gift card list: " + message);
}

bool IsObject(const Var& v) { return v.type() == typeid(Object::Ptr); }
bool IsArray(const Var& v) { return v.type() == typeid(Array::Ptr); }
// Poco reports JSON booleans as integers too.
bool IsInteger(const Var& v) { return v.isInteger() && !v.isBoolean(); }

// Reads typed fields of one JSON object; the first problem is kept in
// `error_` and names `owner_` (e.g. `gift card "6f1c..."`) and the field.
class FieldReader {
 public:
  FieldReader(const Object& object, std::string owner)
      : object_(object), owner_(std::move(owner)) {}

  void set_owner(std::string owner) { owner_ = std::move(owner); }
  bool ok() const { return error_.ok(); }
  const rewards::Status& error() const { return error_; }

  void String(const std::string& key, bool required, std::string* out) {
    Var v;
    if (!Get(key, required, &v)) return;
    if (!v.isString()) return Fail(key, "must be a string");
    *out = v.extract<std::string>();
  }

  void StringList(const std::string& key, bool required, std::vector<std::string>* out) {
    Var v;
    if (!Get(key, required, &v)) return;
    if (!IsArray(v)) return Fail(key, "must be an array of strings");
    const Array::Ptr array = v.extract<Array::Ptr>();
    out->reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i) {
      const Var item = array->get(static_cast<unsigned>(i));
      if (!item.isString()) return Fail(key, "must be an array of strings");
      out->push_back(item.extract<std::string>());
    }
  }

  void Count(const std::string& key, std::int64_t* out) {
    Var v;
    if (!Get(key, /*required=*/true, &v)) return;
    if (!IsInteger(v)) return Fail(key, "must be an integer");
    try {
      *out = v.convert<Poco::Int64>();
    } catch (const Poco::Exception&) {
      return Fail(key, "is out of range");
    }
    if (*out < 0) Fail(key, "must not be negative");
  }

 private:
  // The value of `key` when present and not null. A missing or null required
  // field is a problem; a missing or null optional one leaves the output empty.
  bool Get(const std::string& key, bool required, Var* out) {
    if (!error_.ok()) return false;
    if (!object_.has(key) || object_.isNull(key)) {
      if (required) Fail(key, "is required");
      return false;
    }
    *out = object_.get(key);
    return true;
  }

  void Fail(const std::string& key, const std::string& why) {
    if (error_.ok()) error_ = BadResponse(owner_ + ": field \"" + key + "\" " + why);
  }

  const Object& object_;
  std::string owner_;
  rewards::Status error_;
};

rewards::Result<GiftCardRecord> ReadCard(const Var& value, std::size_t index) {
  const std::string by_index = "gift card #" + std::to_string(index);
  if (!IsObject(value)) return BadResponse(by_index + " is not an object");
  const Object::Ptr object = value.extract<Object::Ptr>();
  GiftCardRecord card;
  FieldReader fields(*object, by_index);
  fields.String("id", /*required=*/true, &card.id);
  if (fields.ok() && card.id.empty()) {
    return BadResponse(by_index + ": field \"id\" must not be empty");
  }
  if (!fields.ok()) return fields.error();
  // The id is text from a remote server: quote only a bounded prefix of it.
  fields.set_owner("gift card \"" + card.id.substr(0, 64) + "\"");
  fields.String("name", true, &card.name);
  fields.String("description", false, &card.description);
  fields.String("terms_and_conditions", false, &card.terms_and_conditions);
  fields.String("redemption_instructions", false, &card.redemption_instructions);
  fields.String("logo_url", false, &card.logo_url);
  fields.StringList("categories", false, &card.categories);
  fields.StringList("countries", false, &card.countries);
  fields.String("currency", true, &card.currency);
  fields.StringList("denominations", true, &card.denominations);
  fields.StringList("required_user_fields", false, &card.required_user_fields);
  if (!fields.ok()) return fields.error();
  return card;
}

rewards::Result<GiftCardPage> ReadPage(const Var& root) {
  if (!IsObject(root)) return BadResponse("the body is not a JSON object");
  const Object::Ptr envelope = root.extract<Object::Ptr>();
  if (!envelope->has("data") || !IsArray(envelope->get("data"))) {
    return BadResponse("field \"data\" must be an array");
  }
  if (!envelope->has("meta") || !IsObject(envelope->get("meta"))) {
    return BadResponse("field \"meta\" must be an object");
  }
  GiftCardPage page;
  FieldReader meta(*envelope->getObject("meta"), "meta");
  meta.Count("page", &page.meta.page);
  meta.Count("page_size", &page.meta.page_size);
  meta.Count("total_count", &page.meta.total_count);
  meta.Count("total_pages", &page.meta.total_pages);
  if (!meta.ok()) return meta.error();

  const Array::Ptr data = envelope->getArray("data");
  page.cards.reserve(data->size());
  for (std::size_t i = 0; i < data->size(); ++i) {
    auto card = ReadCard(data->get(static_cast<unsigned>(i)), i);
    if (!card.ok()) {
      page.rejected.push_back(card.status().message());
      continue;
    }
    page.cards.push_back(std::move(card).value());
  }
  return page;
}

}  // namespace

rewards::Result<GiftCardPage> ParseGiftCardPage(const std::string& body) {
  Var root;
  try {
    Poco::JSON::Parser parser;
    root = parser.parse(body);
  } catch (const Poco::Exception& e) {
    return BadResponse("the body is not valid JSON (" + e.message().substr(0, 120) + ")");
  }
  try {
    return ReadPage(root);
  } catch (const Poco::Exception& e) {
    // Not expected: every access above is type-checked first.
    return BadResponse("unreadable body (" + e.message().substr(0, 120) + ")");
  } catch (const std::exception& e) {
    return BadResponse(std::string("unreadable body (") + e.what() + ")");
  }
}

}  // namespace ascenda::wire
