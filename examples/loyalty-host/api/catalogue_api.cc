#include "api/catalogue_api.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string_view>

#include "api/json_mapping.h"
#include "http/json_reply.h"
#include "http/query_params.h"
#include "rewards/gift_card_json.h"

namespace loyalty {

namespace {

constexpr int kMaxPage = 1000000;

rewards::HttpResponse BadQuery(const std::string& message) {
  return ErrorReply(400, "invalid_query", message);
}

std::vector<std::string> Categories(const QueryParams& q) {
  std::vector<std::string> out;
  for (const std::string& value : q.GetAll("category")) {
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      std::string item = value.substr(start, comma - start);
      if (!item.empty()) out.push_back(item);
      start = comma + 1;
    }
  }
  return out;
}

rewards::HttpResponse TextReply(std::string body) {
  rewards::HttpResponse r;
  r.status = 200;
  r.body = std::move(body);
  return r;
}

// Whether an If-None-Match value (a list of entity tags, or "*") names `etag`
// (weak comparison, RFC 9110 §13.1.2).
bool NoneMatchNames(std::string_view header, std::string_view etag) {
  std::size_t start = 0;
  while (start < header.size()) {
    std::size_t comma = header.find(',', start);
    if (comma == std::string_view::npos) comma = header.size();
    std::string_view tag = header.substr(start, comma - start);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    start = comma + 1;
  }
  return false;
}

// From the provider's pre-rendered page (ABI 1.2): the same body, plus an
// ETag (the snapshot's version, the query and the points limit it was
// answered with — `affordable=true` reads the member's balance, which the
// query string does not show) and a Cache-Control that lets no cache keep
// the page past what is left of the snapshot's TTL; a page made for one
// member (`personal`) leaves Cache-Control to the member gate (no-store).
rewards::HttpResponse CachedTextReply(const rewards::HttpRequest& req,
                                      const rewards::CataloguePageText& text,
                                      std::int64_t max_points, bool personal) {
  char query_hash[17];
  std::snprintf(query_hash, sizeof query_hash, "%016zx",
                std::hash<std::string>{}(req.query + "|" + std::to_string(max_points)));
  const std::string etag = "\"" + text.version + "-" + query_hash + "\"";
  const auto max_age = std::chrono::duration_cast<std::chrono::seconds>(text.fresh_for).count();
  const std::string cache_control =
      std::string(personal ? "private, " : "") +
      "max-age=" + std::to_string(std::max<std::int64_t>(max_age, 0)) + ", must-revalidate";
  auto condition = req.headers.find("if-none-match");
  rewards::HttpResponse r;
  if (condition != req.headers.end() && NoneMatchNames(condition->second, etag)) {
    r.status = 304;
  } else {
    r = TextReply(CataloguePageBody(text.cards_json, text.page, text.page_size, text.total_count,
                                    text.total_pages));
  }
  r.headers.emplace_back("ETag", etag);
  if (!personal) r.headers.emplace_back("Cache-Control", cache_control);
  return r;
}

constexpr int kMaxPointsFilter = 2000000000;

// `max_points` is set (>= 0) by `affordable` (the member's balance); none: -1.
rewards::HttpResponse List(const ProviderLocator& providers, const rewards::HttpRequest& req,
                           std::int64_t max_points) {
  const bool personal = max_points >= 0;
  const QueryParams q(req.query);
  rewards::CatalogueQuery query;
  query.max_points = max_points;
  if (q.Has("max_points")) {
    int parsed = 0;
    if (!ParseBoundedInt(q.Get("max_points"), 0, kMaxPointsFilter, parsed)) {
      return BadQuery("max_points must be a whole number from 0 to " +
                      std::to_string(kMaxPointsFilter));
    }
    query.max_points = max_points >= 0 ? std::min<std::int64_t>(max_points, parsed) : parsed;
  }
  if (query.max_points >= 0 && !providers.ActiveHasMinor(2)) {
    return ErrorReply(501, "not_supported_by_plugin",
                      "the rewards provider cannot filter by points (it needs host-api ABI 1.2)");
  }
  std::string problem;
  if (!ReadPaging(req.query, query.page, query.page_size, problem)) return BadQuery(problem);
  const std::string sort = q.Get("sort", "name:asc");
  if (sort == "name:asc") {
    query.sort = rewards::SortOrder::kNameAscending;
  } else if (sort == "name:desc") {
    query.sort = rewards::SortOrder::kNameDescending;
  } else {
    return BadQuery("sort must be name:asc or name:desc");
  }
  query.categories = Categories(q);
  query.currency = q.Get("currency");
  query.country = q.Get("country");
  query.name_contains = q.Get("q");
  auto provider = providers.Active();
  if (!provider.ok()) return StatusReply(provider.status());
  if (rewards::CataloguePages* pages = providers.ActiveCataloguePages(); pages != nullptr) {
    auto text = pages->ListCatalogueText(query);
    if (!text.ok()) return StatusReply(text.status());
    return CachedTextReply(req, text.value(), query.max_points, personal);
  }
  // A plugin of ABI 1.0 / 1.1: the cards, each written as text here.
  auto page = provider.value()->ListCatalogue(query);
  if (!page.ok()) return StatusReply(page.status());
  std::string cards = "[";
  bool first = true;
  for (const rewards::GiftCardPtr& card : page.value().cards) {
    if (!card) continue;
    if (!first) cards += ',';
    first = false;
    rewards::AppendGiftCardJson(*card, cards);
  }
  cards += ']';
  return TextReply(CataloguePageBody(cards, page.value().page, page.value().page_size,
                                     page.value().total_count, page.value().total_pages));
}

}  // namespace

bool ReadPaging(const std::string& query, int& page, int& page_size, std::string& problem) {
  const QueryParams q(query);
  page = 1;
  page_size = 25;
  if (q.Has("page") && !ParseBoundedInt(q.Get("page"), 1, kMaxPage, page)) {
    problem = "page must be a whole number from 1";
    return false;
  }
  if (q.Has("page_size") && !ParseBoundedInt(q.Get("page_size"), 1, 100, page_size)) {
    problem = "page_size must be a whole number from 1 to 100";
    return false;
  }
  return true;
}

rewards::Status AddCatalogueRoutes(Router& router, const ProviderLocator& providers,
                                   const MemberGate& gate, MemberStore& members) {
  HostRoutes routes(router);
  // affordable=true: the signed-in member's balance is the limit, so the
  // route passes the member gate (401 without a session); otherwise public.
  HostHandler affordable =
      gate.Guard([&providers, &members](const rewards::HttpRequest& req, const PathParams&,
                                        const MemberCaller& caller) {
        auto member = members.Get(caller.member_id);
        if (!member.ok()) return StatusReply(member.status());
        return List(providers, req, member.value().balance);
      });
  routes.Add("GET", "/api/gift-cards",
             [&providers, affordable](const rewards::HttpRequest& req, const PathParams& params) {
               const std::string wanted = QueryParams(req.query).Get("affordable", "false");
               if (wanted == "true") return affordable(req, params);
               if (wanted != "false") return BadQuery("affordable must be true or false");
               return List(providers, req, -1);
             });
  routes.Add("GET", "/api/gift-cards/{id}",
             [&providers](const rewards::HttpRequest&, const PathParams& params) {
               auto provider = providers.Active();
               if (!provider.ok()) return StatusReply(provider.status());
               auto card = provider.value()->GetGiftCard(params.at("id"));
               if (!card.ok()) return StatusReply(card.status());
               if (!card.value()) return ErrorReply(404, "card_unavailable", "no such gift card");
               return JsonReply(200, GiftCardJson(*card.value()));
             });
  return routes.status();
}

}  // namespace loyalty
