// Every setting of the simulator, read from a Poco properties file
// (`ascenda-sim --config=FILE`). Keys and defaults are documented in
// README.md; this struct is the single place the defaults live.
#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <cstdint>
#include <string>
#include <vector>

#include "faults.h"
#include "lifecycle.h"
#include "outcome_policy.h"
#include "webhook_sender.h"

namespace ascenda_sim {

struct SimConfig {
  // Public API.
  std::string http_host = "127.0.0.1";
  int http_port = 8443;
  std::string tls_cert;  // both set = HTTPS; both empty = plain HTTP
  std::string tls_key;
  std::string path_prefix;  // e.g. "/api"; empty = none
  int max_threads = 64;
  int max_queued = 1024;
  int keep_alive_timeout_s = 15;
  bool strict_version_header = true;

  // Catalogue and credentials.
  std::string catalogue;
  // When set (e.g. "https://localhost:8443"), every card's logo_url becomes
  // <this>/logos/<id>.svg, which this simulator serves (logo_image.h).
  std::string logo_base_url;
  std::string client_id = "sim-client";
  std::string client_secret = "sim-secret";
  int token_ttl_s = 3600;

  // Rate limit (429); rps <= 0 = off.
  double ratelimit_rps = 0;
  int ratelimit_burst = 0;  // 0 = same as rps (at least 1)

  LifecycleTiming lifecycle;
  double outcome_failed_rate = 0.05;
  double outcome_cancelled_rate = 0.02;
  std::vector<OutcomeRule> outcome_rules;

  FaultRates faults;
  WebhookSettings webhook;

  // Control API (always plain HTTP on 127.0.0.1); 0 = disabled.
  int control_port = 8099;
  uint64_t seed = 0;  // 0 = random
  bool log_requests = false;
  int visibility_delay_ms = 0;  // committed orders stay out of lookups this long
};

// Reads `config`; relative file paths are resolved against `base_dir` (the
// directory of the properties file). Returns "" or every problem found,
// one per line.
[[nodiscard]] std::string LoadSimConfig(const Poco::Util::AbstractConfiguration& config,
                                        const std::string& base_dir, SimConfig& out);

}  // namespace ascenda_sim
