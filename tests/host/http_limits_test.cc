// The host's request limits over real sockets: too many or too large header
// fields answer 431, and a client that goes quiet mid-request is cut off
// after host.http.timeout_s.
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "host_harness.h"

namespace {

using hosttest::CorpusPlugin;
using hosttest::HostProcess;

class HttpLimitsTest : public ::testing::Test {
 protected:
  HostProcess host_{{CorpusPlugin("good_test_plugin")}, {"host.http.timeout_s=1"}};
};

TEST_F(HttpLimitsTest, TooManyHeaderFieldsAnswer431) {
  std::map<std::string, std::string> headers;
  for (int i = 0; i < 70; ++i) headers["X-Filler-" + std::to_string(i)] = "x";
  testsupport::HttpReply r = host_.Call("GET", "/healthz", "", headers);
  EXPECT_EQ(r.status, 431) << r.body << r.error;
  std::map<std::string, std::string> big;
  for (int i = 0; i < 4; ++i) big["X-Big-" + std::to_string(i)] = std::string(5000, 'y');
  EXPECT_EQ(host_.Call("GET", "/healthz", "", big).status, 431);
  EXPECT_EQ(host_.Get("/healthz").status, 200);
}

TEST_F(HttpLimitsTest, AClientThatGoesQuietIsCutOff) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", host_.port()));
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  const std::string partial =
      "POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{";
  socket.sendBytes(partial.data(), static_cast<int>(partial.size()));
  const auto start = std::chrono::steady_clock::now();
  char buf[4096];
  int n = 0;
  try {
    while ((n = socket.receiveBytes(buf, sizeof buf)) > 0) {
    }
  } catch (const Poco::Exception&) {
    n = -1;  // reset by the server: cut off too
  }
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_LE(n, 0);
  EXPECT_LT(waited, std::chrono::seconds(5));
  EXPECT_GE(waited, std::chrono::milliseconds(900));
}

TEST_F(HttpLimitsTest, APostWithoutContentLengthHasAnEmptyBody) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", host_.port()));
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  const std::string request = "POST /api/session HTTP/1.1\r\nHost: x\r\n\r\n";
  socket.sendBytes(request.data(), static_cast<int>(request.size()));
  char buf[4096];
  const int n = socket.receiveBytes(buf, sizeof buf);
  ASSERT_GT(n, 0);
  const std::string answer(buf, static_cast<std::size_t>(n));
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u)
      << answer;  // {} is not a sign-in: answered at once
}

}  // namespace
