// The webhook receiver (POST /webhooks/ascenda) as a real handler object over
// the host's real database, on SQLite and PostgreSQL: what it refuses (413,
// 401, 400, 503 — storing nothing), what it accepts (200 after the event is
// stored, sealed, once per event id), and 10,000 generated hostile deliveries
// that neither crash it nor leave a row behind.
#include "ascenda/webhook/webhook_receiver.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "ascenda/webhook/webhook_signature.h"
#include "ascenda_test_env.h"
#include "outcome_test_env.h"

namespace ascenda {
namespace {

using test::EventSpec;
using test::kSecret;

class WebhookReceiverTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<test::OutcomeDb>(GetParam(), dir_, clock_, &log_);
    events_ = std::make_unique<WebhookEventStore>(db_->db(), clock_);
    receiver_ = std::make_unique<WebhookReceiver>(*events_, clock_, log_, [this] { ++kicks_; });
    Configure({kSecret});
  }

  void Configure(std::vector<std::string> secrets) {
    receiver_->Configure({std::move(secrets), std::chrono::seconds(300), db_->keys().Current()});
  }

  std::int64_t Now() const { return test::UnixSeconds(clock_); }
  rewards::HttpResponse Post(const std::string& body, std::int64_t t, const std::string& secret) {
    return receiver_->Handle(test::SignedRequest(body, t, secret));
  }
  rewards::HttpResponse Post(const std::string& body) { return Post(body, Now(), kSecret); }
  std::int64_t Rows() { return db_->Count("SELECT COUNT(*) FROM ascenda_webhook_events"); }

  static std::string Body(const std::string& event_id = test::NewEventId()) {
    EventSpec spec;
    spec.event_id = event_id;
    spec.reference_id = "ref-1";
    spec.item_status = "fulfilled";
    spec.code = "CODE-SECRET-7731";
    spec.pin = "PIN-4417";
    return test::EventBody(spec);
  }

  testsupport::TempDir dir_;
  testsupport::ManualClock clock_;
  test::CapturingLogger log_;
  std::unique_ptr<test::OutcomeDb> db_;
  std::unique_ptr<WebhookEventStore> events_;
  std::unique_ptr<WebhookReceiver> receiver_;
  std::atomic<int> kicks_{0};
};

TEST_P(WebhookReceiverTest, AcceptsASignedEventAfterStoringItSealed) {
  const std::string id = test::NewEventId();
  rewards::HttpResponse r = Post(Body(id));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, R"({"received":true,"duplicate":false})");
  EXPECT_EQ(kicks_, 1);
  auto stored = events_->Get(id);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->event.reference_id, "ref-1");
  EXPECT_EQ(stored->event.order_id, "order-1");
  EXPECT_EQ(stored->event.item_status, "fulfilled");
  EXPECT_EQ(stored->event.body_key_id, db_->keys().Current()->current_key_id());
  EXPECT_FALSE(stored->processed_at_ms.has_value());
  EXPECT_EQ(stored->attempts, 0);
  // Sealed: neither the code nor the pin nor the body is readable in the row.
  EXPECT_EQ(stored->event.body_sealed.find("CODE-SECRET-7731"), std::string::npos);
  EXPECT_EQ(stored->event.body_sealed.find("PIN-4417"), std::string::npos);
  EXPECT_EQ(stored->event.body_sealed.find("order_items"), std::string::npos);
  auto opened =
      db_->keys().Current()->Open(stored->event.body_key_id, stored->event.body_sealed, id);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened.value(), Body(id));  // the raw body, byte for byte
}

TEST_P(WebhookReceiverTest, DuplicateEventIsStoredOnceAndStillAnswered200) {
  const std::string body = Body();
  ASSERT_EQ(Post(body).status, 200);
  clock_.Advance(std::chrono::seconds(5));
  rewards::HttpResponse again = Post(body);  // Ascenda's retry: same id and body, new t
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.body, R"({"received":true,"duplicate":true})");
  EXPECT_EQ(Rows(), 1);
  EXPECT_EQ(kicks_, 1);
}

TEST_P(WebhookReceiverTest, MissingSignatureIs401AndStoresNothing) {
  rewards::HttpResponse r = receiver_->Handle(test::WebhookRequest(Body(), ""));
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("missing_signature"), std::string::npos) << r.body;
  EXPECT_EQ(Rows(), 0);
  EXPECT_EQ(kicks_, 0);
}

TEST_P(WebhookReceiverTest, WrongSecretIs401) {
  rewards::HttpResponse r = Post(Body(), Now(), "whsec-someone-else");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("bad_signature"), std::string::npos) << r.body;
  EXPECT_EQ(Rows(), 0);
}

TEST_P(WebhookReceiverTest, TamperedBodyIs401) {
  const std::string body = Body();
  rewards::HttpRequest req = test::SignedRequest(body, Now());
  const auto at = req.body.find("fulfilled");
  req.body.replace(at, 9, "cancelled");
  rewards::HttpResponse r = receiver_->Handle(req);
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("bad_signature"), std::string::npos) << r.body;
  EXPECT_EQ(Rows(), 0);
}

TEST_P(WebhookReceiverTest, StaleOrFutureTimestampIs401AndTheToleranceIsKept) {
  EXPECT_EQ(Post(Body(), Now() - 301, kSecret).status, 401);
  EXPECT_EQ(Post(Body(), Now() + 301, kSecret).status, 401);
  rewards::HttpResponse stale = Post(Body(), Now() - 3600, kSecret);
  EXPECT_NE(stale.body.find("stale_signature"), std::string::npos) << stale.body;
  EXPECT_EQ(Rows(), 0);
  EXPECT_EQ(Post(Body(), Now() - 299, kSecret).status, 200);
  EXPECT_EQ(Post(Body(), Now() + 299, kSecret).status, 200);
  EXPECT_EQ(Rows(), 2);
}

TEST_P(WebhookReceiverTest, EitherSecretIsAcceptedDuringARotation) {
  Configure({"whsec-old", "whsec-new"});
  EXPECT_EQ(Post(Body(), Now(), "whsec-old").status, 200);
  EXPECT_EQ(Post(Body(), Now(), "whsec-new").status, 200);
  EXPECT_EQ(Post(Body(), Now(), kSecret).status, 401);
  // Ascenda rotating: two v1 entries, one of them ours.
  const std::string body = Body();
  const std::string header = SignWebhook("whsec-theirs", Now(), body) +
                             ",v1=" + WebhookSignatureHex("whsec-new", Now(), body);
  EXPECT_EQ(receiver_->Handle(test::WebhookRequest(body, header)).status, 200);
  EXPECT_EQ(Rows(), 3);
  // The rotation ends: the old secret no longer verifies.
  Configure({"whsec-new"});
  EXPECT_EQ(Post(Body(), Now(), "whsec-old").status, 401);
  EXPECT_EQ(Rows(), 3);
}

TEST_P(WebhookReceiverTest, BodyOver256KiBIs413EvenWhenSigned) {
  std::string body = Body();
  body.insert(body.size() - 1,
              ",\"padding\":\"" + std::string(WebhookReceiver::kMaxBodyBytes, 'x') + "\"");
  rewards::HttpResponse r = Post(body);
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("payload_too_large"), std::string::npos);
  rewards::HttpRequest cut = test::SignedRequest(Body(), Now());
  cut.body_truncated = true;  // the host cut a body over its own limit
  EXPECT_EQ(receiver_->Handle(cut).status, 413);
  EXPECT_EQ(Rows(), 0);
}

TEST_P(WebhookReceiverTest, MalformedJsonOrNotAnOrderEventIs400) {
  for (const std::string& body :
       {std::string("{\"id\":"), std::string("[]"), std::string("{\"id\":\"e1\",\"type\":\"t\"}"),
        std::string(R"({"id":"e1","type":"t","data":{"order":{"id":"o","reference_id":"r",)"
                    R"("order_items":[]}}})"),
        std::string(R"({"id":"","type":"t","data":{"order":{"id":"o","reference_id":"r",)"
                    R"("order_items":[{"status":"fulfilled"}]}}})")}) {
    rewards::HttpResponse r = Post(body);
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_NE(r.body.find("invalid_event"), std::string::npos) << r.body;
  }
  EXPECT_EQ(Rows(), 0);
}

TEST_P(WebhookReceiverTest, WithoutADataKeyTheEventIsRefused503NotStoredInClear) {
  receiver_->Configure({{kSecret}, std::chrono::seconds(300), nullptr});
  rewards::HttpResponse r = Post(Body());
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(Rows(), 0);
}

TEST_P(WebhookReceiverTest, RefusalsAreLoggedWithoutBodiesOrSignatures) {
  const std::string body = Body();
  const std::string header = SignWebhook("whsec-wrong", Now(), body);
  for (int i = 0; i < 5; ++i) (void)receiver_->Handle(test::WebhookRequest(body, header));
  EXPECT_EQ(log_.Count("webhook refused"), 1);  // one line per window, not per refusal
  for (const std::string& line : log_.Lines()) {
    EXPECT_EQ(line.find("CODE-SECRET-7731"), std::string::npos) << line;
    EXPECT_EQ(line.find(header.substr(16, 20)), std::string::npos) << line;
  }
  clock_.Advance(WebhookReceiver::kLogEvery);
  (void)receiver_->Handle(test::WebhookRequest(body, header));
  EXPECT_EQ(log_.Count("webhook refused"), 2);
  EXPECT_EQ(log_.Count("5 refusal(s)"), 1);
}

// ---- 10,000 hostile deliveries through the real handler ----

class Hostile {
 public:
  explicit Hostile(std::uint64_t seed) : rng_(seed) {}
  int Below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  std::string Garbage(int max_len) {
    std::string out(static_cast<std::size_t>(Below(max_len)), '\0');
    for (char& c : out) c = static_cast<char>(Below(256));
    return out;
  }

  // A body that is certainly not an acceptable order event.
  std::string InvalidBody(const std::string& valid) {
    switch (Below(7)) {
      case 0:  // a strict prefix of a valid event
        return valid.substr(0, static_cast<std::size_t>(Below(static_cast<int>(valid.size()))));
      case 1: {  // random bytes, never an object
        std::string out = Garbage(400);
        return out.empty() || out[0] != '{' ? out : "]" + out;
      }
      case 2: {  // nested far past the parser's depth limit
        std::string out = "{\"id\":\"e\",\"type\":\"t\",\"data\":{\"order\":";
        const int depth = 65 + Below(20000);
        for (int i = 0; i < depth; ++i) out += Below(2) ? "[" : "{\"a\":";
        return out;
      }
      case 3: {  // a required field of the wrong type
        static const std::vector<std::pair<std::string, std::string>> kBreaks = {
            {"\"id\":\"", "\"id\":5,\"x\":\""},
            {"\"order_items\":[", "\"order_items\":{\"a\":["},
            {"\"status\":\"fulfilled\"", "\"status\":[\"fulfilled\"]"},
            {"\"reference_id\":\"", "\"reference_id\":null,\"y\":\""},
            {"\"data\":{\"order\":", "\"data\":{\"orders\":"},
        };
        const auto& [from, to] = kBreaks[static_cast<std::size_t>(Below(5))];
        std::string out = valid;
        out.replace(out.find(from), from.size(), to);
        return out;
      }
      case 4: {  // two items (the contract allows one)
        std::string out = valid;
        const std::string items = "\"order_items\":[";
        out.insert(out.find(items) + items.size(), R"({"status":"failed"},)");
        return out;
      }
      case 5: {  // valid JSON, not an object
        static const std::vector<std::string> kNot = {
            "[]", "0", "null", "\"x\"", "true", "[{\"id\":\"e\"}]", "1e999999"};
        return kNot[static_cast<std::size_t>(Below(static_cast<int>(kNot.size())))];
      }
      default: {  // control bytes and broken UTF-8 inside a broken structure
        return "{\"id\":\"\x01\xff\xfe\",\"type\":" + Garbage(40) + ",\"data\":\xc3";
      }
    }
  }

 private:
  std::mt19937_64 rng_;
};

TEST_P(WebhookReceiverTest, TenThousandHostileDeliveriesCrashNothingAndStoreNothing) {
  Hostile gen(20270115);
  std::map<int, int> by_status;
  for (int i = 0; i < 10'000; ++i) {
    const std::string valid = Body();
    rewards::HttpRequest req;
    switch (i % 5) {
      case 0:
      case 1:  // correctly signed, so the parser must refuse it
        req = test::SignedRequest(gen.InvalidBody(valid), Now());
        break;
      case 2:  // a valid event under a hostile header
        req = test::WebhookRequest(
            valid, gen.Below(2) ? gen.Garbage(200) : SignWebhook(kSecret, Now(), valid + " "));
        break;
      case 3:  // a valid event, stale or signed with another secret
        req = gen.Below(2) ? test::SignedRequest(valid, Now() - 301 - gen.Below(100000))
                           : test::SignedRequest(valid, Now(), "whsec-" + std::to_string(i));
        break;
      default:  // hostile everything
        req = test::WebhookRequest(gen.InvalidBody(valid), gen.Garbage(100));
        if (gen.Below(50) == 0) req.body_truncated = true;
        break;
    }
    const rewards::HttpResponse r = receiver_->Handle(req);
    ASSERT_TRUE(r.status == 400 || r.status == 401 || r.status == 413)
        << "case " << i << ": " << r.status << " " << r.body;
    ++by_status[r.status];
  }
  EXPECT_EQ(Rows(), 0);
  EXPECT_EQ(kicks_, 0);
  EXPECT_EQ(receiver_->accepted(), 0);
  EXPECT_EQ(receiver_->refused(), 10'000);
  EXPECT_GE(by_status[400], 3'500);
  EXPECT_GE(by_status[401], 4'000);
  // And the receiver still works.
  EXPECT_EQ(Post(Body()).status, 200);
  EXPECT_EQ(Rows(), 1);
}

INSTANTIATE_TEST_SUITE_P(Databases, WebhookReceiverTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ascenda
