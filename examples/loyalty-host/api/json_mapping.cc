#include "api/json_mapping.h"

#include "http/json_reply.h"

namespace loyalty {

namespace {

Poco::JSON::Array::Ptr Strings(const std::vector<std::string>& items) {
  Poco::JSON::Array::Ptr out = NewArray();
  for (const std::string& s : items) out->add(s);
  return out;
}

void SetOptional(Poco::JSON::Object::Ptr& o, const std::string& key,
                 const std::optional<std::string>& value) {
  if (value) {
    o->set(key, *value);
  } else {
    o->set(key, Poco::Dynamic::Var());
  }
}

}  // namespace

Poco::JSON::Object::Ptr GiftCardJson(const rewards::GiftCard& card) {
  Poco::JSON::Object::Ptr o = NewObject();
  o->set("id", card.id);
  o->set("name", card.name);
  o->set("description", card.description);
  o->set("terms_and_conditions", card.terms_and_conditions);
  o->set("redemption_instructions", card.redemption_instructions);
  o->set("logo_url", card.logo_url);
  o->set("categories", Strings(card.categories));
  o->set("countries", Strings(card.countries));
  o->set("currency", card.currency);
  o->set("required_user_fields", Strings(card.required_user_fields));
  Poco::JSON::Array::Ptr denominations = NewArray();
  for (const rewards::Denomination& d : card.denominations) {
    Poco::JSON::Object::Ptr j = NewObject();
    j->set("value", d.value);
    j->set("points", static_cast<Poco::Int64>(d.points));
    denominations->add(j);
  }
  o->set("denominations", denominations);
  return o;
}

Poco::JSON::Object::Ptr PageMetaJson(int page, int page_size, std::int64_t total_count,
                                     std::int64_t total_pages) {
  Poco::JSON::Object::Ptr o = NewObject();
  o->set("page", page);
  o->set("page_size", page_size);
  o->set("total_count", static_cast<Poco::Int64>(total_count));
  o->set("total_pages", static_cast<Poco::Int64>(total_pages));
  return o;
}

std::string CataloguePageBody(std::string_view cards_json, int page, int page_size,
                              std::int64_t total_count, std::int64_t total_pages) {
  std::string body;
  body.reserve(cards_json.size() + 96);
  body += "{\"data\":";
  body.append(cards_json.data(), cards_json.size());
  body += ",\"meta\":{\"page\":";
  body += std::to_string(page);
  body += ",\"page_size\":";
  body += std::to_string(page_size);
  body += ",\"total_count\":";
  body += std::to_string(total_count);
  body += ",\"total_pages\":";
  body += std::to_string(total_pages);
  body += "}}";
  return body;
}

Poco::JSON::Object::Ptr RedemptionJson(const rewards::Redemption& r, bool operator_view) {
  Poco::JSON::Object::Ptr o = NewObject();
  o->set("id", r.id);
  o->set("reference_id", r.reference_id);
  o->set("member_id", r.member_id);
  o->set("gift_card_id", r.gift_card_id);
  o->set("gift_card_name", r.gift_card_name);
  o->set("logo_url", r.logo_url);
  o->set("denomination", r.denomination);
  o->set("currency", r.currency);
  o->set("points", static_cast<Poco::Int64>(r.points));
  o->set("status", std::string(rewards::MemberStatusName(r.status)));
  if (operator_view) {
    o->set("state", r.state);
    // Parked: created again now and then, until Ascenda has the order.
    o->set("parked", r.state == "processing");
  }
  o->set("failure_reason", r.failure_reason);
  o->set("created_at", r.created_at);
  o->set("updated_at", r.updated_at);
  if (r.delivery && !operator_view) {
    Poco::JSON::Object::Ptr d = NewObject();
    SetOptional(d, "code", r.delivery->code);
    SetOptional(d, "pin", r.delivery->pin);
    SetOptional(d, "url", r.delivery->url);
    SetOptional(d, "expires_at", r.delivery->expires_at);
    o->set("delivery", d);
  }
  return o;
}

Poco::JSON::Object::Ptr MemberJson(const Member& m) {
  Poco::JSON::Object::Ptr o = NewObject();
  o->set("id", m.profile.id);
  o->set("email", m.profile.email);
  o->set("first_name", m.profile.first_name);
  o->set("last_name", m.profile.last_name);
  o->set("phone_number", m.profile.phone_number);
  o->set("country", m.country);
  o->set("balance", static_cast<Poco::Int64>(m.balance));
  return o;
}

Poco::JSON::Object::Ptr SettingsJson(const std::string& plugin,
                                     const std::vector<rewards::SettingSpec>& schema,
                                     const rewards::SettingsValues& values) {
  Poco::JSON::Object::Ptr o = NewObject();
  o->set("plugin", plugin);
  Poco::JSON::Array::Ptr list = NewArray();
  for (const rewards::SettingSpec& spec : schema) {
    Poco::JSON::Object::Ptr s = NewObject();
    s->set("key", spec.key);
    s->set("type", std::string(rewards::SettingTypeName(spec.type)));
    s->set("secret", spec.secret);
    s->set("required", spec.required);
    s->set("description", spec.description);
    s->set("validation", spec.validation);
    const std::string value = values.GetString(spec.key);
    if (spec.secret) {
      // A secret's default would be a secret too: never shown.
      s->set("default", Poco::Dynamic::Var());
      Poco::JSON::Object::Ptr set = NewObject();
      set->set("set", !value.empty());
      s->set("value", set);
    } else {
      s->set("default", spec.default_value);
      s->set("value", value);
    }
    list->add(s);
  }
  o->set("settings", list);
  return o;
}

Poco::JSON::Array::Ptr ProblemsJson(
    const std::vector<std::pair<std::string, std::string>>& problems) {
  Poco::JSON::Array::Ptr out = NewArray();
  for (const auto& [key, message] : problems) {
    Poco::JSON::Object::Ptr p = NewObject();
    p->set("key", key);
    p->set("message", message);
    out->add(p);
  }
  return out;
}

}  // namespace loyalty
