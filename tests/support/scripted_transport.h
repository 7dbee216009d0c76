// ScriptedTransport: an ascenda::HttpTransport that answers from a script
// instead of the network, and records every request it was sent — for unit
// tests of the client's rooms (token cache, client) with the manual clock.
// An answer may hold the caller (Hold / Release) so a test can have several
// threads inside one request. When the script is empty it answers
// kUnavailable "script_empty". Thread-safe.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "ascenda/client/http_transport.h"

namespace testsupport {

class ScriptedTransport : public ascenda::HttpTransport {
 public:
  rewards::Result<ascenda::HttpResponse> Send(
      const ascenda::HttpRequest& request) noexcept override;

  // Queues the next answer.
  void Answer(int status, std::string body, std::map<std::string, std::string> headers = {});
  void Fail(rewards::Status status);  // a transport failure (never sent, timed out, ...)

  // While held, Send() waits (after recording its request) until Release().
  void Hold();
  void Release();

  std::vector<ascenda::HttpRequest> requests() const;
  std::size_t sent() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable released_;
  bool held_ = false;
  std::deque<rewards::Result<ascenda::HttpResponse>> script_;
  std::vector<ascenda::HttpRequest> requests_;
};

}  // namespace testsupport
