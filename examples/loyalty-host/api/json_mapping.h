// The host API's JSON shapes for the values that cross the plugin boundary
// and for the host's own members and settings. The only place that knows the
// API's field names. Pure functions.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>
#include <string_view>
#include <vector>

#include "ledger/member_store.h"
#include "rewards/catalogue_types.h"
#include "rewards/redemption_types.h"
#include "rewards/settings.h"

namespace loyalty {

Poco::JSON::Object::Ptr GiftCardJson(const rewards::GiftCard& card);
// A catalogue listing's body from its cards' JSON array text (each card as
// rewards::AppendGiftCardJson writes it, which is GiftCardJson's text):
// {"data":<cards_json>,"meta":<PageMetaJson's text>} — byte for byte what
// JsonReply makes of that tree (tests/host/catalogue_text_test.cc).
std::string CataloguePageBody(std::string_view cards_json, int page, int page_size,
                              std::int64_t total_count, std::int64_t total_pages);
Poco::JSON::Object::Ptr PageMetaJson(int page, int page_size, std::int64_t total_count,
                                     std::int64_t total_pages);
// `operator_view` adds "state" (the plugin's internal state).
Poco::JSON::Object::Ptr RedemptionJson(const rewards::Redemption& r, bool operator_view);
Poco::JSON::Object::Ptr MemberJson(const Member& m);
// {"plugin": name, "settings": [...]}; a secret's value is {"set": bool}.
Poco::JSON::Object::Ptr SettingsJson(const std::string& plugin,
                                     const std::vector<rewards::SettingSpec>& schema,
                                     const rewards::SettingsValues& values);
// {"key":..., "message":...} per problem.
Poco::JSON::Array::Ptr ProblemsJson(
    const std::vector<std::pair<std::string, std::string>>& problems);

}  // namespace loyalty
