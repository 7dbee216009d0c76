#include "api/redemptions_api.h"

#include "api/catalogue_api.h"
#include "api/json_mapping.h"
#include "http/json_reply.h"
#include "http/query_params.h"

namespace loyalty {

namespace {

using Problems = std::vector<std::pair<std::string, std::string>>;

rewards::HttpResponse BadQuery(const std::string& message) {
  return ErrorReply(400, "invalid_query", message);
}

rewards::HttpResponse Invalid(const Problems& problems) {
  Poco::JSON::Object::Ptr out = NewObject();
  out->set("error", "invalid_redemption");
  out->set("message",
           "the redemption was not made: " + std::to_string(problems.size()) + " problem(s)");
  out->set("problems", ProblemsJson(problems));
  return JsonReply(400, out);
}

std::string RequiredString(const Poco::JSON::Object::Ptr& body, const std::string& key,
                           std::size_t max_len, Problems& problems) {
  if (!body->has(key) || body->isNull(key)) {
    problems.emplace_back(key, key + " is required");
    return "";
  }
  Poco::Dynamic::Var v = body->get(key);
  if (!v.isString()) {
    problems.emplace_back(key, key + " must be a string");
    return "";
  }
  std::string s = v.extract<std::string>();
  if (s.empty()) {
    problems.emplace_back(key, key + " is required");
  } else if (s.size() > max_len) {
    problems.emplace_back(key, key + " must be at most " + std::to_string(max_len) + " characters");
  }
  return s;
}

// A status filter: lower-case letters and '_' only, short.
bool ValidStatusFilter(const std::string& s) {
  if (s.size() > 32) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return true;
}

rewards::HttpResponse Redeem(const ProviderLocator& providers, MemberStore& members,
                             const rewards::HttpRequest& req) {
  auto body = ParseJsonObject(req.body);
  if (!body.ok()) return StatusReply(body.status());
  const Poco::JSON::Object::Ptr& b = body.value();
  Problems problems;
  rewards::RedeemRequest r;
  const std::string member_id = RequiredString(b, "member_id", 64, problems);
  r.gift_card_id = RequiredString(b, "gift_card_id", 128, problems);
  r.denomination = RequiredString(b, "denomination", 32, problems);
  r.currency = RequiredString(b, "currency", 8, problems);
  r.idempotency_key = RequiredString(b, "idempotency_key", 128, problems);
  if (!b->has("expected_points") || !b->get("expected_points").isInteger()) {
    problems.emplace_back("expected_points", "expected_points must be a whole number");
  } else {
    try {
      r.expected_points = b->get("expected_points").convert<Poco::Int64>();
    } catch (const Poco::Exception&) {
      r.expected_points = 0;
    }
    if (r.expected_points <= 0) {
      problems.emplace_back("expected_points", "expected_points must be more than 0");
    }
  }
  if (!problems.empty()) return Invalid(problems);
  auto member = members.Get(member_id);
  if (!member.ok()) return StatusReply(member.status());
  r.member = member.value().profile;
  auto provider = providers.Active();
  if (!provider.ok()) return StatusReply(provider.status());
  auto outcome = provider.value()->Redeem(r);
  if (!outcome.ok()) return StatusReply(outcome.status());
  return JsonReply(outcome.value().replayed ? 200 : 201,
                   RedemptionJson(outcome.value().redemption, false));
}

rewards::HttpResponse Listing(const ProviderLocator& providers, rewards::RedemptionQuery q,
                              const std::string& raw_query, bool operator_view) {
  std::string problem;
  if (!ReadPaging(raw_query, q.page, q.page_size, problem)) return BadQuery(problem);
  q.status = QueryParams(raw_query).Get("status");
  if (!ValidStatusFilter(q.status)) return BadQuery("status is not a known status");
  if (!operator_view && !q.status.empty() && q.status != "processing" && q.status != "fulfilled" &&
      q.status != "failed") {
    return BadQuery("status must be processing, fulfilled or failed");
  }
  auto provider = providers.Active();
  if (!provider.ok()) return StatusReply(provider.status());
  auto page = provider.value()->ListRedemptions(q);
  if (!page.ok()) return StatusReply(page.status());
  Poco::JSON::Object::Ptr out = NewObject();
  Poco::JSON::Array::Ptr data = NewArray();
  for (const rewards::Redemption& r : page.value().redemptions) {
    data->add(RedemptionJson(r, operator_view));
  }
  out->set("data", data);
  out->set("meta", PageMetaJson(page.value().page, page.value().page_size, page.value().total_count,
                                page.value().total_pages));
  return JsonReply(200, out);
}

}  // namespace

rewards::Status AddRedemptionRoutes(Router& router, const ProviderLocator& providers,
                                    MemberStore& members, const AdminAuth& auth) {
  HostRoutes routes(router);
  routes.Add("POST", "/api/redemptions",
             [&providers, &members](const rewards::HttpRequest& req, const PathParams&) {
               return Redeem(providers, members, req);
             });
  routes.Add("GET", "/api/redemptions/{id}",
             [&providers](const rewards::HttpRequest& req, const PathParams& params) {
               const std::string member_id = QueryParams(req.query).Get("member_id");
               if (member_id.empty()) return BadQuery("member_id is required");
               auto provider = providers.Active();
               if (!provider.ok()) return StatusReply(provider.status());
               auto r = provider.value()->GetRedemption(params.at("id"), member_id);
               if (!r.ok()) return StatusReply(r.status());
               return JsonReply(200, RedemptionJson(r.value(), false));
             });
  routes.Add("GET", "/api/members/{id}/redemptions",
             [&providers, &members](const rewards::HttpRequest& req, const PathParams& params) {
               auto member = members.Get(params.at("id"));
               if (!member.ok()) return StatusReply(member.status());
               rewards::RedemptionQuery q;
               q.member_id = params.at("id");
               return Listing(providers, q, req.query, false);
             });
  routes.Add("POST", "/api/redemptions/{id}/resend-email",
             [&providers](const rewards::HttpRequest& req, const PathParams& params) {
               auto body = ParseJsonObject(req.body);
               if (!body.ok()) return StatusReply(body.status());
               Problems problems;
               const std::string member_id =
                   RequiredString(body.value(), "member_id", 64, problems);
               if (!problems.empty()) return Invalid(problems);
               auto provider = providers.Active();
               if (!provider.ok()) return StatusReply(provider.status());
               rewards::Status s = provider.value()->ResendConfirmation(params.at("id"), member_id);
               if (!s.ok()) return StatusReply(s);
               Poco::JSON::Object::Ptr out = NewObject();
               out->set("id", params.at("id"));
               out->set("resent", true);
               return JsonReply(200, out);
             });
  routes.Add("GET", "/admin/redemptions",
             auth.Guard([&providers](const rewards::HttpRequest& req, const PathParams&) {
               return Listing(providers, rewards::RedemptionQuery{}, req.query, true);
             }));
  routes.Add("POST", "/admin/redemptions/{id}/resync",
             auth.Guard([&providers](const rewards::HttpRequest&, const PathParams& params) {
               auto provider = providers.Active();
               if (!provider.ok()) return StatusReply(provider.status());
               auto r = provider.value()->Resync(params.at("id"));
               if (!r.ok()) return StatusReply(r.status());
               return JsonReply(200, RedemptionJson(r.value(), true));
             }));
  return routes.status();
}

}  // namespace loyalty
