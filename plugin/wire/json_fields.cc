#include "ascenda/wire/json_fields.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <exception>
#include <typeinfo>
#include <utility>

namespace ascenda::wire {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

// Poco reports JSON booleans as integers too.
bool IsInteger(const Var& v) { return v.isInteger() && !v.isBoolean(); }

}  // namespace

bool IsJsonObject(const Var& value) { return value.type() == typeid(Object::Ptr); }
bool IsJsonArray(const Var& value) { return value.type() == typeid(Array::Ptr); }

std::string ReadJsonObject(const std::string& text,
                           const std::function<std::string(const Object&)>& read) {
  Var root;
  try {
    Poco::JSON::Parser parser;
    parser.setDepth(kMaxJsonDepth);
    root = parser.parse(text);
  } catch (const std::exception&) {
    // Poco's message can quote the offending token: it is not repeated.
    return "the body is not valid JSON";
  }
  if (!IsJsonObject(root)) return "the body is not a JSON object";
  try {
    return read(*root.extract<Object::Ptr>());
  } catch (const std::exception&) {
    return "unreadable body";
  }
}

JsonFields::JsonFields(const Object& object, std::string owner)
    : object_(object), owner_(std::move(owner)) {}

void JsonFields::Text(const std::string& key, Need need, std::string* out) {
  Var v;
  if (!Get(key, need, &v)) return;
  if (!v.isString()) return Fail(key, "must be a string");
  *out = v.extract<std::string>();
  if (need == Need::kNonEmpty && out->empty()) Fail(key, "must not be empty");
}

void JsonFields::MaybeText(const std::string& key, std::optional<std::string>* out) {
  Var v;
  if (!Get(key, Need::kOptional, &v)) return;
  if (!v.isString()) return Fail(key, "must be a string or null");
  *out = v.extract<std::string>();
}

void JsonFields::TextList(const std::string& key, Need need, std::vector<std::string>* out) {
  Var v;
  if (!Get(key, need, &v)) return;
  if (!IsJsonArray(v)) return Fail(key, "must be an array of strings");
  const Array::Ptr array = v.extract<Array::Ptr>();
  out->reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    const Var item = array->get(static_cast<unsigned>(i));
    if (!item.isString()) return Fail(key, "must be an array of strings");
    out->push_back(item.extract<std::string>());
  }
}

void JsonFields::Count(const std::string& key, Need need, std::int64_t* out) {
  Var v;
  if (!Get(key, need, &v)) return;
  if (!IsInteger(v)) return Fail(key, "must be an integer");
  try {
    *out = v.convert<Poco::Int64>();
  } catch (const Poco::Exception&) {
    return Fail(key, "is out of range");
  }
  if (*out < 0) Fail(key, "must not be negative");
}

Object::Ptr JsonFields::Child(const std::string& key, Need need) {
  Var v;
  if (!Get(key, need, &v)) return nullptr;
  if (IsJsonObject(v)) return v.extract<Object::Ptr>();
  Fail(key, "must be an object");
  return nullptr;
}

Array::Ptr JsonFields::List(const std::string& key, Need need) {
  Var v;
  if (!Get(key, need, &v)) return nullptr;
  if (IsJsonArray(v)) return v.extract<Array::Ptr>();
  Fail(key, "must be an array");
  return nullptr;
}

void JsonFields::Fail(const std::string& key, const std::string& why) {
  if (!problem_.empty()) return;
  problem_ = (owner_.empty() ? "" : owner_ + ": ") + "field \"" + key + "\" " + why;
}

bool JsonFields::Get(const std::string& key, Need need, Var* out) {
  if (!problem_.empty()) return false;
  if (!object_.has(key) || object_.isNull(key)) {
    if (need != Need::kOptional) Fail(key, "is required");
    return false;
  }
  *out = object_.get(key);
  return true;
}

}  // namespace ascenda::wire
