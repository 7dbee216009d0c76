// libFuzzer: the order JSON readers (order_json.h) — the single and list
// envelopes and the webhook event — and the create body writer. Properties:
// never crashes; a parsed order has exactly one item and an id; refusals are
// the documented codes; a create body built from fuzzed fields is valid JSON
// that reads back the same fields (through Poco's parser).
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstdint>
#include <string>

#include "ascenda/catalogue/name_fold.h"
#include "ascenda/wire/order_json.h"
#include "fuzz_input.h"

namespace {

void CheckOrder(const ascenda::wire::Order& order) {
  fuzz::Check(order.items.size() == 1);
  fuzz::Check(!order.id.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  auto single = ascenda::wire::ParseOrderEnvelope(body);
  if (single.ok()) {
    CheckOrder(single.value());
  } else {
    fuzz::Check(single.status().error() == "bad_response");
  }
  auto list = ascenda::wire::ParseOrderList(body);
  if (list.ok()) {
    for (const auto& order : list.value().orders) CheckOrder(order);
    fuzz::Check(list.value().meta.page >= 0 && list.value().meta.total_pages >= 0);
  } else {
    fuzz::Check(list.status().error() == "bad_response");
  }
  auto event = ascenda::wire::ParseOrderEvent(body);
  if (event.ok()) CheckOrder(event.value().order);

  // The writer: fields cut from the input at NUL bytes.
  auto f = fuzz::Split(data, size, '\0', 8);
  f.resize(8);
  ascenda::wire::CreateOrderRequest request;
  request.reference_id = f[0];
  request.transacted_at = f[1];
  request.user = {f[2], f[3], f[4], f[5], f[6]};
  request.gift_card_id = f[7];
  request.denomination = "10.00";
  request.currency = "USD";
  for (const auto& s : f) {
    // The writer keeps bytes as given: UTF-8 in, UTF-8 out. What is not
    // well-formed UTF-8 (overlong forms, surrogates, C0/C1 leads) never
    // reaches it: RedemptionService refuses such member fields first.
    if (!ascenda::IsValidUtf8(s)) return 0;
  }
  const std::string json = ascenda::wire::BuildCreateOrderBody(request);
  Poco::JSON::Parser parser;
  Poco::JSON::Object::Ptr parsed;
  try {
    parsed = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
  } catch (...) {
    fuzz::Check(false);  // the writer made something that is not JSON
  }
  fuzz::Check(parsed->getValue<std::string>("reference_id") == request.reference_id);
  return 0;
}
