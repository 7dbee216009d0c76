#include "api/operator_redemptions_api.h"

#include <sstream>
#include <utility>
#include <vector>

#include "api/catalogue_api.h"
#include "api/json_mapping.h"
#include "http/json_reply.h"
#include "http/query_params.h"

namespace loyalty {

namespace {

using Problems = std::vector<std::pair<std::string, std::string>>;

std::string Stringify(const Poco::JSON::Object::Ptr& o) {
  std::ostringstream out;
  o->stringify(out);
  return out.str();
}

// Characters of UTF-8 text (bytes that do not continue a sequence).
std::size_t CharacterCount(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool Blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// An id filter: printable ASCII without blanks, at most 128 characters.
bool ValidIdFilter(const std::string& s) {
  if (s.size() > 128) return false;
  for (char c : s) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

Poco::JSON::Object::Ptr DetailJson(const rewards::RedemptionDetail& d) {
  Poco::JSON::Object::Ptr o = RedemptionJson(d.redemption, true);
  o->set("order_id", d.order_id);
  o->set("item_status", d.item_status);
  o->set("submit_attempts", d.submit_attempts);
  o->set("reconcile_checks", d.reconcile_checks);
  o->set("failure_code", d.failure_code);
  o->set("failure_reason", d.failure_reason);  // the operator sees it in every state
  o->set("refunded", d.refunded);
  Poco::JSON::Array::Ptr history = NewArray();
  for (const rewards::RedemptionStateChange& c : d.history) {
    Poco::JSON::Object::Ptr h = NewObject();
    h->set("at", c.at);
    h->set("from_state", c.from_state);
    h->set("to_state", c.to_state);
    h->set("event", c.event);
    h->set("note", c.note);
    history->add(h);
  }
  o->set("history", history);
  return o;
}

rewards::HttpResponse Detail(const ProviderLocator& providers, const std::string& id) {
  auto ops = providers.Operations();
  if (!ops.ok()) return StatusReply(ops.status());
  auto detail = ops.value()->GetRedemptionDetail(id);
  if (!detail.ok()) return StatusReply(detail.status());
  return JsonReply(200, DetailJson(detail.value()));
}

rewards::HttpResponse InvalidResolution(const Problems& problems) {
  Poco::JSON::Object::Ptr out = NewObject();
  out->set("error", "invalid_resolution");
  out->set("message",
           "the redemption was not resolved: " + std::to_string(problems.size()) + " problem(s)");
  out->set("problems", ProblemsJson(problems));
  return JsonReply(400, out);
}

std::string StringField(const Poco::JSON::Object::Ptr& b, const std::string& key) {
  if (!b->has(key) || b->isNull(key) || !b->get(key).isString()) return "";
  return b->get(key).extract<std::string>();
}

rewards::HttpResponse Resolve(const ProviderLocator& providers, AuditLog& audit,
                              const rewards::HttpRequest& req, const std::string& id,
                              const std::string& actor) {
  auto body = ParseJsonObject(req.body);
  if (!body.ok()) return StatusReply(body.status());
  const Poco::JSON::Object::Ptr& b = body.value();
  Problems problems;
  rewards::ResolveRequest r;
  r.redemption_id = id;
  r.operator_name = actor;
  const std::string outcome = StringField(b, "outcome");
  if (outcome == "fulfilled") {
    r.outcome = rewards::ResolveOutcome::kFulfilled;
  } else if (outcome == "refunded") {
    r.outcome = rewards::ResolveOutcome::kRefunded;
  } else {
    problems.emplace_back("outcome", "outcome must be fulfilled or refunded");
  }
  r.note = StringField(b, "note");
  if (Blank(r.note)) {
    problems.emplace_back("note", "a note saying why is required");
  } else if (CharacterCount(r.note) > kMaxResolveNote) {
    problems.emplace_back(
        "note", "the note must be at most " + std::to_string(kMaxResolveNote) + " characters");
  }
  if (!problems.empty()) return InvalidResolution(problems);
  auto ops = providers.Operations();
  if (!ops.ok()) return StatusReply(ops.status());
  auto resolved = ops.value()->Resolve(r);
  if (!resolved.ok()) return StatusReply(resolved.status());
  Poco::JSON::Object::Ptr shown = RedemptionJson(resolved.value(), true);
  Poco::JSON::Object::Ptr before = NewObject();
  before->set("state", "needs_attention");
  Poco::JSON::Object::Ptr after = NewObject();
  after->set("outcome", outcome);
  after->set("note", r.note);
  after->set("state", resolved.value().state);
  (void)audit.Record(actor, "redemption.resolve", id, Stringify(before), Stringify(after));
  return JsonReply(200, shown);
}

}  // namespace

rewards::HttpResponse OperatorSearch(const ProviderLocator& providers,
                                     const std::string& raw_query) {
  const QueryParams params(raw_query);
  rewards::OperatorRedemptionQuery q;
  std::string problem;
  if (!ReadPaging(raw_query, q.page, q.page_size, problem)) {
    return ErrorReply(400, "invalid_query", problem);
  }
  q.state = params.Get("status");
  q.member_id = params.Get("member_id");
  q.reference_id = params.Get("reference_id");
  if (!ValidIdFilter(q.member_id) || !ValidIdFilter(q.reference_id) || q.state.size() > 32) {
    return ErrorReply(400, "invalid_query",
                      "member_id and reference_id must be ids (printable, no blanks, at most "
                      "128 characters)");
  }
  auto ops = providers.Operations();
  if (!ops.ok()) return StatusReply(ops.status());
  auto page = ops.value()->SearchRedemptions(q);
  if (!page.ok()) return StatusReply(page.status());
  Poco::JSON::Object::Ptr out = NewObject();
  Poco::JSON::Array::Ptr data = NewArray();
  for (const rewards::Redemption& r : page.value().redemptions) data->add(RedemptionJson(r, true));
  out->set("data", data);
  out->set("meta", PageMetaJson(page.value().page, page.value().page_size, page.value().total_count,
                                page.value().total_pages));
  return JsonReply(200, out);
}

rewards::Status AddOperatorRedemptionRoutes(Router& router, const ProviderLocator& providers,
                                            const AdminAuth& auth, AuditLog& audit) {
  HostRoutes routes(router);
  routes.Add("GET", "/admin/redemptions/{id}",
             auth.Guard([&providers](const rewards::HttpRequest&, const PathParams& params) {
               return Detail(providers, params.at("id"));
             }));
  routes.Add(
      "POST", "/admin/redemptions/{id}/resolve",
      auth.GuardActing([&providers, &audit](const rewards::HttpRequest& req,
                                            const PathParams& params, const std::string& actor) {
        return Resolve(providers, audit, req, params.at("id"), actor);
      }));
  return routes.status();
}

}  // namespace loyalty
