#include "support/scripted_transport.h"

#include <utility>

namespace testsupport {

rewards::Result<ascenda::HttpResponse> ScriptedTransport::Send(
    const ascenda::HttpRequest& request) noexcept {
  std::unique_lock<std::mutex> lock(mu_);
  requests_.push_back(request);
  released_.wait(lock, [&] { return !held_; });
  if (script_.empty()) {
    return rewards::Status(rewards::StatusCode::kUnavailable, "script_empty",
                           "no scripted answer left");
  }
  rewards::Result<ascenda::HttpResponse> next = std::move(script_.front());
  script_.pop_front();
  return next;
}

void ScriptedTransport::Answer(int status, std::string body,
                               std::map<std::string, std::string> headers) {
  ascenda::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  std::lock_guard<std::mutex> lock(mu_);
  script_.emplace_back(std::move(response));
}

void ScriptedTransport::Fail(rewards::Status status) {
  std::lock_guard<std::mutex> lock(mu_);
  script_.emplace_back(std::move(status));
}

void ScriptedTransport::Hold() {
  std::lock_guard<std::mutex> lock(mu_);
  held_ = true;
}

void ScriptedTransport::Release() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    held_ = false;
  }
  released_.notify_all();
}

std::vector<ascenda::HttpRequest> ScriptedTransport::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

std::size_t ScriptedTransport::sent() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_.size();
}

}  // namespace testsupport
