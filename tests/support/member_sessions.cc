#include "support/member_sessions.h"

#include <stdexcept>

#include "support/http_client.h"

namespace testsupport {

namespace {

// The "token" value of the sign-in answer (64 hex digits, no escapes).
std::string TokenOf(const std::string& body) {
  const std::string key = "\"token\":\"";
  const std::size_t at = body.find(key);
  if (at == std::string::npos) return "";
  const std::size_t start = at + key.size();
  const std::size_t end = body.find('"', start);
  return end == std::string::npos ? "" : body.substr(start, end - start);
}

}  // namespace

std::map<std::string, std::string> FastAuthConfig() {
  // Sessions as long as allowed: manual-clock tests advance days.
  return {{"auth.scrypt.n", "1024"}, {"http.rate.member_per_s", "0"}, {"session.ttl_s", "2592000"}};
}

std::string SignIn(const std::string& base_url, const std::string& member_id,
                   const std::string& password) {
  const std::string body =
      "{\"member_id\":\"" + member_id + "\",\"password\":\"" + password + "\"}";
  HttpReply reply = HttpCall("POST", base_url + "/api/session", body,
                             {{"Content-Type", "application/json"}}, "", 30000);
  const std::string token = TokenOf(reply.body);
  if (reply.status != 200 || token.empty()) {
    throw std::runtime_error("sign-in of " + member_id + " failed: " +
                             std::to_string(reply.status) + " " + reply.body + reply.error);
  }
  return token;
}

std::string MemberSessions::Token(const std::string& member_id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = tokens_.find(member_id); it != tokens_.end()) return it->second;
  }
  std::string token = SignIn(base_url_, member_id);
  std::lock_guard<std::mutex> lock(mu_);
  return tokens_.emplace(member_id, token).first->second;
}

std::map<std::string, std::string> MemberSessions::Headers(const std::string& member_id) {
  std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
  try {
    headers["Authorization"] = "Bearer " + Token(member_id);
  } catch (const std::exception&) {
  }
  return headers;
}

}  // namespace testsupport
