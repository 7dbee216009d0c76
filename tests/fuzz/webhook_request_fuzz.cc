// libFuzzer: a webhook delivery as the receiver checks it before anything
// touches a database (webhook_receiver.h): size limit, signature, then the
// order event parse (order_json.h). The receiver itself needs a database, so
// this target runs its pure steps in its order. Input: the raw body; it is
// signed with the configured secret so the fuzzer reaches the event parser,
// and also checked against a header cut from the body's first line.
#include <chrono>
#include <cstdint>
#include <string>

#include "ascenda/webhook/webhook_receiver.h"
#include "ascenda/webhook/webhook_signature.h"
#include "ascenda/wire/order_json.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  if (body.size() > ascenda::WebhookReceiver::kMaxBodyBytes) return 0;  // 413 before anything
  const std::chrono::system_clock::time_point now{std::chrono::seconds(1'800'000'000)};
  const std::vector<std::string> secrets = {"whsec-test-1"};
  const std::string header = ascenda::SignWebhook("whsec-test-1", 1'800'000'000, body);
  fuzz::Check(
      ascenda::VerifyWebhookSignature(header, body, secrets, now, std::chrono::seconds(300)).ok());
  const auto line = body.substr(0, body.find('\n'));
  (void)ascenda::VerifyWebhookSignature(line, body, secrets, now, std::chrono::seconds(300));
  auto event = ascenda::wire::ParseOrderEvent(body);
  if (event.ok()) {
    fuzz::Check(event.value().order.items.size() == 1);
    fuzz::Check(!event.value().order.id.empty());
  } else {
    fuzz::Check(event.status().code() == rewards::StatusCode::kInvalidArgument);
    fuzz::Check(event.status().error() == "invalid_event");
  }
  return 0;
}
