// HttpCall: one real HTTP or HTTPS request from a test, on a fresh connection.
//
// For https:// the server must present a certificate that `ca_file` vouches
// for and that names the URL's host (Poco VERIFY_STRICT, so even "localhost"
// is checked). A request that gets no answer (refused, timed out, TLS
// refused) comes back with status 0 and `error` saying why.
#pragma once

#include <map>
#include <string>

namespace testsupport {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;
  std::string error;  // non-empty when no reply
};

HttpReply HttpCall(const std::string& method, const std::string& url, const std::string& body = "",
                   const std::map<std::string, std::string>& headers = {},
                   const std::string& ca_file = "", int timeout_ms = 10000);

// Polls `url` until any HTTP status answers; false after `timeout_ms`.
bool WaitForHttp(const std::string& url, int timeout_ms, const std::string& ca_file = "");

}  // namespace testsupport
