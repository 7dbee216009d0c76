// libFuzzer: one page of GET /gift_cards (gift_card_json.h). Properties:
// never crashes; every kept card has an id; refusals are "bad_response".
#include <cstdint>
#include <string>

#include "ascenda/wire/gift_card_json.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  auto page = ascenda::wire::ParseGiftCardPage(body);
  if (!page.ok()) {
    fuzz::Check(page.status().code() == rewards::StatusCode::kUnknown);
    fuzz::Check(page.status().error() == "bad_response");
    return 0;
  }
  for (const auto& card : page.value().cards) fuzz::Check(!card.id.empty());
  return 0;
}
