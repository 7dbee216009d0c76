// JSON views of the simulator's state for the control API (not part of the
// Ascenda contract; documented in README.md).
#pragma once

#include <string>
#include <vector>

#include "faults.h"
#include "sim_parts.h"
#include "webhook_sender.h"

namespace ascenda_sim {

std::string StatsJson(SimParts& parts);
std::string FaultsJson(const std::vector<ScriptedFault>& faults);
// {"data":[<order>...],"total_count":n}
std::string OrdersJson(SimParts& parts);
// {"reference_id":..,"create_attempts":n,"resend_count":n,"order":<order>|null}
std::string ReferenceJson(SimParts& parts, const std::string& reference_id);
std::string AttemptsJson(const std::vector<WebhookAttempt>& attempts);
std::string EventsJson(const std::vector<WebhookEvent>& events);

}  // namespace ascenda_sim
