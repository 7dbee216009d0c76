// docs/ascenda-api.md §9: signed order_item.updated webhooks, retried until a 200 up to
// five attempts with back-off, at least once (duplicates), unordered.
#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <sstream>
#include <thread>

#include "sim_harness.h"
#include "support/paths.h"
#include "support/wait_until.h"
#include "webhook_receiver.h"

namespace simtest {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

const char kSecret[] = "whsec_test_1";

struct Signature {
  std::string t;
  std::vector<std::string> v1;
};

Signature ParseSignature(const std::string& header) {
  Signature signature;
  std::stringstream in(header);
  std::string part;
  while (std::getline(in, part, ',')) {
    if (part.rfind("t=", 0) == 0) signature.t = part.substr(2);
    if (part.rfind("v1=", 0) == 0) signature.v1.push_back(part.substr(3));
  }
  return signature;
}

Settings WebhookSettings(Settings extra = {}) {
  Settings settings = {{"sim.webhook.enabled", "true"}, {"sim.webhook.backoff_ms", "40"}};
  for (const auto& [key, value] : extra) settings[key] = value;
  return settings;
}

class SimWebhookTest : public ::testing::Test {
 protected:
  void Start(Settings extra = {}) {
    sim_ = SimHarness::Start(WebhookSettings(std::move(extra)));
    ASSERT_EQ(sim_->Control("POST", "/control/webhook-target",
                            R"({"url":")" + receiver_.url() + R"(","secret":")" + kSecret + R"("})")
                  .status,
              200);
  }
  void Force(const std::string& ref, const std::string& status) {
    ASSERT_EQ(sim_->Control("POST", "/control/orders/" + ref + "/outcome",
                            R"({"status":")" + status + R"("})")
                  .status,
              200);
  }
  Array::Ptr Attempts() {
    return Json(sim_->Control("GET", "/control/webhooks/attempts"))->getArray("data");
  }
  // The sim records an attempt just after the receiver answered: poll.
  Array::Ptr WaitForAttempts(size_t count) {
    Array::Ptr attempts;
    testsupport::WaitUntil(
        [&] {
          attempts = Attempts();
          return attempts->size() >= count;
        },
        std::chrono::seconds(5), std::chrono::milliseconds(20));
    return attempts;
  }
  WebhookReceiver receiver_;
  std::unique_ptr<SimHarness> sim_;
};

TEST_F(SimWebhookTest, EachTransitionIsASignedEvent) {
  Start();
  ASSERT_EQ(sim_->Create("wh-1").status, 201);
  Force("wh-1", "processing");
  Force("wh-1", "fulfilled");
  ASSERT_TRUE(receiver_.WaitFor(2, 5000));
  std::vector<ReceivedWebhook> got = receiver_.Received();
  ASSERT_EQ(got.size(), 2u);
  std::vector<std::string> statuses;
  for (const ReceivedWebhook& webhook : got) {
    EXPECT_EQ(webhook.headers.at("content-type"), "application/json");
    Object::Ptr event = Json(webhook.body);
    EXPECT_EQ(webhook.headers.at("x-ascenda-event-id"), event->getValue<std::string>("id"));
    EXPECT_EQ(event->getValue<std::string>("type"), "order_item.updated");
    Signature signature = ParseSignature(webhook.headers.at("x-ascenda-signature"));
    ASSERT_EQ(signature.v1.size(), 1u);
    EXPECT_EQ(signature.v1[0], HmacSha256Hex(kSecret, signature.t + "." + webhook.body));
    long long now = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    EXPECT_LE(std::abs(std::stoll(signature.t) - now), 5);
    Object::Ptr order = event->getObject("data")->getObject("order");
    EXPECT_EQ(order->getValue<std::string>("reference_id"), "wh-1");
    statuses.push_back(ItemStatus(order));
  }
  // Delivery threads send concurrently, and webhooks are unordered by
  // contract: each transition arrives once, in any order.
  std::sort(statuses.begin(), statuses.end());
  EXPECT_EQ(statuses, (std::vector<std::string>{"fulfilled", "processing"}));
}

TEST_F(SimWebhookTest, RetriesUntilTheReceiverAnswers200) {
  Start();
  receiver_.FailNext(2, 500);
  ASSERT_EQ(sim_->Create("wh-retry").status, 201);
  Force("wh-retry", "fulfilled");
  ASSERT_TRUE(receiver_.WaitFor(3, 5000));
  std::vector<ReceivedWebhook> got = receiver_.Received();
  EXPECT_EQ(got[0].body, got[2].body);
  EXPECT_EQ(got[0].headers.at("x-ascenda-event-id"), got[2].headers.at("x-ascenda-event-id"));
  EXPECT_EQ(got[0].answered, 500);
  EXPECT_EQ(got[2].answered, 200);
  Array::Ptr attempts = WaitForAttempts(3);
  ASSERT_EQ(attempts->size(), 3u);
  const char* outcomes[] = {"retry", "retry", "delivered"};
  int statuses[] = {500, 500, 200};
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(attempts->getObject(i)->getValue<int>("attempt"), static_cast<int>(i) + 1);
    EXPECT_EQ(attempts->getObject(i)->getValue<int>("status"), statuses[i]);
    EXPECT_EQ(attempts->getObject(i)->getValue<std::string>("outcome"), outcomes[i]);
  }
}

TEST_F(SimWebhookTest, GivesUpAfterFiveAttempts) {
  Start();
  receiver_.FailNext(100, 503);
  ASSERT_EQ(sim_->Create("wh-fail").status, 201);
  Force("wh-fail", "fulfilled");
  ASSERT_TRUE(receiver_.WaitFor(5, 5000));
  EXPECT_FALSE(receiver_.WaitFor(6, 1000));  // the last back-off would be 640 ms
  Array::Ptr attempts = WaitForAttempts(5);
  ASSERT_EQ(attempts->size(), 5u);
  EXPECT_EQ(attempts->getObject(4)->getValue<std::string>("outcome"), "failed");
}

TEST_F(SimWebhookTest, SlowAnswerCountsAsFailure) {
  Start({{"sim.webhook.timeout_ms", "200"}, {"sim.webhook.max_attempts", "2"}});
  receiver_.SetAnswerDelay(600);
  ASSERT_EQ(sim_->Create("wh-slow").status, 201);
  Force("wh-slow", "fulfilled");
  ASSERT_TRUE(receiver_.WaitFor(2, 5000));
  Array::Ptr attempts = WaitForAttempts(2);
  ASSERT_EQ(attempts->size(), 2u);
  EXPECT_EQ(attempts->getObject(0)->getValue<int>("status"), 0);
  EXPECT_EQ(attempts->getObject(0)->getValue<std::string>("outcome"), "retry");
  EXPECT_EQ(attempts->getObject(1)->getValue<std::string>("outcome"), "failed");
}

TEST_F(SimWebhookTest, DuplicateRateDeliversTheSameEventTwice) {
  Start({{"sim.webhook.rate.duplicate", "1"}});
  ASSERT_EQ(sim_->Create("wh-dup").status, 201);
  Force("wh-dup", "fulfilled");
  ASSERT_TRUE(receiver_.WaitFor(2, 5000));
  std::vector<ReceivedWebhook> got = receiver_.Received();
  EXPECT_EQ(got[0].headers.at("x-ascenda-event-id"), got[1].headers.at("x-ascenda-event-id"));
  EXPECT_EQ(got[0].body, got[1].body);
}

TEST_F(SimWebhookTest, ReorderLetsALaterEventOvertake) {
  Start({{"sim.webhook.reorder_delay_ms", "400"}});
  ASSERT_EQ(sim_->Create("wh-order").status, 201);
  ASSERT_EQ(sim_->Control("POST", "/control/webhook-rates", R"({"reorder":1})").status, 200);
  Force("wh-order", "processing");
  ASSERT_EQ(sim_->Control("POST", "/control/webhook-rates", R"({"reorder":0})").status, 200);
  Force("wh-order", "fulfilled");
  ASSERT_TRUE(receiver_.WaitFor(2, 5000));
  std::vector<ReceivedWebhook> got = receiver_.Received();
  EXPECT_EQ(ItemStatus(Json(got[0].body)->getObject("data")->getObject("order")), "fulfilled");
  EXPECT_EQ(ItemStatus(Json(got[1].body)->getObject("data")->getObject("order")), "processing");
}

TEST_F(SimWebhookTest, DropRateMakesTheEventButNeverSendsIt) {
  Start({{"sim.webhook.rate.drop", "1"}});
  ASSERT_EQ(sim_->Create("wh-drop").status, 201);
  Force("wh-drop", "fulfilled");
  Array::Ptr events;
  ASSERT_TRUE(testsupport::WaitUntil(
      [&] {
        events = Json(sim_->Control("GET", "/control/webhooks/events"))->getArray("data");
        return events->size() == 1;
      },
      std::chrono::seconds(5), std::chrono::milliseconds(20)));
  EXPECT_TRUE(events->getObject(0)->getValue<bool>("dropped"));
  EXPECT_EQ(Json(sim_->Control("GET", "/control/stats"))->getValue<int>("webhook_events_dropped"),
            1);
  // Turned off at run time, the next event is sent; the dropped one never was.
  ASSERT_EQ(sim_->Control("POST", "/control/webhook-rates", R"({"drop":0})").status, 200);
  Force("wh-drop", "processing");
  ASSERT_TRUE(receiver_.WaitFor(1, 5000));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::vector<ReceivedWebhook> got = receiver_.Received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(ItemStatus(Json(got[0].body)->getObject("data")->getObject("order")), "processing");
  EXPECT_EQ(Attempts()->size(), 1u);
}

TEST_F(SimWebhookTest, WebhookRatesOutsideZeroToOneAreRefused) {
  Start();
  EXPECT_EQ(sim_->Control("POST", "/control/webhook-rates", R"({"drop":1.5})").status, 400);
  EXPECT_EQ(sim_->Control("POST", "/control/webhook-rates", R"({"duplicate":-0.1})").status, 400);
}

TEST_F(SimWebhookTest, SeveralReceiversEachGetAShareChosenAtRandom) {
  WebhookReceiver second;
  sim_ = SimHarness::Start(WebhookSettings({{"sim.webhook.rate.duplicate", "1"}}));
  ASSERT_EQ(sim_->Control("POST", "/control/webhook-target",
                          R"({"url":")" + receiver_.url() + "," + second.url() + R"(","secret":")" +
                              kSecret + R"("})")
                .status,
            200);
  for (int i = 0; i < 10; ++i) {
    const std::string ref = "wh-many-" + std::to_string(i);
    ASSERT_EQ(sim_->Create(ref).status, 201);
    Force(ref, "fulfilled");
  }
  Array::Ptr attempts = WaitForAttempts(20);
  ASSERT_EQ(attempts->size(), 20u);
  int first_count = 0;
  for (size_t i = 0; i < attempts->size(); ++i) {
    const std::string url = attempts->getObject(i)->getValue<std::string>("url");
    ASSERT_TRUE(url == receiver_.url() || url == second.url()) << url;
    if (url == receiver_.url()) ++first_count;
  }
  // 20 fair coin flips: both sides get some (all on one side: p = 2^-19).
  EXPECT_GT(first_count, 0);
  EXPECT_LT(first_count, 20);
  EXPECT_EQ(receiver_.Received().size() + second.Received().size(), 20u);
}

TEST_F(SimWebhookTest, ReplayAndSendThroughTheControlApi) {
  Start();
  ASSERT_EQ(sim_->Create("wh-replay").status, 201);
  Force("wh-replay", "fulfilled");
  ASSERT_TRUE(receiver_.WaitFor(1, 5000));
  std::string event_id = receiver_.Received()[0].headers.at("x-ascenda-event-id");
  HttpReply replay =
      sim_->Control("POST", "/control/webhooks/replay", R"({"event_id":")" + event_id + R"("})");
  EXPECT_EQ(replay.status, 202);
  ASSERT_TRUE(receiver_.WaitFor(2, 5000));
  EXPECT_EQ(receiver_.Received()[1].headers.at("x-ascenda-event-id"), event_id);
  EXPECT_EQ(receiver_.Received()[1].body, receiver_.Received()[0].body);

  HttpReply send = sim_->Control("POST", "/control/webhooks/send", R"({"order_id":"wh-replay"})");
  ASSERT_EQ(send.status, 202);
  ASSERT_TRUE(receiver_.WaitFor(3, 5000));
  EXPECT_EQ(receiver_.Received()[2].headers.at("x-ascenda-event-id"),
            Json(send)->getValue<std::string>("event_id"));
  EXPECT_NE(Json(send)->getValue<std::string>("event_id"), event_id);
  EXPECT_EQ(sim_->Control("POST", "/control/webhooks/replay", R"({"event_id":"nope"})").status,
            404);
}

TEST_F(SimWebhookTest, SecretRotationSignsWithBothSecrets) {
  Start();
  ASSERT_EQ(sim_->Control("POST", "/control/webhook-target",
                          R"({"url":")" + receiver_.url() +
                              R"(","secret":"new-secret","previous_secret":"old-secret"})")
                .status,
            200);
  ASSERT_EQ(sim_->Create("wh-rotate").status, 201);
  Force("wh-rotate", "fulfilled");
  ASSERT_TRUE(receiver_.WaitFor(1, 5000));
  ReceivedWebhook webhook = receiver_.Received()[0];
  Signature signature = ParseSignature(webhook.headers.at("x-ascenda-signature"));
  ASSERT_EQ(signature.v1.size(), 2u);
  EXPECT_EQ(signature.v1[0], HmacSha256Hex("new-secret", signature.t + "." + webhook.body));
  EXPECT_EQ(signature.v1[1], HmacSha256Hex("old-secret", signature.t + "." + webhook.body));
}

TEST_F(SimWebhookTest, TimersSendEventsWithoutTheControlApi) {
  Start({{"sim.lifecycle.pending_ms", "50"}, {"sim.lifecycle.processing_ms", "50"}});
  ASSERT_EQ(sim_->Create("wh-timer").status, 201);
  ASSERT_TRUE(receiver_.WaitFor(2, 5000));
  EXPECT_EQ(ItemStatus(Json(receiver_.Received()[1].body)->getObject("data")->getObject("order")),
            "fulfilled");
}

TEST(SimHttpsWebhookTest, DeliversToAnHttpsReceiverItTrusts) {
  WebhookReceiver receiver(/*tls=*/true);
  auto sim = SimHarness::Start(
      WebhookSettings({{"sim.webhook.url", receiver.url()},
                       {"sim.webhook.secret", kSecret},
                       {"sim.webhook.ca_file", testsupport::CertDir() + "/ca.pem"}}));
  ASSERT_EQ(sim->Create("wh-tls").status, 201);
  ASSERT_EQ(
      sim->Control("POST", "/control/orders/wh-tls/outcome", R"({"status":"fulfilled"})").status,
      200);
  ASSERT_TRUE(receiver.WaitFor(1, 5000));
  ReceivedWebhook webhook = receiver.Received()[0];
  Signature signature = ParseSignature(webhook.headers.at("x-ascenda-signature"));
  EXPECT_EQ(signature.v1.at(0), HmacSha256Hex(kSecret, signature.t + "." + webhook.body));
}

TEST(SimHttpsWebhookTest, RefusesAReceiverItDoesNotTrust) {
  WebhookReceiver receiver(/*tls=*/true);
  auto sim = SimHarness::Start(
      WebhookSettings({{"sim.webhook.url", receiver.url()},
                       {"sim.webhook.secret", kSecret},
                       {"sim.webhook.max_attempts", "1"},
                       {"sim.webhook.ca_file", testsupport::CertDir() + "/untrusted-ca.pem"}}));
  ASSERT_EQ(sim->Create("wh-untrusted").status, 201);
  ASSERT_EQ(
      sim->Control("POST", "/control/orders/wh-untrusted/outcome", R"({"status":"fulfilled"})")
          .status,
      200);
  Array::Ptr attempts;
  testsupport::WaitUntil(
      [&] {
        attempts = Json(sim->Control("GET", "/control/webhooks/attempts"))->getArray("data");
        return attempts->size() > 0;
      },
      std::chrono::seconds(5), std::chrono::milliseconds(20));
  ASSERT_EQ(attempts->size(), 1u);
  EXPECT_EQ(attempts->getObject(0)->getValue<int>("status"), 0);
  EXPECT_EQ(attempts->getObject(0)->getValue<std::string>("outcome"), "failed");
  EXPECT_TRUE(receiver.Received().empty());
}

}  // namespace
}  // namespace simtest
