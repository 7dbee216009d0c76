#include "ascenda/client/token_cache.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

#include "ascenda/client/api_error.h"

namespace ascenda {

namespace {

std::string TokenRequestBody(const std::string& client_id, const std::string& client_secret) {
  Poco::JSON::Object body;
  body.set("client_id", client_id);
  body.set("client_secret", client_secret);
  body.set("grant_type", "client_credentials");
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(body, out);
  return out.str();
}

}  // namespace

struct TokenCache::Flight {
  bool done = false;
  rewards::Result<std::string> result{rewards::Internal("token request not finished")};
};

TokenCache::TokenCache(HttpTransport& transport, const rewards::Clock& clock,
                       rewards::Logger& logger, Credentials credentials)
    : transport_(transport), clock_(clock), logger_(logger), credentials_(std::move(credentials)) {}

bool TokenCache::UsableLocked() const {
  return !token_.empty() && clock_.Now() + kRefreshMargin < expires_at_;
}

rewards::Result<std::string> TokenCache::Get(
    std::optional<std::chrono::steady_clock::time_point> deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  if (UsableLocked()) return token_;
  if (flight_ != nullptr) {  // someone is fetching: share their outcome
    std::shared_ptr<Flight> flight = flight_;
    done_.wait(lock, [&] { return flight->done; });
    return flight->result;
  }
  auto flight = std::make_shared<Flight>();
  flight_ = flight;
  ++fetches_;
  lock.unlock();

  std::chrono::system_clock::time_point expires_at;
  rewards::Result<std::string> result = rewards::Internal("token request failed");
  try {
    result = Fetch(&expires_at, deadline);
  } catch (const std::exception& e) {
    result = rewards::Internal(std::string("token request failed: ") + e.what());
  } catch (...) {
    result = rewards::Internal("token request failed");
  }

  lock.lock();
  if (result.ok()) {
    token_ = result.value();
    expires_at_ = expires_at;
  }
  flight->result = result;
  flight->done = true;
  flight_.reset();
  done_.notify_all();
  return result;
}

void TokenCache::Invalidate(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!token.empty() && token == token_) token_.clear();
}

std::int64_t TokenCache::fetch_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return fetches_;
}

rewards::Result<std::string> TokenCache::Fetch(
    std::chrono::system_clock::time_point* expires_at,
    const std::optional<std::chrono::steady_clock::time_point>& deadline) {
  HttpRequest request;
  request.method = "POST";
  request.target = credentials_.token_target;
  request.headers = credentials_.headers;
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = TokenRequestBody(credentials_.client_id, credentials_.client_secret);
  request.idempotent = true;  // a second token is harmless
  request.deadline = deadline;

  rewards::Result<HttpResponse> response = transport_.Send(request);
  if (!response.ok()) {
    logger_.Warning("ascenda: access token request failed: " + response.status().ToString());
    return response.status();
  }
  if (response->status < 200 || response->status > 299) {
    rewards::Status status = StatusFromResponse(response.value(), clock_.Now());
    logger_.Warning("ascenda: access token refused: " + status.ToString());
    return status;
  }
  try {
    Poco::JSON::Parser parser;
    Poco::JSON::Object::Ptr root = parser.parse(response->body).extract<Poco::JSON::Object::Ptr>();
    const Poco::Dynamic::Var token = root ? root->get("access_token") : Poco::Dynamic::Var();
    const Poco::Dynamic::Var expiry = root ? root->get("expires_at") : Poco::Dynamic::Var();
    if (!token.isString() || token.extract<std::string>().empty() || !expiry.isInteger()) {
      return BadResponse("the token answer lacks access_token or an integer expires_at");
    }
    *expires_at =
        std::chrono::system_clock::time_point(std::chrono::seconds(expiry.convert<std::int64_t>()));
    const auto lifetime =
        std::chrono::duration_cast<std::chrono::seconds>(*expires_at - clock_.Now());
    logger_.Info("ascenda: new access token, valid for " + std::to_string(lifetime.count()) + " s");
    return token.extract<std::string>();
  } catch (const std::exception&) {
    return BadResponse("the token answer is not a JSON object");
  }
}

}  // namespace ascenda
