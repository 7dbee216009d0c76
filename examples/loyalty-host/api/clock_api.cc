#include "api/clock_api.h"

#include "http/json_reply.h"

namespace loyalty {

namespace {

constexpr Poco::Int64 kMaxAdvanceSeconds = 365LL * 24 * 3600;

rewards::HttpResponse Advance(HostClock& clock, AuditLog& audit, const rewards::HttpRequest& req,
                              const std::string& actor) {
  auto body = ParseJsonObject(req.body);
  if (!body.ok()) return StatusReply(body.status());
  Poco::Dynamic::Var v;
  if (body.value()->has("seconds")) v = body.value()->get("seconds");
  Poco::Int64 seconds = -1;
  if (v.isInteger()) {
    try {
      seconds = v.convert<Poco::Int64>();
    } catch (const Poco::Exception&) {
      seconds = -1;
    }
  }
  if (seconds < 0 || seconds > kMaxAdvanceSeconds) {
    return ErrorReply(400, "invalid_seconds", "seconds must be a whole number 0..31536000");
  }
  const std::string before = "{\"now\":\"" + FormatTimestamp(clock.Now()) + "\"}";
  clock.Advance(std::chrono::seconds(seconds));
  (void)audit.Record(actor, "clock.advance", "clock", before,
                     "{\"now\":\"" + FormatTimestamp(clock.Now()) +
                         "\",\"advanced_s\":" + std::to_string(seconds) + "}");
  Poco::JSON::Object::Ptr out = NewObject();
  out->set("now", FormatTimestamp(clock.Now()));
  out->set("advanced_s", seconds);
  return JsonReply(200, out);
}

}  // namespace

rewards::Status AddClockRoutes(Router& router, HostClock& clock, const AdminAuth& auth,
                               AuditLog& audit) {
  if (!clock.manual()) return rewards::Status::Ok();
  HostRoutes routes(router);
  routes.Add("POST", "/admin/clock/advance",
             auth.GuardActing([&clock, &audit](const rewards::HttpRequest& req, const PathParams&,
                                               const std::string& actor) {
               return Advance(clock, audit, req, actor);
             }));
  return routes.status();
}

}  // namespace loyalty
