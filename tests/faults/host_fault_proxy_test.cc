// End to end through the fault proxy (support/fault_proxy.h): the real host
// and plugin .so talk to the real simulator over TLS through the proxy, which
// makes the network faults the simulator cannot. Whatever the link does, a
// redemption ends fulfilled with exactly one order and one debit:
//   - the create's TLS handshake stalls (accepted, never answered), then the
//     next connection is reset (RST) in the middle of the create's answer,
//     after the simulator committed the order;
//   - the create's connection goes half-open after the handshake: the
//     request arrives and commits, the answer never does (no FIN, no RST);
//   - the proxy refuses connections for a while (listener closed), then heals.
// SQLite and PostgreSQL (BOTH_DATABASES).
#include <Poco/Net/Context.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "support/end_to_end_host.h"
#include "support/fault_proxy.h"
#include "support/wait_until.h"

namespace testsupport {
namespace {

using simtest::SimHarness;
using JsonPtr = Poco::JSON::Object::Ptr;

constexpr std::int64_t kStart = 5000;
constexpr std::int64_t kPrice = 1000;  // 10.00 USD at 0.01 per point

std::string Field(const HttpReply& r, const std::string& key) {
  return simtest::Json(r)->getValue<std::string>(key);
}

class HostFaultProxyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = SimHarness::Start({{"sim.lifecycle.pending_ms", "100"},
                              {"sim.lifecycle.processing_ms", "100"},
                              {"sim.outcome.rate.failed", "0"},
                              {"sim.outcome.rate.cancelled", "0"}});
    proxy_ = std::make_unique<FaultProxy>(static_cast<std::uint16_t>(std::stoi(SimPort(*sim_))));
    EndToEndOptions options;
    options.settings = {{"ascenda.base_url", "https://127.0.0.1:" + std::to_string(proxy_->port())},
                        {"ascenda.submit.parked_retry_s", "2"}};
    host_ = std::make_unique<EndToEndHost>(*sim_, options);
    host_->Start();
    host_->SetWebhooks(true);
    host_->CreateMember("m", kStart);
  }

  // Bytes the simulator sends on a fresh TLS connection before any request
  // (handshake and session tickets), measured through the proxy.
  std::size_t HandshakeBytes() {
    const int index = proxy_->accepted();
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", sim_->ca_file(),
                               Poco::Net::Context::VERIFY_RELAXED);
    Poco::Net::SecureStreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", proxy_->port()),
                                         "127.0.0.1", context);
    socket.completeHandshake();
    std::size_t seen = 0;
    // Tickets follow the handshake; wait until nothing more arrives for 200 ms.
    for (int quiet = 0; quiet < 10;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      const std::size_t now = proxy_->Connections().at(index).to_client;
      quiet = now == seen ? quiet + 1 : 0;
      seen = now;
    }
    socket.close();
    return seen;
  }

  // Makes the plugin's pooled keep-alive connections stale, so its next call
  // opens a new connection (the one the script applies to).
  void FreshConnectionsFromHere() {
    proxy_->CloseAll();
    const int open = proxy_->accepted();
    ASSERT_TRUE(WaitUntil(
        [&] {
          auto all = proxy_->Connections();
          for (int i = 0; i < open; ++i) {
            if (!all[i].done) return false;
          }
          return true;
        },
        std::chrono::seconds(5)));
  }

  // Redeems 10.00 USD for "m" and waits for it to be fulfilled; its reference_id.
  std::string RedeemAndWaitFulfilled() {
    HttpReply r = host_->Redeem("m", simtest::kUsdCard, "10.00", "USD", kPrice, "k-m");
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return "";
    JsonPtr done = host_->WaitForStatus(Field(r, "id"), "m", "fulfilled", 45000);
    EXPECT_TRUE(done && done->getValue<std::string>("status") == "fulfilled") << host_->Log();
    return Field(r, "reference_id");
  }

  void ExpectOneOrderOneDebit(const std::string& ref) {
    EXPECT_EQ(CreateAttempts(*sim_, ref), 1) << host_->Log();
    EXPECT_TRUE(OrderExists(*sim_, ref));
    EXPECT_EQ(host_->Balance("m"), kStart - kPrice);
  }

  // The first connection after `from` whose fault is `fault`.
  ConnectionStats FirstWith(ProxyFault fault, int from) {
    auto all = proxy_->Connections();
    for (std::size_t i = static_cast<std::size_t>(from); i < all.size(); ++i) {
      if (all[i].fault == fault) return all[i];
    }
    ADD_FAILURE() << "no connection with fault " << ProxyFaultName(fault);
    return {};
  }

  std::unique_ptr<SimHarness> sim_;
  std::unique_ptr<FaultProxy> proxy_;
  std::unique_ptr<EndToEndHost> host_;
};

TEST_F(HostFaultProxyTest, StalledHandshakeThenResetMidAnswerEndsFulfilledOnce) {
  const std::size_t handshake = HandshakeBytes();
  FreshConnectionsFromHere();
  const int from = proxy_->accepted();
  proxy_->Script({ProxyFault::kStall});
  FaultSpec reset{ProxyFault::kReset};
  reset.after_bytes = handshake + 60;  // a few bytes into the first answer
  proxy_->Script(reset);
  const std::string ref = RedeemAndWaitFulfilled();
  ExpectOneOrderOneDebit(ref);
  ConnectionStats stalled = FirstWith(ProxyFault::kStall, from);
  EXPECT_EQ(stalled.to_client, 0u);
  ConnectionStats cut = FirstWith(ProxyFault::kReset, from);
  EXPECT_TRUE(cut.reset);
  EXPECT_EQ(cut.to_client, handshake + 60);
  EXPECT_GT(cut.to_upstream, 0u);
  // The plugin saw the create's answer cut short (indeterminate), not a refusal.
  EXPECT_NE(host_->Log().find("connection_lost"), std::string::npos) << host_->Log();
}

TEST_F(HostFaultProxyTest, HalfOpenAfterTheRequestEndsFulfilledOnce) {
  const std::size_t handshake = HandshakeBytes();
  FreshConnectionsFromHere();
  const int from = proxy_->accepted();
  FaultSpec half_open{ProxyFault::kHalfOpen};
  half_open.after_bytes = handshake;  // the request gets through, no answer does
  proxy_->Script(half_open);
  const std::string ref = RedeemAndWaitFulfilled();
  ExpectOneOrderOneDebit(ref);
  EXPECT_EQ(FirstWith(ProxyFault::kHalfOpen, from).to_client, handshake);
}

TEST_F(HostFaultProxyTest, RefusedConnectionsHealIntoOneOrder) {
  FreshConnectionsFromHere();
  proxy_->Refuse();
  HttpReply r = host_->Redeem("m", simtest::kUsdCard, "10.00", "USD", kPrice, "k-m");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(host_->Balance("m"), kStart - kPrice);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  proxy_->Listen();
  JsonPtr done = host_->WaitForStatus(Field(r, "id"), "m", "fulfilled", 60000);
  ASSERT_TRUE(done && done->getValue<std::string>("status") == "fulfilled") << host_->Log();
  ExpectOneOrderOneDebit(Field(r, "reference_id"));
  EXPECT_NE(host_->Log().find("connection_refused"), std::string::npos) << host_->Log();
}

}  // namespace
}  // namespace testsupport
