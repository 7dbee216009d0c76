// AdminAuth: the gate in front of /admin routes.
//
// A request passes with "Authorization: Bearer <host.admin.token>". The
// tokens are compared as SHA-256 digests with CRYPTO_memcmp, so the time taken
// says nothing about the token. An empty configured token disables the admin
// API: every admin route answers 403 admin_disabled. Immutable; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "http/router.h"

namespace loyalty {

class AdminAuth {
 public:
  explicit AdminAuth(const std::string& token);

  // nullopt when the request may pass; otherwise the answer (401 or 403).
  std::optional<rewards::HttpResponse> Check(const rewards::HttpRequest& req) const;
  // `handler` behind the gate.
  HostHandler Guard(HostHandler handler) const;

 private:
  bool enabled_;
  std::string digest_;
};

}  // namespace loyalty
