// Ascenda order JSON as the tests script it: one order with one gift card
// item, and a list answer of such orders (docs/ascenda-api.md §3, §7).
#pragma once

#include <string>
#include <vector>

namespace ascenda::test {

// An order whose one item has `item_status`; `code` empty = null.
inline std::string OrderText(const std::string& id, const std::string& reference,
                             const std::string& item_status, const std::string& code) {
  return R"({"id":")" + id + R"(","reference_id":")" + reference +
         R"(","status":"processing","order_items":[{"id":"i-)" + id +
         R"(","type":"gift_card","status":")" + item_status +
         R"(","errors":[],"data":{"gift_card_id":"card-1","name":"n","denomination":"50.00",)"
         R"("currency":"USD","code":)" +
         (code.empty() ? std::string("null") : "\"" + code + "\"") +
         R"(,"pin":null,"url":null,"expires_at":null}}]})";
}

// GET /orders's answer listing `orders` (OrderText values).
inline std::string OrderListText(const std::vector<std::string>& orders) {
  std::string out = R"({"data":[)";
  for (std::size_t i = 0; i < orders.size(); ++i) out += (i ? "," : "") + orders[i];
  return out + R"(],"meta":{"page":1,"page_size":25,"total_count":)" +
         std::to_string(orders.size()) + R"(,"total_pages":1}})";
}

}  // namespace ascenda::test
