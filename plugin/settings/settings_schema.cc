#include "ascenda/settings/settings_schema.h"

#include "settings/setting_keys.h"

namespace ascenda {

namespace settings_internal {

namespace {

using rewards::SettingType;

KeyInfo Text(const char* key, const char* def, bool required, const char* what,
             const char* validation, SettingType type = SettingType::kString, bool secret = false) {
  KeyInfo k;
  k.spec.key = key;
  k.spec.type = type;
  k.spec.default_value = def;
  k.spec.secret = secret;
  k.spec.required = required;
  k.spec.description = what;
  k.spec.validation = validation;
  return k;
}

KeyInfo Integer(const char* key, std::int64_t def, std::int64_t min, std::int64_t max,
                const char* what) {
  KeyInfo k = Text(key, "", false, what, "", SettingType::kInteger);
  k.spec.default_value = std::to_string(def);
  k.spec.validation = "whole number " + std::to_string(min) + ".." + std::to_string(max);
  k.min = min;
  k.max = max;
  return k;
}

std::vector<KeyInfo> MakeKeys() {
  return {
      Text("ascenda.base_url", "", true, "Ascenda API base URL, e.g. https://api.us.ascenda.com",
           "https URL without a path", SettingType::kUrl),
      Text("ascenda.path_prefix", "", false, "Path prefix before every API path, e.g. /api",
           "empty, or a path starting with /"),
      Text("ascenda.token_path", "/tokens", false, "Path of the access-token endpoint",
           "a path starting with /"),
      Text("ascenda.client_id", "", true, "OAuth client id for the client-credentials flow",
           "non-empty"),
      Text("ascenda.client_secret", "", true, "OAuth client secret", "non-empty",
           SettingType::kString, true),
      Text("ascenda.api_version", "1.3", false, "X-Ascenda-Version header sent on every call",
           "a version, at least 1.3"),
      Text("ascenda.tls.ca_file", "", false,
           "PEM file of the CAs trusted for Ascenda's certificate (empty: system CAs)",
           "empty, or a readable file"),
      Text("ascenda.tls.verify_peer", "true", false,
           "Verify Ascenda's certificate and host name (false is for tests only, and warns)",
           "true or false", SettingType::kBoolean),
      Integer("ascenda.timeout.connect_ms", 3000, 100, 60000, "Connect timeout in milliseconds"),
      Integer("ascenda.timeout.request_ms", 10000, 100, 120000,
              "Send and receive timeout of one call in milliseconds"),
      Integer("ascenda.catalogue.ttl_s", kCatalogueTtlMax.count(), kCatalogueTtlMin.count(),
              kCatalogueTtlMax.count(),
              "How long a catalogue snapshot may be served, in seconds (at most one hour)"),
      Text("ascenda.pricing.cpp", "", true,
           "Cost per point per currency: points = face value / cost per point",
           "comma list of CUR:decimal, e.g. USD:0.01,SGD:0.0075,JPY:1", SettingType::kList),
      Integer("ascenda.submit.max_attempts", 5, 1, 20,
              "Create-order attempts before a redemption is parked as processing"),
      Integer("ascenda.submit.backoff_ms", 500, 1, 60000,
              "Base of the exponential back-off between create attempts, in milliseconds"),
      Integer("ascenda.submit.wait_ms", 15000, 0, 120000,
              "How long a member's redeem request may wait for the order, in milliseconds"),
      Integer("ascenda.submit.confirm_after_s", 60, 1, 3600,
              "After a create ended without an answer, how long a later rejection waits for "
              "the order to show up before the points are refunded, in seconds"),
      Integer("ascenda.submit.parked_retry_s", 300, 1, 86400,
              "How often a parked redemption whose order Ascenda does not have is created "
              "again (same reference_id), in seconds"),
      Integer("ascenda.retry_after.max_s", 300, 1, 3600,
              "Longest Retry-After honoured on any call, in seconds (longer ones are capped)"),
      Integer("ascenda.reconcile.interval_s", 30, 1, 3600,
              "How often the reconciler looks for redemptions to check, in seconds"),
      Integer("ascenda.reconcile.give_up_after_h", 24, 1, 720,
              "Hours of checking before a redemption goes to needs_attention"),
      Integer("ascenda.reconcile.parallel", 16, 1, 64,
              "Redemptions the reconciler drives at once on this node (each waits on its own "
              "Ascenda calls; more recovers a backlog faster and puts more load on Ascenda)"),
      Text("ascenda.webhook.secrets", "", true,
           "Webhook signing secrets, comma-separated (several during a rotation)",
           "one or more non-empty secrets", SettingType::kList, true),
      Integer("ascenda.webhook.tolerance_s", 300, 1, 3600,
              "Largest accepted distance between a webhook's timestamp and our clock, seconds"),
      Integer("ascenda.poll.after_s", 300, 1, 86400,
              "Seconds to wait for a webhook before polling an order"),
      Text("ascenda.data_key", "", true,
           "Key for gift card delivery data at rest: base64 of 32 random bytes",
           "base64 of exactly 32 bytes", SettingType::kString, true),
      Text("ascenda.data_key.previous", "", false,
           "Earlier data keys, comma-separated, kept after a rotation only to read delivery "
           "data sealed under them (new data is always sealed with ascenda.data_key)",
           "empty, or base64 keys of exactly 32 bytes each", SettingType::kList, true),
      Integer("ascenda.resend.cooldown_s", 300, 0, 86400,
              "Seconds between two confirmation-email resends of one redemption"),
  };
}

}  // namespace

const std::vector<KeyInfo>& Keys() {
  static const std::vector<KeyInfo> keys = MakeKeys();
  return keys;
}

const KeyInfo* Find(const std::string& key) {
  for (const auto& k : Keys()) {
    if (k.spec.key == key) return &k;
  }
  return nullptr;
}

}  // namespace settings_internal

const std::vector<rewards::SettingSpec>& SettingsSchema() {
  static const std::vector<rewards::SettingSpec> schema = [] {
    std::vector<rewards::SettingSpec> out;
    for (const auto& k : settings_internal::Keys()) out.push_back(k.spec);
    return out;
  }();
  return schema;
}

}  // namespace ascenda
