#include "control_views.h"

#include <limits>

#include "json_text.h"
#include "wire_json.h"

namespace ascenda_sim {
namespace {

void Field(std::string& out, const char* key, int64_t value, bool first = false) {
  if (!first) out.push_back(',');
  out += "\"";
  out += key;
  out += "\":" + std::to_string(value);
}

void Field(std::string& out, const char* key, const std::string& value, bool first = false) {
  if (!first) out.push_back(',');
  out += "\"";
  out += key;
  out += "\":";
  AppendJsonString(out, value);
}

}  // namespace

std::string StatsJson(SimParts& parts) {
  std::string out = "{";
  Field(out, "requests", parts.stats.requests.load(), true);
  Field(out, "tokens_issued", parts.stats.tokens_issued.load());
  Field(out, "orders", static_cast<int64_t>(parts.orders.size()));
  Field(out, "orders_created", parts.stats.orders_created.load());
  Field(out, "create_attempts", parts.orders.total_create_attempts());
  Field(out, "dropped_connections", parts.stats.dropped_connections.load());
  Field(out, "overlapping_creates", parts.orders.overlapping_creates());
  Field(out, "faults_injected", parts.faults.injected_count());
  Field(out, "rate_limited", parts.limiter.rejected_count());
  Field(out, "webhook_attempts", static_cast<int64_t>(parts.webhooks.Attempts().size()));
  Field(out, "webhook_events_dropped", parts.webhooks.dropped_count());
  Field(out, "clock_offset_s", parts.clock.wall_offset_ms() / 1000);
  out += "}";
  return out;
}

std::string FaultsJson(const std::vector<ScriptedFault>& faults) {
  std::string out = "{\"data\":[";
  for (size_t i = 0; i < faults.size(); ++i) {
    if (i) out.push_back(',');
    out += "{";
    Field(out, "op", ApiOpName(faults[i].op), true);
    Field(out, "reference_id", faults[i].reference_id);
    Field(out, "fault", FaultKindName(faults[i].fault.kind));
    out += std::string(",\"commit\":") + (faults[i].fault.commit ? "true" : "false");
    Field(out, "delay_ms", faults[i].fault.delay_ms);
    Field(out, "count", faults[i].count);
    out += "}";
  }
  return out + "]}";
}

std::string OrdersJson(SimParts& parts) {
  size_t total = 0;
  std::vector<Order> orders = parts.orders.List(0, std::numeric_limits<size_t>::max(), &total);
  std::string out = "{\"data\":[";
  for (size_t i = 0; i < orders.size(); ++i) {
    if (i) out.push_back(',');
    AppendOrderJson(out, orders[i]);
  }
  out += "]";
  Field(out, "total_count", static_cast<int64_t>(total));
  return out + "}";
}

std::string ReferenceJson(SimParts& parts, const std::string& reference_id) {
  std::optional<Order> order = parts.orders.GetByReference(reference_id);
  std::string out = "{";
  Field(out, "reference_id", reference_id, true);
  Field(out, "create_attempts", parts.orders.CreateAttempts(reference_id));
  Field(out, "resend_count", order ? order->resend_count : 0);
  Field(out, "overlapping_creates", parts.orders.OverlappingCreates(reference_id));
  out += ",\"order\":";
  if (order)
    AppendOrderJson(out, *order);
  else
    out += "null";
  return out + "}";
}

std::string AttemptsJson(const std::vector<WebhookAttempt>& attempts) {
  std::string out = "{\"data\":[";
  for (size_t i = 0; i < attempts.size(); ++i) {
    const WebhookAttempt& a = attempts[i];
    if (i) out.push_back(',');
    out += "{";
    Field(out, "event_id", a.event_id, true);
    Field(out, "order_id", a.order_id);
    Field(out, "attempt", a.attempt);
    out += std::string(",\"duplicate\":") + (a.duplicate ? "true" : "false");
    Field(out, "url", a.url);
    Field(out, "status", a.status);
    Field(out, "error", a.error);
    Field(out, "at", IsoTime(a.at_ms));
    Field(out, "duration_ms", a.duration_ms);
    Field(out, "outcome", a.outcome);
    out += "}";
  }
  return out + "]}";
}

std::string EventsJson(const std::vector<WebhookEvent>& events) {
  std::string out = "{\"data\":[";
  for (size_t i = 0; i < events.size(); ++i) {
    if (i) out.push_back(',');
    out += "{";
    Field(out, "id", events[i].id, true);
    Field(out, "order_id", events[i].order_id);
    Field(out, "reference_id", events[i].reference_id);
    Field(out, "created_at", IsoTime(events[i].created_at_ms));
    out += std::string(",\"dropped\":") + (events[i].dropped ? "true" : "false");
    out += ",\"body\":" + events[i].body;  // already JSON
    out += "}";
  }
  return out + "]}";
}

}  // namespace ascenda_sim
