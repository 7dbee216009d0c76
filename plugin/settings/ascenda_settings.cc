#include "ascenda/settings/ascenda_settings.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "ascenda/crypto/delivery_cipher.h"
#include "settings/setting_keys.h"

namespace ascenda {

namespace {

using rewards::SettingsValues;

class Parser {
 public:
  explicit Parser(const SettingsValues& values) : values_(values) {}

  ParsedSettings Run();

 private:
  // Adds a problem for `key`.
  void Problem(const std::string& key, const std::string& message) {
    out_.problems.push_back({key, message});
  }
  // The value of a key, taken as typed (not trimmed). An empty required value
  // is recorded as missing; answers false then.
  bool Present(const std::string& key, std::string* value);
  void Integer(const std::string& key, std::int64_t* out);
  void BaseUrl();
  void Path(const std::string& key, bool may_be_empty, std::string* out);
  void ApiVersion();
  void CaFile();
  void Pricing();
  void DataKey();

  const SettingsValues& values_;
  ParsedSettings out_;
};

bool Parser::Present(const std::string& key, std::string* value) {
  *value = values_.GetString(key);
  if (!value->empty()) return true;
  const auto* info = settings_internal::Find(key);
  if (info != nullptr && info->spec.required) {
    Problem(key, key + " is required");
    out_.missing_required.push_back(key);
  }
  return false;
}

void Parser::Integer(const std::string& key, std::int64_t* out) {
  const auto* info = settings_internal::Find(key);
  auto parsed = values_.GetInteger(key);
  if (!parsed.ok()) {
    Problem(key, parsed.status().message());
    return;
  }
  if (parsed.value() < info->min || parsed.value() > info->max) {
    Problem(key, key + " must be between " + std::to_string(info->min) + " and " +
                     std::to_string(info->max));
    return;
  }
  *out = parsed.value();
}

void Parser::BaseUrl() {
  const std::string key = "ascenda.base_url";
  std::string text;
  if (!Present(key, &text)) return;
  try {
    Poco::URI uri(text);
    if (uri.getScheme() != "https") {
      Problem(key, key + " must be an https URL");
    } else if (uri.getHost().empty()) {
      Problem(key, key + " must name a host");
    } else if (!(uri.getPath().empty() || uri.getPath() == "/") || !uri.getRawQuery().empty() ||
               !uri.getFragment().empty()) {
      Problem(key, key + " must not have a path, query or fragment (use ascenda.path_prefix)");
    } else {
      out_.settings.base_url = text.back() == '/' ? text.substr(0, text.size() - 1) : text;
    }
  } catch (const Poco::Exception&) {
    Problem(key, key + " is not a valid URL");
  }
}

void Parser::Path(const std::string& key, bool may_be_empty, std::string* out) {
  const std::string text = values_.GetString(key);
  if (text.empty() && may_be_empty) {
    *out = "";
    return;
  }
  const bool ok = !text.empty() && text[0] == '/' &&
                  text.find_first_of("?# ") == std::string::npos &&
                  (text.size() == 1 || text.back() != '/');
  if (!ok) {
    Problem(key, key + " must be a path starting with / (no trailing /, query or spaces)");
    return;
  }
  *out = text;
}

void Parser::ApiVersion() {
  const std::string key = "ascenda.api_version";
  const std::string text = values_.GetString(key);
  int major = 0, minor = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%d.%d%c", &major, &minor, &extra) != 2 || major < 1 ||
      (major == 1 && minor < 3)) {
    Problem(key, key + " must be a version of at least 1.3 (fulfilment orders exist from 1.3)");
    return;
  }
  out_.settings.api_version = text;
}

void Parser::CaFile() {
  const std::string key = "ascenda.tls.ca_file";
  const std::string path = values_.GetString(key);
  if (!path.empty() && !std::ifstream(path).good()) {
    Problem(key, key + " is not a readable file: " + path);
    return;
  }
  out_.settings.tls_ca_file = path;
}

bool IsDecimal(const std::string& s) {
  std::size_t dot = s.find('.');
  std::string whole = s.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  auto digits = [](const std::string& d) {
    for (char c : d) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
  };
  if (whole.empty() || whole.size() > 12 || !digits(whole)) return false;
  if (dot != std::string::npos && (frac.empty() || frac.size() > 12 || !digits(frac))) return false;
  return s.find_first_not_of("0.") != std::string::npos;  // greater than zero
}

void Parser::Pricing() {
  const std::string key = "ascenda.pricing.cpp";
  std::string text;
  if (!Present(key, &text)) return;
  for (const std::string& entry : values_.GetList(key)) {
    const std::size_t colon = entry.find(':');
    const std::string currency = entry.substr(0, colon);
    const std::string value = colon == std::string::npos ? "" : entry.substr(colon + 1);
    const bool code_ok = currency.size() == 3 &&
                         std::isupper(static_cast<unsigned char>(currency[0])) &&
                         std::isupper(static_cast<unsigned char>(currency[1])) &&
                         std::isupper(static_cast<unsigned char>(currency[2]));
    if (!code_ok || !IsDecimal(value)) {
      Problem(key, key + ": '" + entry +
                       "' must be CUR:decimal with a 3-letter upper-case currency and a cost "
                       "per point greater than zero");
    } else if (!out_.settings.cost_per_point.emplace(currency, value).second) {
      Problem(key, key + ": currency " + currency + " is given twice");
    }
  }
}

// Whether `text` is base64 of exactly 32 bytes (an AES-256 key): the
// keyring's own rule, so a key the settings accept is one the keyring takes.
bool IsDataKey(const std::string& text) { return DeliveryKeyring::FromBase64(text).ok(); }

void Parser::DataKey() {
  const std::string key = "ascenda.data_key";
  std::string text;
  if (Present(key, &text)) {
    if (IsDataKey(text)) {
      out_.settings.data_key = text;
    } else {
      Problem(key, key + " must be base64 of exactly 32 bytes");
    }
  }
  const std::string previous = "ascenda.data_key.previous";
  const std::vector<std::string> keys = values_.GetList(previous);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!IsDataKey(keys[i])) {
      Problem(previous,
              previous + ": key " + std::to_string(i + 1) + " must be base64 of exactly 32 bytes");
      return;
    }
  }
  out_.settings.previous_data_keys = keys;
}

ParsedSettings Parser::Run() {
  AscendaSettings& s = out_.settings;
  BaseUrl();
  Path("ascenda.path_prefix", true, &s.path_prefix);
  Path("ascenda.token_path", false, &s.token_path);
  Present("ascenda.client_id", &s.client_id);
  Present("ascenda.client_secret", &s.client_secret);
  ApiVersion();
  CaFile();
  auto verify = values_.GetBoolean("ascenda.tls.verify_peer");
  if (verify.ok()) {
    s.tls_verify_peer = verify.value();
  } else {
    Problem("ascenda.tls.verify_peer", verify.status().message());
  }
  Integer("ascenda.timeout.connect_ms", &s.connect_timeout_ms);
  Integer("ascenda.timeout.request_ms", &s.request_timeout_ms);
  Integer("ascenda.catalogue.ttl_s", &s.catalogue_ttl_s);
  Pricing();
  Integer("ascenda.submit.max_attempts", &s.submit_max_attempts);
  Integer("ascenda.submit.backoff_ms", &s.submit_backoff_ms);
  Integer("ascenda.submit.wait_ms", &s.submit_wait_ms);
  Integer("ascenda.submit.confirm_after_s", &s.submit_confirm_after_s);
  Integer("ascenda.submit.parked_retry_s", &s.submit_parked_retry_s);
  Integer("ascenda.retry_after.max_s", &s.retry_after_max_s);
  Integer("ascenda.reconcile.interval_s", &s.reconcile_interval_s);
  Integer("ascenda.reconcile.give_up_after_h", &s.reconcile_give_up_after_h);
  Integer("ascenda.reconcile.parallel", &s.reconcile_parallel);
  std::string secrets;
  if (Present("ascenda.webhook.secrets", &secrets)) {
    s.webhook_secrets = values_.GetList("ascenda.webhook.secrets");
    if (s.webhook_secrets.empty()) {
      Problem("ascenda.webhook.secrets", "ascenda.webhook.secrets must hold at least one secret");
    }
  }
  Integer("ascenda.webhook.tolerance_s", &s.webhook_tolerance_s);
  Integer("ascenda.poll.after_s", &s.poll_after_s);
  DataKey();
  Integer("ascenda.resend.cooldown_s", &s.resend_cooldown_s);
  return std::move(out_);
}

}  // namespace

ParsedSettings ParseSettings(const SettingsValues& values) {
  // Keys the caller left out read as their schema default.
  std::map<std::string, std::string> full = values.all();
  for (const auto& k : settings_internal::Keys()) {
    full.emplace(k.spec.key, k.spec.default_value);
  }
  const SettingsValues completed(std::move(full));
  return Parser(completed).Run();
}

}  // namespace ascenda
