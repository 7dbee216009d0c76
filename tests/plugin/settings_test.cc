// The plugin's settings: schema, defaults and every validation rule.
#include <gtest/gtest.h>

#include <algorithm>

#include "ascenda/settings/ascenda_settings.h"
#include "ascenda/settings/settings_schema.h"
#include "support/paths.h"

namespace ascenda {
namespace {

rewards::SettingsValues Valid() {
  return rewards::SettingsValues({
      {"ascenda.base_url", "https://api.us.uat.ascenda.com"},
      {"ascenda.client_id", "client"},
      {"ascenda.client_secret", "s3cret"},
      {"ascenda.pricing.cpp", "USD:0.01, SGD:0.0075,JPY:1"},
      {"ascenda.webhook.secrets", "whsec-1,whsec-2"},
      {"ascenda.data_key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="},
  });
}

rewards::SettingsValues With(const std::string& key, const std::string& value) {
  auto all = Valid().all();
  all[key] = value;
  return rewards::SettingsValues(all);
}

std::vector<std::string> ProblemKeys(const ParsedSettings& p) {
  std::vector<std::string> keys;
  for (const auto& problem : p.problems) keys.push_back(problem.key);
  return keys;
}

TEST(SettingsTest, ValidValuesParseWithDefaults) {
  ParsedSettings p = ParseSettings(Valid());
  ASSERT_TRUE(p.problems.empty()) << p.problems[0].message;
  EXPECT_EQ(p.settings.base_url, "https://api.us.uat.ascenda.com");
  EXPECT_EQ(p.settings.token_path, "/tokens");
  EXPECT_EQ(p.settings.api_version, "1.3");
  EXPECT_EQ(p.settings.catalogue_ttl_s, 3600);
  EXPECT_EQ(p.settings.connect_timeout_ms, 3000);
  EXPECT_EQ(p.settings.request_timeout_ms, 10000);
  EXPECT_EQ(p.settings.submit_max_attempts, 5);
  EXPECT_EQ(p.settings.submit_wait_ms, 15000);
  EXPECT_EQ(p.settings.reconcile_give_up_after_h, 24);
  EXPECT_EQ(p.settings.webhook_tolerance_s, 300);
  EXPECT_EQ(p.settings.poll_after_s, 300);
  EXPECT_EQ(p.settings.resend_cooldown_s, 300);
  EXPECT_TRUE(p.settings.tls_verify_peer);
  EXPECT_EQ(p.settings.cost_per_point,
            (std::map<std::string, std::string>{{"USD", "0.01"}, {"SGD", "0.0075"}, {"JPY", "1"}}));
  EXPECT_EQ(p.settings.webhook_secrets, (std::vector<std::string>{"whsec-1", "whsec-2"}));
}

TEST(SettingsTest, EmptyValuesListEveryMissingRequiredKey) {
  ParsedSettings p = ParseSettings(rewards::SettingsValues());
  EXPECT_EQ(p.missing_required,
            (std::vector<std::string>{"ascenda.base_url", "ascenda.client_id",
                                      "ascenda.client_secret", "ascenda.pricing.cpp",
                                      "ascenda.webhook.secrets", "ascenda.data_key"}));
  EXPECT_EQ(p.problems.size(), 6u);
}

TEST(SettingsTest, EveryBadValueIsListedWithItsKey) {
  auto all = Valid().all();
  all["ascenda.base_url"] = "http://plain.example";
  all["ascenda.catalogue.ttl_s"] = "3601";
  all["ascenda.timeout.connect_ms"] = "fast";
  all["ascenda.api_version"] = "1.2";
  all["ascenda.tls.verify_peer"] = "maybe";
  ParsedSettings p = ParseSettings(rewards::SettingsValues(all));
  EXPECT_EQ(ProblemKeys(p),
            (std::vector<std::string>{"ascenda.base_url", "ascenda.api_version",
                                      "ascenda.tls.verify_peer", "ascenda.timeout.connect_ms",
                                      "ascenda.catalogue.ttl_s"}));
  EXPECT_TRUE(p.missing_required.empty());
}

TEST(SettingsTest, ReconcileParallelIsBounded) {
  EXPECT_EQ(ParseSettings(Valid()).settings.reconcile_parallel, 16);
  ParsedSettings p = ParseSettings(With("ascenda.reconcile.parallel", "64"));
  EXPECT_TRUE(p.problems.empty());
  EXPECT_EQ(p.settings.reconcile_parallel, 64);
  EXPECT_EQ(ProblemKeys(ParseSettings(With("ascenda.reconcile.parallel", "0"))),
            (std::vector<std::string>{"ascenda.reconcile.parallel"}));
  EXPECT_EQ(ProblemKeys(ParseSettings(With("ascenda.reconcile.parallel", "65"))),
            (std::vector<std::string>{"ascenda.reconcile.parallel"}));
}

TEST(SettingsTest, BaseUrlMustBeHttpsWithoutPath) {
  EXPECT_EQ(ProblemKeys(ParseSettings(With("ascenda.base_url", "https://h.example/api"))),
            std::vector<std::string>{"ascenda.base_url"});
  EXPECT_TRUE(ParseSettings(With("ascenda.base_url", "https://localhost:8443/")).problems.empty());
  EXPECT_EQ(ParseSettings(With("ascenda.base_url", "https://localhost:8443/")).settings.base_url,
            "https://localhost:8443");
}

TEST(SettingsTest, PathsMustStartWithSlash) {
  EXPECT_EQ(ProblemKeys(ParseSettings(With("ascenda.path_prefix", "api"))),
            std::vector<std::string>{"ascenda.path_prefix"});
  EXPECT_EQ(ProblemKeys(ParseSettings(With("ascenda.token_path", ""))),
            std::vector<std::string>{"ascenda.token_path"});
  EXPECT_EQ(ParseSettings(With("ascenda.path_prefix", "/api")).settings.path_prefix, "/api");
}

TEST(SettingsTest, PricingEntriesAreCheckedOneByOne) {
  for (const char* bad : {"usd:0.01", "USD", "USD:0", "USD:-1", "USD:1e3", "USD:0.01,USD:0.02",
                          "USDX:1", "USD:0.0000000000001"}) {
    EXPECT_EQ(ProblemKeys(ParseSettings(With("ascenda.pricing.cpp", bad))),
              std::vector<std::string>{"ascenda.pricing.cpp"})
        << bad;
  }
}

TEST(SettingsTest, DataKeyMustBe32BytesOfBase64) {
  EXPECT_EQ(ProblemKeys(ParseSettings(With("ascenda.data_key", "c2hvcnQ="))),
            std::vector<std::string>{"ascenda.data_key"});
  EXPECT_EQ(ProblemKeys(ParseSettings(With("ascenda.data_key", "!!!not base64!!!"))),
            std::vector<std::string>{"ascenda.data_key"});
}

TEST(SettingsTest, PreviousDataKeysMustEachBe32BytesOfBase64) {
  const std::string k1 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  const std::string k2 = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=";
  ParsedSettings ok = ParseSettings(With("ascenda.data_key.previous", k1 + ", " + k2));
  EXPECT_TRUE(ok.problems.empty());
  EXPECT_EQ(ok.settings.previous_data_keys, (std::vector<std::string>{k1, k2}));
  EXPECT_TRUE(ParseSettings(Valid()).settings.previous_data_keys.empty());
  ParsedSettings bad = ParseSettings(With("ascenda.data_key.previous", k1 + ",c2hvcnQ="));
  EXPECT_EQ(ProblemKeys(bad), std::vector<std::string>{"ascenda.data_key.previous"});
  EXPECT_EQ(bad.problems[0].message,
            "ascenda.data_key.previous: key 2 must be base64 of exactly 32 bytes");
}

TEST(SettingsTest, CaFileMustBeReadable) {
  EXPECT_EQ(ProblemKeys(ParseSettings(With("ascenda.tls.ca_file", "/nonexistent/ca.pem"))),
            std::vector<std::string>{"ascenda.tls.ca_file"});
  const std::string real = testsupport::SourceDir() + "/tests/setup/make-certs.sh";
  EXPECT_TRUE(ParseSettings(With("ascenda.tls.ca_file", real)).problems.empty());
}

TEST(SettingsTest, SchemaMarksSecretsAndRequiredKeys) {
  std::vector<std::string> secrets, required;
  for (const auto& spec : SettingsSchema()) {
    if (spec.secret) secrets.push_back(spec.key);
    if (spec.required) required.push_back(spec.key);
    EXPECT_FALSE(spec.description.empty()) << spec.key;
    EXPECT_FALSE(spec.validation.empty()) << spec.key;
  }
  EXPECT_EQ(secrets, (std::vector<std::string>{"ascenda.client_secret", "ascenda.webhook.secrets",
                                               "ascenda.data_key", "ascenda.data_key.previous"}));
  EXPECT_EQ(required.size(), 6u);
  EXPECT_EQ(SettingsSchema().size(), 27u);  // 26 + ascenda.reconcile.parallel
}

TEST(SettingsTest, SchemaDefaultsAreThemselvesValid) {
  // The defaults plus the required values must validate: a fresh install
  // needs only the required keys.
  ParsedSettings p = ParseSettings(Valid());
  EXPECT_TRUE(p.problems.empty());
}

}  // namespace
}  // namespace ascenda
