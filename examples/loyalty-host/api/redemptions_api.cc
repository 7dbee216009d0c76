#include "api/redemptions_api.h"

#include <sstream>

#include "api/catalogue_api.h"
#include "api/json_mapping.h"
#include "api/operator_redemptions_api.h"
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

// The body's "member_id" when it is a string; "" when absent. A non-string
// value is kept as "?" so it never passes for the caller's own id.
std::string ClaimedMember(const Poco::JSON::Object::Ptr& b) {
  if (!b->has("member_id") || b->isNull("member_id")) return "";
  Poco::Dynamic::Var v = b->get("member_id");
  return v.isString() ? v.extract<std::string>() : "?";
}

// An empty body counts as {} (a resend needs nothing else).
rewards::Result<Poco::JSON::Object::Ptr> BodyOrEmpty(const std::string& body) {
  return ParseJsonObject(body.empty() ? "{}" : body);
}

rewards::HttpResponse Redeem(const ProviderLocator& providers, MemberStore& members,
                             const rewards::HttpRequest& req, const MemberCaller& caller) {
  auto body = ParseJsonObject(req.body);
  if (!body.ok()) return StatusReply(body.status());
  const Poco::JSON::Object::Ptr& b = body.value();
  if (auto refused = CheckSameMember(ClaimedMember(b), caller)) return *refused;
  Problems problems;
  rewards::RedeemRequest r;
  const std::string& member_id = caller.member_id;
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
                                    MemberStore& members, const AdminAuth& auth,
                                    const MemberGate& gate, AuditLog& audit) {
  HostRoutes routes(router);
  routes.Add("POST", "/api/redemptions",
             gate.Guard([&providers, &members](const rewards::HttpRequest& req, const PathParams&,
                                               const MemberCaller& caller) {
               return Redeem(providers, members, req, caller);
             }));
  routes.Add("GET", "/api/redemptions/{id}",
             gate.Guard([&providers](const rewards::HttpRequest& req, const PathParams& params,
                                     const MemberCaller& caller) {
               const std::string claimed = QueryParams(req.query).Get("member_id");
               if (auto refused = CheckSameMember(claimed, caller)) return *refused;
               auto provider = providers.Active();
               if (!provider.ok()) return StatusReply(provider.status());
               auto r = provider.value()->GetRedemption(params.at("id"), caller.member_id);
               if (!r.ok()) return StatusReply(r.status());
               return JsonReply(200, RedemptionJson(r.value(), false));
             }));
  routes.Add(
      "GET", "/api/members/{id}/redemptions",
      gate.Guard([&providers, &members](const rewards::HttpRequest& req, const PathParams& params,
                                        const MemberCaller& caller) {
        if (auto refused = CheckSameMember(params.at("id"), caller)) return *refused;
        auto member = members.Get(caller.member_id);
        if (!member.ok()) return StatusReply(member.status());
        rewards::RedemptionQuery q;
        q.member_id = caller.member_id;
        return Listing(providers, q, req.query, false);
      }));
  routes.Add("POST", "/api/redemptions/{id}/resend-email",
             gate.Guard([&providers](const rewards::HttpRequest& req, const PathParams& params,
                                     const MemberCaller& caller) {
               auto body = BodyOrEmpty(req.body);
               if (!body.ok()) return StatusReply(body.status());
               if (auto refused = CheckSameMember(ClaimedMember(body.value()), caller))
                 return *refused;
               auto provider = providers.Active();
               if (!provider.ok()) return StatusReply(provider.status());
               rewards::Status s =
                   provider.value()->ResendConfirmation(params.at("id"), caller.member_id);
               if (!s.ok()) return StatusReply(s);
               Poco::JSON::Object::Ptr out = NewObject();
               out->set("id", params.at("id"));
               out->set("resent", true);
               return JsonReply(200, out);
             }));
  routes.Add("GET", "/admin/redemptions",
             auth.Guard([&providers](const rewards::HttpRequest& req, const PathParams&) {
               const QueryParams q(req.query);
               if (q.Has("member_id") || q.Has("reference_id"))
                 return OperatorSearch(providers, req.query);
               return Listing(providers, rewards::RedemptionQuery{}, req.query, true);
             }));
  routes.Add(
      "POST", "/admin/redemptions/{id}/resync",
      auth.GuardActing([&providers, &audit](const rewards::HttpRequest&, const PathParams& params,
                                            const std::string& actor) {
        auto provider = providers.Active();
        if (!provider.ok()) return StatusReply(provider.status());
        auto r = provider.value()->Resync(params.at("id"));
        if (!r.ok()) return StatusReply(r.status());
        Poco::JSON::Object::Ptr shown = RedemptionJson(r.value(), true);
        std::ostringstream after;
        shown->stringify(after);
        (void)audit.Record(actor, "redemption.resync", params.at("id"), "", after.str());
        return JsonReply(200, shown);
      }));
  return routes.status();
}

}  // namespace loyalty
