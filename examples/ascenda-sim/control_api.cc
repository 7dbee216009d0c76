#include "control_api.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>

#include <map>
#include <string>

#include "control_views.h"
#include "http_io.h"
#include "json_text.h"
#include "wire_json.h"

namespace ascenda_sim {
namespace {

using Poco::JSON::Object;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

Reply Fail(int status, const std::string& message) {
  return JsonReply(status, "{\"error\":" + JsonString(message) + "}");
}

std::string Str(const Object& o, const std::string& key, const std::string& fallback = "") {
  return o.has(key) && !o.isNull(key) ? o.getValue<std::string>(key) : fallback;
}

class ControlHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  ControlHandler(SimParts& parts, const std::function<void()>& reset)
      : parts_(parts), reset_(reset) {}

  void handleRequest(HTTPServerRequest& http, HTTPServerResponse& response) override {
    std::string body;
    ReadBody(http, 1 << 20, body);
    Object::Ptr json = new Object;
    if (!body.empty()) {
      try {
        json = Poco::JSON::Parser().parse(body).extract<Object::Ptr>();
      } catch (const Poco::Exception&) {
        SendReply(response, Fail(400, "body must be a JSON object"));
        return;
      }
    }
    Reply reply;
    try {
      reply = Dispatch(http.getMethod(), Poco::URI(http.getURI()).getPath(), *json);
    } catch (const Poco::Exception& e) {
      reply = Fail(400, e.displayText());
    }
    SendReply(response, reply);
  }

 private:
  using Action = Reply (ControlHandler::*)(const Object& body);
  struct Route {
    const char* method;
    const char* path;
    Action action;
  };

  Reply Dispatch(const std::string& method, const std::string& path, const Object& body) {
    static const Route kRoutes[] = {
        {"GET", "/control/health", &ControlHandler::Health},
        {"GET", "/control/stats", &ControlHandler::Stats},
        {"POST", "/control/reset", &ControlHandler::Reset},
        {"POST", "/control/faults", &ControlHandler::AddFault},
        {"GET", "/control/faults", &ControlHandler::ListFaults},
        {"DELETE", "/control/faults", &ControlHandler::ClearFaults},
        {"POST", "/control/fault-rates", &ControlHandler::SetFaultRates},
        {"GET", "/control/orders", &ControlHandler::Orders},
        {"POST", "/control/outcome-rules", &ControlHandler::SetRules},
        {"POST", "/control/webhook-target", &ControlHandler::SetTarget},
        {"POST", "/control/webhook-rates", &ControlHandler::SetWebhookRates},
        {"POST", "/control/webhooks/send", &ControlHandler::SendWebhook},
        {"POST", "/control/webhooks/replay", &ControlHandler::ReplayWebhook},
        {"GET", "/control/webhooks/attempts", &ControlHandler::Attempts},
        {"GET", "/control/webhooks/events", &ControlHandler::Events},
        {"POST", "/control/tokens/expire", &ControlHandler::ExpireTokens},
        {"POST", "/control/stock", &ControlHandler::SetStock},
        {"POST", "/control/clock", &ControlHandler::ShiftClock},
        {"POST", "/control/ratelimit", &ControlHandler::SetRateLimit},
        {"POST", "/control/visibility", &ControlHandler::SetVisibility},
    };
    for (const Route& route : kRoutes) {
      if (method == route.method && path == route.path) return (this->*route.action)(body);
    }
    // /control/orders/{ref} and /control/orders/{id or ref}/outcome
    const std::string kOrders = "/control/orders/", kOutcome = "/outcome";
    if (path.compare(0, kOrders.size(), kOrders) == 0 && path.size() > kOrders.size()) {
      std::string rest = path.substr(kOrders.size());
      bool outcome = rest.size() > kOutcome.size() &&
                     rest.compare(rest.size() - kOutcome.size(), kOutcome.size(), kOutcome) == 0;
      if (method == "POST" && outcome) {
        return ForceOutcome(rest.substr(0, rest.size() - kOutcome.size()), body);
      }
      if (method == "GET" && !outcome) return JsonReply(200, ReferenceJson(parts_, rest));
    }
    return Fail(404, "no such control endpoint: " + method + " " + path);
  }

  Reply Health(const Object&) { return JsonReply(200, "{\"ok\":true}"); }
  Reply Stats(const Object&) { return JsonReply(200, StatsJson(parts_)); }
  Reply Reset(const Object&) {
    reset_();
    return JsonReply(200, "{\"reset\":true}");
  }
  Reply ListFaults(const Object&) { return JsonReply(200, FaultsJson(parts_.faults.Pending())); }
  Reply ClearFaults(const Object&) {
    parts_.faults.ClearScripted();
    return JsonReply(200, "{\"cleared\":true}");
  }
  Reply Orders(const Object&) { return JsonReply(200, OrdersJson(parts_)); }
  Reply Attempts(const Object&) { return JsonReply(200, AttemptsJson(parts_.webhooks.Attempts())); }
  Reply Events(const Object&) { return JsonReply(200, EventsJson(parts_.webhooks.Events())); }

  Reply SetTarget(const Object& body) {
    parts_.webhooks.SetTarget(Str(body, "url"), Str(body, "secret"), Str(body, "previous_secret"),
                              !body.has("enabled") || body.getValue<bool>("enabled"));
    return JsonReply(200, "{\"url\":" + JsonString(Str(body, "url")) + "}");
  }

  // {"rates":{"<fault>":p,...}} replaces the rate faults; {"rates":{}} = off.
  Reply SetFaultRates(const Object& body) {
    Object::Ptr given = body.has("rates") ? body.getObject("rates") : nullptr;
    if (!given) return Fail(400, "rates must be an object of fault: probability");
    std::map<FaultKind, double> rates;
    double sum = 0;
    for (const std::string& name : given->getNames()) {
      auto kind = ParseFaultKind(name);
      if (!kind || *kind == FaultKind::kNone) return Fail(400, "unknown fault " + name);
      const double p = given->getValue<double>(name);
      if (p < 0 || p > 1) return Fail(400, "a rate is a probability");
      if (p > 0) rates[*kind] = p;
      sum += p;
    }
    if (sum > 1) return Fail(400, "rates must add up to at most 1");
    parts_.faults.SetRateShares(rates);
    std::string out = "{\"rates\":{";
    for (const auto& [kind, p] : rates) {
      if (out.back() != '{') out += ",";
      out += JsonString(FaultKindName(kind)) + ":" + std::to_string(p);
    }
    return JsonReply(200, out + "}}");
  }

  Reply SetWebhookRates(const Object& body) {
    double duplicate = body.has("duplicate") ? body.getValue<double>("duplicate") : 0;
    double reorder = body.has("reorder") ? body.getValue<double>("reorder") : 0;
    double drop = body.has("drop") ? body.getValue<double>("drop") : 0;
    for (double rate : {duplicate, reorder, drop}) {
      if (rate < 0 || rate > 1) return Fail(400, "webhook rates must be within 0..1");
    }
    parts_.webhooks.SetRates(duplicate, reorder, drop);
    return JsonReply(200, "{\"duplicate\":" + std::to_string(duplicate) + ",\"reorder\":" +
                              std::to_string(reorder) + ",\"drop\":" + std::to_string(drop) + "}");
  }

  Reply ReplayWebhook(const Object& body) {
    if (!parts_.webhooks.Replay(Str(body, "event_id"))) return Fail(404, "unknown event");
    return JsonReply(202, "{\"event_id\":" + JsonString(Str(body, "event_id")) + "}");
  }

  Reply ShiftClock(const Object& body) {
    int64_t offset_s = body.has("offset_s") ? body.getValue<int64_t>("offset_s") : 0;
    parts_.clock.SetWallOffsetMs(offset_s * 1000);
    return JsonReply(200, "{\"offset_s\":" + std::to_string(offset_s) + "}");
  }

  Reply SetVisibility(const Object& body) {
    const int64_t ms = body.has("delay_ms") ? body.getValue<int64_t>("delay_ms") : 0;
    if (ms < 0) return Fail(400, "delay_ms must be >= 0");
    parts_.orders.SetVisibilityDelay(ms);
    return JsonReply(200, "{\"delay_ms\":" + std::to_string(ms) + "}");
  }

  Reply SetRateLimit(const Object& body) {
    double rps = body.has("rps") ? body.getValue<double>("rps") : 0;
    int burst = body.has("burst") ? body.getValue<int>("burst") : 0;
    parts_.limiter.Configure(rps, burst > 0 ? burst : static_cast<int>(rps));
    return JsonReply(200, "{\"rps\":" + std::to_string(rps) + "}");
  }

  Reply AddFault(const Object& body) {
    ScriptedFault scripted;
    auto op = ParseApiOp(Str(body, "op", "create"));
    if (!op) return Fail(400, "unknown op");
    auto kind = ParseFaultKind(Str(body, "fault"));
    if (!kind || *kind == FaultKind::kNone) return Fail(400, "unknown fault");
    scripted.op = *op;
    scripted.reference_id = Str(body, "reference_id");
    scripted.fault.kind = *kind;
    scripted.fault.commit = body.has("commit") && body.getValue<bool>("commit");
    scripted.fault.delay_ms = body.has("delay_ms") ? body.getValue<int>("delay_ms") : 0;
    scripted.count = body.has("count") ? body.getValue<int>("count") : 1;
    parts_.faults.Enqueue(scripted);
    return JsonReply(201, FaultsJson(parts_.faults.Pending()));
  }

  Reply ForceOutcome(const std::string& id_or_reference, const Object& body) {
    std::optional<Order> order = parts_.orders.Get(id_or_reference);
    if (!order) order = parts_.orders.GetByReference(id_or_reference);
    if (!order) return Fail(404, "unknown order");
    std::optional<ItemStatus> status = ParseItemStatus(Str(body, "status"));
    if (!status) return Fail(400, "status must be an item status");
    size_t item = body.has("item") ? body.getValue<size_t>("item") : 0;
    std::vector<ItemError> errors;
    if (Poco::JSON::Array::Ptr list = body.getArray("errors")) {
      for (size_t i = 0; i < list->size(); ++i) {
        Object::Ptr e = list->getObject(i);
        if (e) errors.push_back({Str(*e, "code"), Str(*e, "message")});
      }
    }
    std::string when = Str(body, "when", "now");
    if (when != "now" && when != "terminal") return Fail(400, "when must be now or terminal");
    if (when == "terminal" && !IsTerminal(*status)) {
      return Fail(400, "a planned outcome must be terminal");
    }
    order = when == "now" ? parts_.lifecycle.Force(order->id, item, *status, errors)
                          : parts_.lifecycle.Plan(order->id, item, *status, errors);
    if (!order) return Fail(404, "unknown item");
    return JsonReply(200, DataEnvelope(OrderJson(*order)));
  }

  Reply SendWebhook(const Object& body) {
    std::string id = Str(body, "order_id");
    std::optional<Order> order = parts_.orders.Get(id);
    if (!order) order = parts_.orders.GetByReference(id);
    if (!order) return Fail(404, "unknown order");
    std::string event_id = parts_.webhooks.Publish(*order);
    if (event_id.empty()) return Fail(409, "webhooks are disabled or have no url");
    return JsonReply(202, "{\"event_id\":" + JsonString(event_id) + "}");
  }

  Reply ExpireTokens(const Object& body) {
    if (body.has("token")) {
      bool known = parts_.tokens.Expire(Str(body, "token"));
      return known ? JsonReply(200, "{\"expired\":1}") : Fail(404, "unknown token");
    }
    return JsonReply(200, "{\"expired\":" + std::to_string(parts_.tokens.ExpireAll()) + "}");
  }

  Reply SetStock(const Object& body) {
    bool in_stock = body.has("in_stock") && body.getValue<bool>("in_stock");
    if (!parts_.catalogue.SetInStock(Str(body, "gift_card_id"), in_stock)) {
      return Fail(404, "unknown gift card");
    }
    return JsonReply(200, std::string("{\"in_stock\":") + (in_stock ? "true" : "false") + "}");
  }

  Reply SetRules(const Object& body) {
    std::vector<OutcomeRule> rules;
    std::string error = ParseOutcomeRules(Str(body, "rules"), rules);
    if (!error.empty()) return Fail(400, error);
    bool replace = !body.has("replace") || body.getValue<bool>("replace");
    if (replace)
      parts_.outcomes.SetRules(rules);
    else
      parts_.outcomes.AddRules(rules);
    return JsonReply(200, "{\"rules\":" + std::to_string(parts_.outcomes.rules().size()) + "}");
  }

  SimParts& parts_;
  const std::function<void()>& reset_;
};

}  // namespace

Poco::Net::HTTPRequestHandler* ControlRouter::createRequestHandler(const HTTPServerRequest&) {
  return new ControlHandler(parts_, reset_);
}

}  // namespace ascenda_sim
