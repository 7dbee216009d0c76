#include "sim_config.h"

#include <Poco/Path.h>

#include <sstream>

namespace ascenda_sim {
namespace {

using Poco::Util::AbstractConfiguration;

#ifndef ASCENDA_SIM_DEFAULT_CATALOGUE
#define ASCENDA_SIM_DEFAULT_CATALOGUE "data/catalogue.json"
#endif

// Collects problems instead of stopping at the first.
class Reader {
 public:
  Reader(const AbstractConfiguration& c, std::string base_dir)
      : c_(c), base_dir_(std::move(base_dir)) {}

  void Int(const std::string& key, int& value, int min, int max) {
    try {
      value = c_.getInt(key, value);
    } catch (const Poco::Exception&) {
      Problem(key, "is not an integer");
      return;
    }
    if (value < min || value > max) {
      Problem(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
  }
  void Double(const std::string& key, double& value, double min, double max) {
    try {
      value = c_.getDouble(key, value);
    } catch (const Poco::Exception&) {
      Problem(key, "is not a number");
      return;
    }
    if (value < min || value > max) Problem(key, "is out of range");
  }
  void Bool(const std::string& key, bool& value) {
    try {
      value = c_.getBool(key, value);
    } catch (const Poco::Exception&) {
      Problem(key, "is not a boolean");
    }
  }
  void String(const std::string& key, std::string& value) { value = c_.getString(key, value); }
  void File(const std::string& key, std::string& value) {
    String(key, value);
    if (!value.empty()) value = Poco::Path(base_dir_).resolve(value).toString();
  }
  void Problem(const std::string& key, const std::string& what) {
    problems_ << key << " " << what << "\n";
  }
  const AbstractConfiguration& config() const { return c_; }
  std::string problems() const { return problems_.str(); }

 private:
  const AbstractConfiguration& c_;
  std::string base_dir_;
  std::ostringstream problems_;
};

void ReadFaults(Reader& r, FaultRates& faults) {
  double sum = 0;
  for (FaultKind kind :
       {FaultKind::kDelay, FaultKind::kTimeoutAfterCommit, FaultKind::kCloseBeforeCommit,
        FaultKind::kCloseAfterCommit, FaultKind::kStatus500, FaultKind::kStatus502,
        FaultKind::kStatus503, FaultKind::kStatus504, FaultKind::kStatus429,
        FaultKind::kInvalidToken, FaultKind::kExpiredToken, FaultKind::kMemberInvalid,
        FaultKind::kTenantNotFound}) {
    double rate = 0;
    r.Double(std::string("sim.faults.rate.") + FaultKindName(kind), rate, 0, 1);
    if (rate > 0) faults.rate[kind] = rate;
    sum += rate;
  }
  if (sum > 1) r.Problem("sim.faults.rate.*", "must add up to at most 1");
  r.Double("sim.faults.status_commit_rate", faults.status_commit_rate, 0, 1);
  r.Int("sim.faults.delay_ms", faults.delay_ms, 0, 600000);
  std::string ops = "create";
  r.String("sim.faults.ops", ops);
  faults.ops.clear();
  std::stringstream in(ops);
  std::string name;
  while (std::getline(in, name, ',')) {
    if (name.empty()) continue;
    auto op = ParseApiOp(name);
    if (op)
      faults.ops.insert(*op);
    else
      r.Problem("sim.faults.ops", "has unknown operation " + name);
  }
}

void ReadWebhook(Reader& r, WebhookSettings& w) {
  r.Bool("sim.webhook.enabled", w.enabled);
  r.String("sim.webhook.url", w.url);
  r.String("sim.webhook.secret", w.secret);
  r.String("sim.webhook.previous_secret", w.previous_secret);
  r.File("sim.webhook.ca_file", w.ca_file);
  r.Int("sim.webhook.timeout_ms", w.timeout_ms, 1, 600000);
  r.Int("sim.webhook.max_attempts", w.max_attempts, 1, 100);
  r.Int("sim.webhook.backoff_ms", w.backoff_ms, 0, 3600000);
  r.Double("sim.webhook.rate.duplicate", w.duplicate_rate, 0, 1);
  r.Double("sim.webhook.rate.reorder", w.reorder_rate, 0, 1);
  r.Int("sim.webhook.reorder_delay_ms", w.reorder_delay_ms, 0, 3600000);
  r.Double("sim.webhook.rate.drop", w.drop_rate, 0, 1);
  r.Int("sim.webhook.threads", w.threads, 1, 64);
  for (const std::string& url : WebhookTargets(w.url)) {
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
      r.Problem("sim.webhook.url", "every receiver must start with http:// or https://");
      break;
    }
  }
}

}  // namespace

std::string LoadSimConfig(const AbstractConfiguration& config, const std::string& base_dir,
                          SimConfig& out) {
  Reader r(config, base_dir);
  r.String("sim.http.host", out.http_host);
  r.Int("sim.http.port", out.http_port, 0, 65535);
  r.File("sim.tls.cert", out.tls_cert);
  r.File("sim.tls.key", out.tls_key);
  if (out.tls_cert.empty() != out.tls_key.empty()) {
    r.Problem("sim.tls.cert/sim.tls.key", "must be set together");
  }
  r.String("sim.http.path_prefix", out.path_prefix);
  if (!out.path_prefix.empty() && out.path_prefix[0] != '/') {
    r.Problem("sim.http.path_prefix", "must start with /");
  }
  while (out.path_prefix.size() > 1 && out.path_prefix.back() == '/') {
    out.path_prefix.pop_back();
  }
  r.Int("sim.http.max_threads", out.max_threads, 2, 4096);
  r.Int("sim.http.max_queued", out.max_queued, 1, 100000);
  r.Int("sim.http.keep_alive_timeout_s", out.keep_alive_timeout_s, 1, 3600);
  r.Bool("sim.strict.version_header", out.strict_version_header);

  out.catalogue = ASCENDA_SIM_DEFAULT_CATALOGUE;
  r.File("sim.catalogue", out.catalogue);
  r.String("sim.logo_base_url", out.logo_base_url);
  while (!out.logo_base_url.empty() && out.logo_base_url.back() == '/') {
    out.logo_base_url.pop_back();
  }
  r.String("sim.client_id", out.client_id);
  r.String("sim.client_secret", out.client_secret);
  r.Int("sim.token_ttl_s", out.token_ttl_s, 1, 365 * 24 * 3600);

  r.Double("sim.ratelimit.rps", out.ratelimit_rps, 0, 1e9);
  r.Int("sim.ratelimit.burst", out.ratelimit_burst, 0, 1000000000);

  r.Int("sim.lifecycle.pending_ms", out.lifecycle.pending_ms, -1, 86400000);
  r.Int("sim.lifecycle.processing_ms", out.lifecycle.processing_ms, -1, 86400000);
  r.Double("sim.outcome.rate.failed", out.outcome_failed_rate, 0, 1);
  r.Double("sim.outcome.rate.cancelled", out.outcome_cancelled_rate, 0, 1);
  if (out.outcome_failed_rate + out.outcome_cancelled_rate > 1) {
    r.Problem("sim.outcome.rate.*", "must add up to at most 1");
  }
  std::string rules;
  r.String("sim.outcome.rules", rules);
  std::string rule_error = ParseOutcomeRules(rules, out.outcome_rules);
  if (!rule_error.empty()) r.Problem("sim.outcome.rules", rule_error);

  ReadFaults(r, out.faults);
  ReadWebhook(r, out.webhook);

  r.Int("sim.control.port", out.control_port, 0, 65535);
  int seed = 0;
  r.Int("sim.seed", seed, 0, 2147483647);
  out.seed = static_cast<uint64_t>(seed);
  r.Bool("sim.log.requests", out.log_requests);
  r.Int("sim.orders.visibility_delay_ms", out.visibility_delay_ms, 0, 3600000);
  return r.problems();
}

}  // namespace ascenda_sim
