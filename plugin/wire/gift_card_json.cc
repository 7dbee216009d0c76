#include "ascenda/wire/gift_card_json.h"

#include <utility>

#include "ascenda/wire/json_fields.h"

namespace ascenda::wire {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

rewards::Status BadResponse(const std::string& message) {
  return rewards::Status(rewards::StatusCode::kUnknown, "bad_response",
                         "gift card list: " + message);
}

rewards::Result<GiftCardRecord> ReadCard(const Var& value, std::size_t index) {
  const std::string by_index = "gift card #" + std::to_string(index);
  if (!IsJsonObject(value)) return BadResponse(by_index + " is not an object");
  GiftCardRecord card;
  JsonFields fields(*value.extract<Object::Ptr>(), by_index);
  fields.Text("id", Need::kNonEmpty, &card.id);
  if (!fields.ok()) return BadResponse(fields.problem());
  // The id is text from a remote server: quote only a bounded prefix of it.
  fields.set_owner("gift card \"" + card.id.substr(0, 64) + "\"");
  fields.Text("name", Need::kRequired, &card.name);
  fields.Text("description", Need::kOptional, &card.description);
  fields.Text("terms_and_conditions", Need::kOptional, &card.terms_and_conditions);
  fields.Text("redemption_instructions", Need::kOptional, &card.redemption_instructions);
  fields.Text("logo_url", Need::kOptional, &card.logo_url);
  fields.TextList("categories", Need::kOptional, &card.categories);
  fields.TextList("countries", Need::kOptional, &card.countries);
  fields.Text("currency", Need::kRequired, &card.currency);
  fields.TextList("denominations", Need::kRequired, &card.denominations);
  fields.TextList("required_user_fields", Need::kOptional, &card.required_user_fields);
  if (!fields.ok()) return BadResponse(fields.problem());
  return card;
}

// Reads the page into `out`; "" or the problem with the envelope (a card's
// problem leaves that card out, listed in `out->rejected`).
std::string ReadPage(const Object& envelope, GiftCardPage* out) {
  // The envelope's own wording (not JsonFields'): a missing "data" is "must
  // be an array" too.
  if (!envelope.has("data") || !IsJsonArray(envelope.get("data"))) {
    return "field \"data\" must be an array";
  }
  if (!envelope.has("meta") || !IsJsonObject(envelope.get("meta"))) {
    return "field \"meta\" must be an object";
  }
  JsonFields meta(*envelope.getObject("meta"), "meta");
  meta.Count("page", Need::kRequired, &out->meta.page);
  meta.Count("page_size", Need::kRequired, &out->meta.page_size);
  meta.Count("total_count", Need::kRequired, &out->meta.total_count);
  meta.Count("total_pages", Need::kRequired, &out->meta.total_pages);
  if (!meta.ok()) return meta.problem();

  const Array::Ptr data = envelope.getArray("data");
  out->cards.reserve(data->size());
  for (std::size_t i = 0; i < data->size(); ++i) {
    auto card = ReadCard(data->get(static_cast<unsigned>(i)), i);
    if (!card.ok()) {
      out->rejected.push_back(card.status().message());
      continue;
    }
    out->cards.push_back(std::move(card).value());
  }
  return "";
}

}  // namespace

rewards::Result<GiftCardPage> ParseGiftCardPage(const std::string& body) {
  GiftCardPage page;
  const std::string problem =
      ReadJsonObject(body, [&page](const Object& envelope) { return ReadPage(envelope, &page); });
  if (!problem.empty()) return BadResponse(problem);
  return page;
}

}  // namespace ascenda::wire
