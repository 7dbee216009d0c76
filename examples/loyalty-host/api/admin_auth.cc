#include "api/admin_auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "http/json_reply.h"

namespace loyalty {

namespace {

std::string Sha256(const std::string& text) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), md, &len, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(md), len);
}

}  // namespace

AdminAuth::AdminAuth(const std::string& token) : enabled_(!token.empty()), digest_(Sha256(token)) {}

std::optional<rewards::HttpResponse> AdminAuth::Check(const rewards::HttpRequest& req) const {
  if (!enabled_) {
    return ErrorReply(403, "admin_disabled",
                      "the admin API is disabled (host.admin.token is not set)");
  }
  static const std::string kScheme = "Bearer ";
  auto it = req.headers.find("authorization");
  std::string presented;
  if (it != req.headers.end() && it->second.size() > kScheme.size() &&
      it->second.compare(0, kScheme.size(), kScheme) == 0) {
    presented = it->second.substr(kScheme.size());
  }
  const std::string digest = Sha256(presented);
  if (!presented.empty() && digest.size() == digest_.size() &&
      CRYPTO_memcmp(digest.data(), digest_.data(), digest.size()) == 0) {
    return std::nullopt;
  }
  rewards::HttpResponse r =
      ErrorReply(401, "unauthenticated", "admin routes need Authorization: Bearer <token>");
  r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

HostHandler AdminAuth::Guard(HostHandler handler) const {
  return [this, h = std::move(handler)](const rewards::HttpRequest& req, const PathParams& params) {
    if (auto refused = Check(req)) return *refused;
    return h(req, params);
  };
}

}  // namespace loyalty
