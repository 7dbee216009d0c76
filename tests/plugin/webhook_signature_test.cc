// Webhook signature (docs/ascenda-api.md §9): a correct signature verifies; a wrong
// secret, a changed byte, a stale or future timestamp, or a malformed header
// is refused with its own error code; rotation works from both sides. Then
// 10,000 generated hostile deliveries go through verify-then-parse, as the
// receiver runs them: none crashes and none is accepted.
#include "ascenda/webhook/webhook_signature.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "ascenda/wire/order_json.h"

namespace ascenda {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::system_clock;

constexpr std::int64_t kT = 1'800'000'000;
const system_clock::time_point kNow{seconds(kT)};
constexpr seconds kTolerance{300};
const char kBody[] = R"({"id":"ev-1"})";
const char kSecret[] = "whsec_current";
const char kOldSecret[] = "whsec_previous";
// HMAC-SHA256("whsec_current", "1800000000." + kBody), computed independently.
const char kExpectedHex[] = "85c985f98623fd604fae31f46249ca2b90b767aba5b2124090b25a3dfe9580d9";

rewards::Status Verify(const std::string& header, const std::string& body = kBody,
                       const std::vector<std::string>& secrets = {kSecret},
                       system_clock::time_point now = kNow) {
  return VerifyWebhookSignature(header, body, secrets, now, kTolerance);
}

// The refusal's error() code; "ok" when it verified.
std::string Outcome(const rewards::Status& status) {
  if (status.ok()) return "ok";
  EXPECT_EQ(status.code(), rewards::StatusCode::kUnauthenticated) << status.ToString();
  return status.error();
}

TEST(WebhookSignatureTest, SignsAsTheContractSays) {
  EXPECT_EQ(WebhookSignatureHex(kSecret, kT, kBody), kExpectedHex);
  EXPECT_EQ(SignWebhook(kSecret, kT, kBody), std::string("t=1800000000,v1=") + kExpectedHex);
}

TEST(WebhookSignatureTest, ValidSignatureVerifies) {
  EXPECT_EQ(Outcome(Verify(SignWebhook(kSecret, kT, kBody))), "ok");
  EXPECT_EQ(Outcome(Verify(std::string("t=1800000000,v1=") + kExpectedHex)), "ok");
}

TEST(WebhookSignatureTest, WrongSecretIsRefused) {
  EXPECT_EQ(Outcome(Verify(SignWebhook("whsec_other", kT, kBody))), "bad_signature");
}

TEST(WebhookSignatureTest, TamperedBodyIsRefused) {
  const std::string body = kBody;
  const std::string header = SignWebhook(kSecret, kT, body);
  for (std::size_t i = 0; i < body.size(); ++i) {
    std::string tampered = body;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    EXPECT_EQ(Outcome(Verify(header, tampered)), "bad_signature") << "byte " << i;
  }
  EXPECT_EQ(Outcome(Verify(header, body + " ")), "bad_signature");
  EXPECT_EQ(Outcome(Verify(header, "")), "bad_signature");
}

TEST(WebhookSignatureTest, ChangedTimestampIsRefused) {
  const std::string hex = WebhookSignatureHex(kSecret, kT, kBody);
  EXPECT_EQ(Outcome(Verify("t=1800000001,v1=" + hex)), "bad_signature");
  // The digits as sent are what is signed: a leading zero changes them.
  EXPECT_EQ(Outcome(Verify("t=01800000000,v1=" + hex)), "bad_signature");
}

TEST(WebhookSignatureTest, TimestampToleranceIsExact) {
  struct Case {
    std::int64_t t;
    system_clock::time_point now;
    const char* outcome;
  };
  const std::vector<Case> cases = {
      {kT - 300, kNow, "ok"},               // exactly tolerance old
      {kT - 301, kNow, "stale_signature"},  // one second past it
      {kT + 300, kNow, "ok"},               // exactly tolerance ahead
      {kT + 301, kNow, "stale_signature"},  // one second further ahead
      {kT - 300, kNow + milliseconds(1), "stale_signature"},
      {kT + 300, kNow + milliseconds(1), "ok"},
      {kT + 301, kNow + milliseconds(999), "stale_signature"},
      {0, kNow, "stale_signature"},
      {999'999'999'999, kNow, "stale_signature"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Outcome(Verify(SignWebhook(kSecret, c.t, kBody), kBody, {kSecret}, c.now)), c.outcome)
        << "t=" << c.t;
  }
}

TEST(WebhookSignatureTest, StaleIsCheckedBeforeTheSignature) {
  EXPECT_EQ(Outcome(Verify(SignWebhook("whsec_other", kT - 1000, kBody))), "stale_signature");
}

TEST(WebhookSignatureTest, ToleranceIsTheCallers) {
  const std::string header = SignWebhook(kSecret, kT - 11, kBody);
  EXPECT_EQ(Outcome(VerifyWebhookSignature(header, kBody, {kSecret}, kNow, seconds(10))),
            "stale_signature");
  EXPECT_EQ(Outcome(VerifyWebhookSignature(header, kBody, {kSecret}, kNow, seconds(11))), "ok");
}

TEST(WebhookSignatureTest, EitherSecretVerifiesDuringOurRotation) {
  const std::vector<std::string> both = {kSecret, kOldSecret};
  EXPECT_EQ(Outcome(Verify(SignWebhook(kSecret, kT, kBody), kBody, both)), "ok");
  EXPECT_EQ(Outcome(Verify(SignWebhook(kOldSecret, kT, kBody), kBody, both)), "ok");
  EXPECT_EQ(Outcome(Verify(SignWebhook("whsec_third", kT, kBody), kBody, both)), "bad_signature");
  // After the rotation ends the old secret no longer verifies.
  EXPECT_EQ(Outcome(Verify(SignWebhook(kOldSecret, kT, kBody), kBody, {kSecret})), "bad_signature");
}

TEST(WebhookSignatureTest, AnyV1EntryVerifiesDuringTheirRotation) {
  const std::string current = WebhookSignatureHex(kSecret, kT, kBody);
  const std::string old = WebhookSignatureHex(kOldSecret, kT, kBody);
  const std::string header = "t=1800000000,v1=" + current + ",v1=" + old;
  EXPECT_EQ(Outcome(Verify(header, kBody, {kSecret})), "ok");
  EXPECT_EQ(Outcome(Verify(header, kBody, {kOldSecret})), "ok");
  EXPECT_EQ(Outcome(Verify(header, kBody, {"whsec_third"})), "bad_signature");
  const std::string unrelated(64, 'a');
  EXPECT_EQ(Outcome(Verify("t=1800000000,v1=" + unrelated + ",v1=" + unrelated + ",v1=" + old,
                           kBody, {kSecret, kOldSecret})),
            "ok");
}

TEST(WebhookSignatureTest, ToleratesSpacingOrderAndUnknownEntries) {
  const std::string hex = kExpectedHex;
  for (const std::string& header : {
           "t=1800000000, v1=" + hex,
           "t=1800000000,\t v1=" + hex,
           "  t=1800000000,v1=" + hex + " \t",
           "v1=" + hex + ",t=1800000000",
           "t=1800000000,v0=legacy,v1=" + hex + ",scheme=hmac-sha256",
           "t=1800000000,v2=,v1=" + hex,
       }) {
    EXPECT_EQ(Outcome(Verify(header)), "ok") << header;
  }
}

TEST(WebhookSignatureTest, NoUsableSecretRefusesEverything) {
  const std::string header = SignWebhook("", kT, kBody);
  EXPECT_EQ(Outcome(Verify(header, kBody, {})), "bad_signature");
  EXPECT_EQ(Outcome(Verify(header, kBody, {""})), "bad_signature");
  EXPECT_EQ(Verify(header, kBody, {}).message(),
            "webhook signature: no webhook secret is configured");
  // An empty entry beside a real secret is skipped, not trusted.
  EXPECT_EQ(Outcome(Verify(header, kBody, {"", kSecret})), "bad_signature");
}

TEST(WebhookSignatureTest, HostileHeadersAreRefused) {
  const std::string hex = kExpectedHex;
  const std::string t = "t=1800000000";
  struct Case {
    std::string header;
    const char* outcome;
  };
  const std::vector<Case> cases = {
      {"", "missing_signature"},
      {" \t ", "missing_signature"},
      {t, "malformed_signature"},            // no v1
      {"v1=" + hex, "malformed_signature"},  // no t
      {"t=abc,v1=" + hex, "malformed_signature"},
      {"t=,v1=" + hex, "malformed_signature"},
      {"t=-1800000000,v1=" + hex, "malformed_signature"},
      {"t=1800000000.5,v1=" + hex, "malformed_signature"},
      {"t=1234567890123,v1=" + hex, "malformed_signature"},                       // 13 digits
      {t + ",v1=" + std::string(hex).replace(0, 1, "A"), "malformed_signature"},  // uppercase
      {t + ",v1=" + hex.substr(1), "malformed_signature"},                        // 63 digits
      {t + ",v1=" + hex + "0", "malformed_signature"},                            // 65 digits
      {t + ",v1=" + std::string(hex).replace(5, 1, "g"), "malformed_signature"},
      {t + ",t=1800000000,v1=" + hex, "malformed_signature"},  // two t
      {t + ",,v1=" + hex, "malformed_signature"},              // empty entry
      {t + ",v1=" + hex + ",", "malformed_signature"},         // trailing comma
      {"t =1800000000,v1=" + hex, "malformed_signature"},      // space before =
      {t + " ,v1=" + hex, "malformed_signature"},              // space before comma
      {t + ",v1 = " + hex, "malformed_signature"},
      {t + ";v1=" + hex, "malformed_signature"},
      {"=x," + t + ",v1=" + hex, "malformed_signature"},
      {t + ",v1=" + hex + ",junk", "malformed_signature"},
      {t + ",v1=" + hex + std::string(1, '\0'), "malformed_signature"},
      {t + "\r\nX-Evil: 1,v1=" + hex, "malformed_signature"},
      {t + ",v1=" + hex + ",x=" + std::string(5000, 'a'), "malformed_signature"},  // too long
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Outcome(Verify(c.header)), c.outcome) << c.header;
  }
  std::string many = t;
  for (int i = 0; i < 40; ++i) many += ",v1=" + hex;
  EXPECT_EQ(Outcome(Verify(many)), "malformed_signature");
}

TEST(WebhookSignatureTest, RefusalsNeverQuoteDigestsOrSecrets) {
  const std::vector<std::string> headers = {
      "t=1800000000,v1=" + WebhookSignatureHex("whsec_other", kT, kBody),
      "t=1,v1=" + std::string(kExpectedHex),
      "t=1800000000,v1=" + std::string(kExpectedHex).substr(2),
  };
  for (const std::string& header : headers) {
    const std::string text = Verify(header).ToString();
    EXPECT_EQ(text.find(kSecret), std::string::npos) << text;
    EXPECT_EQ(text.find(std::string(kExpectedHex).substr(2, 16)), std::string::npos) << text;
    EXPECT_EQ(text.find(header.substr(16, 16)), std::string::npos) << text;
  }
}

// ---- Fuzz: 10,000 hostile deliveries through verify, then parse ----

class HostileDeliveries {
 public:
  explicit HostileDeliveries(std::uint64_t seed) : rng_(seed) {}

  int Below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
  }

  // A JSON string literal of awkward but valid text (escapes, UTF-8,
  // surrogate pairs).
  std::string Text() {
    static const std::vector<std::string> kPieces = {"a",
                                                     "Z",
                                                     "0",
                                                     "-",
                                                     " ",
                                                     "\\\"",
                                                     "\\\\",
                                                     "\\/",
                                                     "\\n",
                                                     "\\t",
                                                     "\\u00e9",
                                                     "\\ud83d\\ude00",
                                                     "\xc3\xa9",
                                                     "\xe2\x98\x83",
                                                     "\xf0\x9d\x84\x9e",
                                                     "<script>",
                                                     "%00",
                                                     "'",
                                                     "{",
                                                     "]"};
    std::string out = "\"";
    for (int i = Below(12); i > 0; --i) out += kPieces[Below(static_cast<int>(kPieces.size()))];
    return out + "\"";
  }

  std::string NonEmptyText() { return "\"x" + Text().substr(1); }

  // A valid order event with random text, in which `slots` override parts.
  std::string Event(std::map<std::string, std::string> slots = {}) {
    auto slot = [&](const std::string& name, std::string fallback) {
      auto it = slots.find(name);
      return it == slots.end() ? fallback : it->second;
    };
    static const std::vector<std::string> kStatuses = {"\"pending\"",   "\"processing\"",
                                                       "\"fulfilled\"", "\"cancelled\"",
                                                       "\"failed\"",    "\"on_hold\""};
    const std::string item =
        "{\"id\":" + Text() +
        ",\"type\":\"gift_card\",\"status\":" + slot("status", kStatuses[Below(6)]) +
        ",\"errors\":[{\"code\":" + Text() + ",\"message\":" + Text() +
        "}],\"data\":{\"gift_card_id\":" + Text() +
        ",\"denomination\":\"50.00\",\"currency\":\"USD\",\"code\":" + slot("code", Text()) +
        ",\"pin\":null,\"url\":" + Text() + ",\"expires_at\":null}}";
    const std::string order =
        "{\"id\":" + slot("order_id", NonEmptyText()) +
        ",\"reference_id\":" + slot("reference_id", Text()) +
        ",\"status\":\"processing\",\"order_items\":" + slot("items", "[" + item + "]") + "}";
    return "{\"id\":" + slot("id", NonEmptyText()) +
           ",\"type\":" + slot("type", "\"order_item.updated\"") + ",\"created_at\":" + Text() +
           slot("extra", "") +
           ",\"data\":" + slot("data", "{\"order\":" + slot("order", order) + "}") + "}";
  }

  // A body that is certainly not an acceptable order event.
  std::string InvalidBody() {
    switch (Below(6)) {
      case 0: {  // a strict prefix of a valid event
        const std::string body = Event();
        return body.substr(0, static_cast<std::size_t>(Below(static_cast<int>(body.size()))));
      }
      case 1: {  // a required part missing or of the wrong type
        static const std::vector<std::string> kNames = {
            "id", "type", "data", "order", "order_id", "reference_id", "items", "status"};
        static const std::vector<std::string> kWrong = {
            "null", "5", "-0.5e3", "true", "[]", "{}", "[[[[1]]]]", "{\"id\":\"o\"}"};
        const std::string name = kNames[Below(static_cast<int>(kNames.size()))];
        std::string value = kWrong[Below(static_cast<int>(kWrong.size()))];
        if (name == "items" && Below(2) == 0) {
          value = Below(2) == 0 ? "[]" : "[{\"status\":\"fulfilled\"},{\"status\":\"failed\"}]";
        }
        if (name == "data" && value == "{\"id\":\"o\"}") value = "{\"orders\":{}}";
        return Event({{name, value}});
      }
      case 2: {  // random bytes
        std::string out(static_cast<std::size_t>(Below(300)), '\0');
        for (char& c : out) c = static_cast<char>(Below(256));
        return out.empty() || out[0] != '{' ? out : "}" + out;
      }
      case 3: {  // nested past the parser's depth limit
        const int depth = static_cast<int>(Between(65, 20000));
        std::string out = Below(2) == 0 ? std::string(static_cast<std::size_t>(depth), '[') : "";
        if (out.empty()) {
          for (int i = 0; i < depth; ++i) out += "{\"a\":";
        }
        return "{\"id\":\"e\",\"type\":\"t\",\"data\":{\"order\":" + out;
      }
      case 4: {  // valid JSON that is not an object
        static const std::vector<std::string> kNotObjects = {"[]",   "\"event\"",       "0", "null",
                                                             "true", "[{\"id\":\"e\"}]"};
        return kNotObjects[Below(static_cast<int>(kNotObjects.size()))];
      }
      default: {  // the same key twice, the second of the wrong type
        return Event({{"extra", ",\"id\":" + std::to_string(Below(1000))}});
      }
    }
  }

  // A body that may or may not be an acceptable event.
  std::string AnyBody() {
    std::string body = Below(4) == 0 ? InvalidBody() : Event();
    if (!body.empty() && Below(2) == 0) {
      const auto at = static_cast<std::size_t>(Below(static_cast<int>(body.size())));
      if (Below(2) == 0) {
        body[at] = static_cast<char>(Below(256));
      } else {
        body.insert(at, 1 + static_cast<std::size_t>(Below(4)), static_cast<char>(Below(256)));
      }
    }
    return body;
  }

  // A header that must not verify for `body` under kSecret at kNow.
  std::string HostileHeader(const std::string& body) {
    const std::string valid = SignWebhook(kSecret, kT, body);
    switch (Below(8)) {
      case 0:
        return SignWebhook("whsec_wrong", kT, body);
      case 1:
        return SignWebhook(kSecret, kT, body + (Below(2) ? " " : "\n"));
      case 2:
        return SignWebhook(kSecret, kT - kTolerance.count() - 1 - Between(0, 1'000'000), body);
      case 3:
        return SignWebhook(kSecret, kT + kTolerance.count() + 1 + Between(0, 1'000'000), body);
      case 4: {
        std::string out(static_cast<std::size_t>(Below(120)), '\0');
        for (char& c : out) c = static_cast<char>(Below(256));
        return out;
      }
      case 5: {
        std::string out = valid;
        const auto at = static_cast<std::size_t>(Below(static_cast<int>(out.size())));
        char c = out[at];
        while (c == out[at]) c = static_cast<char>(Below(256));
        out[at] = c;
        return out;
      }
      case 6:
        return valid.substr(0, static_cast<std::size_t>(Below(static_cast<int>(valid.size()))));
      default: {
        static const char kHex[] = "0123456789abcdef";
        std::string hex(64, '0');
        for (char& c : hex) c = kHex[Below(16)];
        return "t=" + std::to_string(kT) + ",v1=" + hex;
      }
    }
  }

 private:
  std::mt19937_64 rng_;
};

// What the receiver does: verify, then parse; only a parsed event is stored.
rewards::Status Receive(const std::string& header, const std::string& body) {
  rewards::Status verified = Verify(header, body);
  if (!verified.ok()) return verified;
  auto event = wire::ParseOrderEvent(body);
  return event.ok() ? rewards::Status::Ok() : event.status();
}

TEST(WebhookFuzzTest, GeneratedEventsAreValidBeforeBreaking) {
  HostileDeliveries gen(7);
  for (int i = 0; i < 200; ++i) {
    const std::string body = gen.Event();
    EXPECT_TRUE(Receive(SignWebhook(kSecret, kT, body), body).ok()) << body;
  }
}

TEST(WebhookFuzzTest, TenThousandHostileDeliveriesAreAllRefused) {
  HostileDeliveries gen(20261126);
  std::map<std::string, int> refusals;
  for (int i = 0; i < 10'000; ++i) {
    std::string header, body;
    if (i % 3 == 0) {  // correctly signed: the parser must refuse it
      body = gen.InvalidBody();
      header = SignWebhook(kSecret, kT, body);
    } else {  // a hostile header, over any body
      body = gen.AnyBody();
      header = gen.HostileHeader(body);
    }
    const rewards::Status status = Receive(header, body);
    ASSERT_FALSE(status.ok()) << "case " << i << " accepted; header: " << header
                              << "\nbody: " << body;
    const bool signature = status.code() == rewards::StatusCode::kUnauthenticated;
    const bool event =
        status.code() == rewards::StatusCode::kInvalidArgument && status.error() == "invalid_event";
    ASSERT_TRUE(signature || event) << "case " << i << ": " << status.ToString();
    ++refusals[status.error()];
    // Whatever the signature says, the parser copes with every body.
    auto parsed = wire::ParseOrderEvent(body);
    if (!parsed.ok()) {
      ASSERT_EQ(parsed.status().error(), "invalid_event") << "case " << i;
    }
  }
  for (const auto& [error, count] : refusals) RecordProperty(error, count);
  EXPECT_EQ(refusals["invalid_event"], 3334);
  EXPECT_GT(refusals["malformed_signature"], 0);
  EXPECT_GT(refusals["missing_signature"], 0);
  EXPECT_GT(refusals["stale_signature"], 0);
  EXPECT_GT(refusals["bad_signature"], 0);
}

}  // namespace
}  // namespace ascenda
