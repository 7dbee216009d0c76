// AscendaSettings: the plugin's settings, parsed and checked.
//
// ParseSettings reads a full set of values (every schema key, host defaults
// filled in) and answers the typed settings together with every problem it
// found, each naming its key. Settings with problems must not be used to talk
// to Ascenda; `missing_required` lists the required keys that are empty, for
// health. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ascenda/settings/settings_schema.h"  // kCatalogueTtlMax
#include "rewards/settings.h"

namespace ascenda {

struct AscendaSettings {
  std::string base_url;
  std::string path_prefix;
  std::string token_path = "/tokens";
  std::string client_id;
  std::string client_secret;
  std::string api_version = "1.3";
  std::string tls_ca_file;
  bool tls_verify_peer = true;
  std::int64_t connect_timeout_ms = 3000;
  std::int64_t request_timeout_ms = 10000;
  std::int64_t catalogue_ttl_s = kCatalogueTtlMax.count();
  // Currency code -> cost per point, as the exact decimal text the operator
  // gave ("0.0075").
  std::map<std::string, std::string> cost_per_point;
  std::int64_t submit_max_attempts = 5;
  std::int64_t submit_backoff_ms = 500;
  std::int64_t submit_wait_ms = 15000;
  std::int64_t submit_confirm_after_s = 60;
  std::int64_t submit_parked_retry_s = 300;
  std::int64_t retry_after_max_s = 300;
  std::int64_t reconcile_interval_s = 30;
  std::int64_t reconcile_give_up_after_h = 24;
  std::int64_t reconcile_parallel = 16;
  std::vector<std::string> webhook_secrets;
  std::int64_t webhook_tolerance_s = 300;
  std::int64_t poll_after_s = 300;
  std::string data_key;                         // base64 of 32 bytes
  std::vector<std::string> previous_data_keys;  // base64; only to open older values
  std::int64_t resend_cooldown_s = 300;
};

struct ParsedSettings {
  AscendaSettings settings;
  std::vector<rewards::SettingProblem> problems;
  std::vector<std::string> missing_required;
};

ParsedSettings ParseSettings(const rewards::SettingsValues& values);

}  // namespace ascenda
