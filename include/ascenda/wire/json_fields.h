// JSON fields: the one way the plugin reads a JSON body (Ascenda's gift card
// and order bodies, webhook events, the sealed delivery payload).
//
// ReadJsonObject() parses with a depth limit (kMaxJsonDepth: a hostile body
// cannot make the recursive parser run deep) and hands the root object to a
// reader; JsonFields reads typed fields of one object for that reader.
//
// Error rules, for every caller:
//   - a problem is a sentence for a person, "" meaning none; the caller turns
//     it into its own Status (code, error name, prefix);
//   - a problem names the owner (e.g. `order "o-1"`, may be "") and the field,
//     never a field's value, and never the parser's own text (which can quote
//     a token of the body: a number could be a delivery value);
//   - types are strict; a field that is absent or JSON null is "absent":
//     an error when it is required, an untouched output otherwise;
//   - JsonFields keeps the first problem only; once there is one every read
//     is a no-op, so a reader can read all its fields and check ok() once.
//
// Pure functions; a JsonFields borrows its object (which must outlive it)
// and is not thread-safe.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ascenda::wire {

// Ascenda's orders nest about six levels deep; unknown fields get some room
// beyond that.
constexpr std::size_t kMaxJsonDepth = 64;

// Parses `text` and answers read(root object). Problems of its own: "the body
// is not valid JSON" (also past kMaxJsonDepth), "the body is not a JSON
// object", and "unreadable body" when `read` throws (not expected: every
// JsonFields access is type-checked; the exception's text is not repeated).
std::string ReadJsonObject(const std::string& text,
                           const std::function<std::string(const Poco::JSON::Object&)>& read);

bool IsJsonObject(const Poco::Dynamic::Var& value);
bool IsJsonArray(const Poco::Dynamic::Var& value);

enum class Need { kOptional, kRequired, kNonEmpty };

class JsonFields {
 public:
  // Problems read `<owner>: field "<key>" <why>`, or `field "<key>" <why>`
  // when `owner` is empty.
  JsonFields(const Poco::JSON::Object& object, std::string owner);

  bool ok() const { return problem_.empty(); }
  const std::string& problem() const { return problem_; }
  // For the fields after an id has been read: name the owner by it.
  void set_owner(std::string owner) { owner_ = std::move(owner); }

  // A string; kNonEmpty also refuses "".
  void Text(const std::string& key, Need need, std::string* out);
  // A string, or std::nullopt when absent (never a problem).
  void MaybeText(const std::string& key, std::optional<std::string>* out);
  // An array of strings.
  void TextList(const std::string& key, Need need, std::vector<std::string>* out);
  // A non-negative integer that fits std::int64_t (a JSON boolean is not one).
  void Count(const std::string& key, Need need, std::int64_t* out);
  // The object or array under `key`; null when absent or on a problem.
  Poco::JSON::Object::Ptr Child(const std::string& key, Need need);
  Poco::JSON::Array::Ptr List(const std::string& key, Need need);

  // Records `why` for `key` unless a problem is kept already.
  void Fail(const std::string& key, const std::string& why);

 private:
  // The value of `key` when present and not null; false otherwise (a problem
  // when `need` is not kOptional).
  bool Get(const std::string& key, Need need, Poco::Dynamic::Var* out);

  const Poco::JSON::Object& object_;
  std::string owner_;
  std::string problem_;
};

}  // namespace ascenda::wire
