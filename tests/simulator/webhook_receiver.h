// WebhookReceiver: a real HTTP server on 127.0.0.1 (plain HTTP, or HTTPS with
// the `certs` fixture's localhost certificate) that records
// every webhook POST it gets, for the simulator's webhook tests. It can be
// told to answer the first N requests with another status, or to answer
// slowly.
//
// Thread-safe: the server thread records, the test thread reads.
#pragma once

#include <Poco/Net/HTTPServer.h>

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace simtest {

struct ReceivedWebhook {
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;
  int answered = 0;
};

class WebhookReceiver {
 public:
  explicit WebhookReceiver(bool tls = false);
  ~WebhookReceiver();

  // http://127.0.0.1:<port>/webhooks/ascenda, or https://localhost:<port>/...
  std::string url() const;

  // The next `count` requests are answered `status` (then 200 again).
  void FailNext(int count, int status);
  // Every answer waits `ms` first.
  void SetAnswerDelay(int ms);

  // Waits until at least `count` requests arrived; false on timeout.
  bool WaitFor(size_t count, int timeout_ms);
  std::vector<ReceivedWebhook> Received() const;

  // Called by the server thread.
  int Record(ReceivedWebhook webhook);

 private:
  mutable std::mutex mu_;
  std::condition_variable arrived_;
  std::vector<ReceivedWebhook> received_;
  int fail_count_ = 0;
  int fail_status_ = 500;
  int delay_ms_ = 0;
  bool tls_ = false;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

// Lowercase hex HMAC-SHA256, computed independently of the simulator.
std::string HmacSha256Hex(const std::string& key, const std::string& message);

}  // namespace simtest
