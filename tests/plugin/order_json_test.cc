// Order JSON (docs/ascenda-api.md §6, §7, §9): every field of an order read in each of
// its envelopes, nulls and unknown fields tolerated, wrong types and item
// counts refused naming the field, delivery values never quoted; the create
// body written exactly.
#include "ascenda/wire/order_json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ascenda::wire {
namespace {

const char kFulfilledOrder[] = R"({
  "id": "a9e0d7d2-1111-4d38-9a51-3f0c1b1f9a10",
  "reference_id": "ref-42",
  "status": "completed",
  "created_at": "2026-11-26T10:15:31Z",
  "updated_at": "2026-11-26T10:16:02Z",
  "order_items": [{
    "id": "c1d2e3f4-2222",
    "type": "gift_card",
    "status": "fulfilled",
    "errors": [],
    "data": {
      "gift_card_id": "6f1c2c7e-2b7a", "name": "Amazon.com Gift Card",
      "denomination": "50.00", "currency": "USD",
      "code": "SECRET-CODE-1", "pin": "SECRET-PIN-9", "url": "https://cards.example/SECRET-URL",
      "expires_at": "2027-11-26T00:00:00Z"
    }
  }]
})";

// A minimal order whose only item has `item_field` set to `json`.
std::string OrderWithItemField(const std::string& item_field, const std::string& json) {
  return R"({"id": "o-1", "reference_id": "r-1", "order_items": [{"status": "pending", ")" +
         item_field + "\": " + json + "}]}";
}

rewards::Status ErrorOf(const std::string& body) {
  auto order = ParseOrderEnvelope(body);
  EXPECT_FALSE(order.ok());
  if (order.ok()) return rewards::Status::Ok();
  EXPECT_EQ(order.status().code(), rewards::StatusCode::kUnknown);
  EXPECT_EQ(order.status().error(), "bad_response");
  return order.status();
}

TEST(OrderJsonTest, ReadsEveryFieldOfAnOrder) {
  auto order = ParseOrderEnvelope(std::string(R"({"data": )") + kFulfilledOrder + "}");
  ASSERT_TRUE(order.ok()) << order.status().ToString();
  EXPECT_EQ(order->id, "a9e0d7d2-1111-4d38-9a51-3f0c1b1f9a10");
  EXPECT_EQ(order->reference_id, "ref-42");
  EXPECT_EQ(order->status, "completed");
  EXPECT_EQ(order->created_at, "2026-11-26T10:15:31Z");
  EXPECT_EQ(order->updated_at, "2026-11-26T10:16:02Z");
  ASSERT_EQ(order->items.size(), 1u);
  const OrderItem& item = order->items[0];
  EXPECT_EQ(item.id, "c1d2e3f4-2222");
  EXPECT_EQ(item.type, "gift_card");
  EXPECT_EQ(item.status, "fulfilled");
  EXPECT_TRUE(item.errors.empty());
  EXPECT_EQ(item.data.gift_card_id, "6f1c2c7e-2b7a");
  EXPECT_EQ(item.data.name, "Amazon.com Gift Card");
  EXPECT_EQ(item.data.denomination, "50.00");
  EXPECT_EQ(item.data.currency, "USD");
  EXPECT_EQ(item.data.code, "SECRET-CODE-1");
  EXPECT_EQ(item.data.pin, "SECRET-PIN-9");
  EXPECT_EQ(item.data.url, "https://cards.example/SECRET-URL");
  EXPECT_EQ(item.data.expires_at, "2027-11-26T00:00:00Z");
}

TEST(OrderJsonTest, NullDeliveryFieldsReadAsAbsent) {
  auto order = ParseOrderEnvelope(
      R"({"data": {"id": "o-1", "reference_id": "r-1", "status": "processing",
          "order_items": [{"id": "i-1", "type": "gift_card", "status": "pending", "errors": [],
          "data": {"gift_card_id": "g", "name": "N", "denomination": "5.00", "currency": "USD",
                   "code": null, "pin": null, "url": null, "expires_at": null}}]}})");
  ASSERT_TRUE(order.ok()) << order.status().ToString();
  const OrderItemData& data = order->items[0].data;
  EXPECT_EQ(data.code, std::nullopt);
  EXPECT_EQ(data.pin, std::nullopt);
  EXPECT_EQ(data.url, std::nullopt);
  EXPECT_EQ(data.expires_at, std::nullopt);
  EXPECT_EQ(data.gift_card_id, "g");
}

TEST(OrderJsonTest, OptionalFieldsMayBeMissingOrNull) {
  auto order = ParseOrderEnvelope(
      R"({"data": {"id": "o-1", "reference_id": "", "status": null, "created_at": null,
          "order_items": [{"status": "processing", "errors": null, "data": null,
                           "type": null}]}})");
  ASSERT_TRUE(order.ok()) << order.status().ToString();
  EXPECT_EQ(order->reference_id, "");
  EXPECT_EQ(order->status, "");
  EXPECT_EQ(order->created_at, "");
  EXPECT_EQ(order->updated_at, "");
  const OrderItem& item = order->items[0];
  EXPECT_EQ(item.id, "");
  EXPECT_EQ(item.type, "");
  EXPECT_EQ(item.status, "processing");
  EXPECT_TRUE(item.errors.empty());
  EXPECT_EQ(item.data.name, "");
  EXPECT_EQ(item.data.code, std::nullopt);
}

TEST(OrderJsonTest, UnknownFieldsAreIgnored) {
  auto order = ParseOrderEnvelope(
      R"({"links": {"self": "/orders/o-1"}, "data": {"id": "o-1", "reference_id": "r-1",
          "channel": 7, "order_items": [{"status": "pending", "sku": [1, {"x": null}],
          "errors": [{"code": "E1", "message": "m", "hint": true}],
          "data": {"brand_color": "#ff0000", "code": null}}]}})");
  ASSERT_TRUE(order.ok()) << order.status().ToString();
  EXPECT_EQ(order->id, "o-1");
  ASSERT_EQ(order->items[0].errors.size(), 1u);
  EXPECT_EQ(order->items[0].errors[0].code, "E1");
}

TEST(OrderJsonTest, ReadsItemErrors) {
  auto order = ParseOrderEnvelope(
      "{\"data\": " +
      OrderWithItemField("errors", R"([{"code": "SUPPLIER_DOWN", "message": "Supplier offline"},
                                       {"code": "RETRY_LATER"}, {"message": null}])") +
      "}");
  ASSERT_TRUE(order.ok()) << order.status().ToString();
  const auto& errors = order->items[0].errors;
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].code, "SUPPLIER_DOWN");
  EXPECT_EQ(errors[0].message, "Supplier offline");
  EXPECT_EQ(errors[1].code, "RETRY_LATER");
  EXPECT_EQ(errors[1].message, "");
  EXPECT_EQ(errors[2].code, "");
}

TEST(OrderJsonTest, WrongTypeIsRefusedNamingTheField) {
  struct Case {
    std::string body;
    std::string message;
  };
  const std::vector<Case> cases = {
      {R"({"data": {"id": 7, "reference_id": "r", "order_items": []}})",
       "order: data: field \"id\" must be a string"},
      {R"({"data": {"id": "o-1", "reference_id": 1, "order_items": []}})",
       "order: order \"o-1\": field \"reference_id\" must be a string"},
      {R"({"data": {"id": "o-1", "reference_id": "r", "status": true, "order_items": []}})",
       "order: order \"o-1\": field \"status\" must be a string"},
      {R"({"data": {"id": "o-1", "reference_id": "r", "order_items": {}}})",
       "order: order \"o-1\": field \"order_items\" must be an array"},
      {"{\"data\": " + OrderWithItemField("type", "1") + "}",
       "order: order \"o-1\" item #0: field \"type\" must be a string"},
      {"{\"data\": " + OrderWithItemField("errors", "{}") + "}",
       "order: order \"o-1\" item #0: field \"errors\" must be an array"},
      {"{\"data\": " + OrderWithItemField("errors", "[\"boom\"]") + "}",
       "order: order \"o-1\" item #0 error #0 is not an object"},
      {"{\"data\": " + OrderWithItemField("errors", R"([{"code": 5}])") + "}",
       "order: order \"o-1\" item #0 error #0: field \"code\" must be a string"},
      {"{\"data\": " + OrderWithItemField("data", "[]") + "}",
       "order: order \"o-1\" item #0: field \"data\" must be an object"},
      {"{\"data\": " + OrderWithItemField("data", R"({"denomination": 50})") + "}",
       "order: order \"o-1\" item #0 data: field \"denomination\" must be a string"},
      {"{\"data\": " + OrderWithItemField("data", R"({"code": 123456})") + "}",
       "order: order \"o-1\" item #0 data: field \"code\" must be a string or null"},
      {"{\"data\": " + OrderWithItemField("data", R"({"expires_at": 1800000000})") + "}",
       "order: order \"o-1\" item #0 data: field \"expires_at\" must be a string or null"},
      {R"({"data": {"id": "o-1", "reference_id": "r", "order_items": [{"status": 2}]}})",
       "order: order \"o-1\" item #0: field \"status\" must be a string"},
      {R"({"data": {"id": "o-1", "reference_id": "r", "order_items": ["x"]}})",
       "order: order \"o-1\" item #0 is not an object"},
      {R"({"data": "o-1"})", "order: envelope: field \"data\" must be an object"},
      {R"([{"data": {}}])", "order: the body is not a JSON object"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ErrorOf(c.body).message(), c.message) << c.body;
  }
}

TEST(OrderJsonTest, RequiredFieldsAreRequired) {
  EXPECT_EQ(ErrorOf(R"({"meta": {}})").message(), "order: envelope: field \"data\" is required");
  EXPECT_EQ(ErrorOf(R"({"data": {"reference_id": "r", "order_items": []}})").message(),
            "order: data: field \"id\" is required");
  EXPECT_EQ(ErrorOf(R"({"data": {"id": "", "reference_id": "r", "order_items": []}})").message(),
            "order: data: field \"id\" must not be empty");
  EXPECT_EQ(ErrorOf(R"({"data": {"id": "o-1", "order_items": []}})").message(),
            "order: order \"o-1\": field \"reference_id\" is required");
  EXPECT_EQ(
      ErrorOf(R"({"data": {"id": "o-1", "reference_id": "r", "order_items": null}})").message(),
      "order: order \"o-1\": field \"order_items\" is required");
  EXPECT_EQ(
      ErrorOf(R"({"data": {"id": "o-1", "reference_id": "r", "order_items": [{}]}})").message(),
      "order: order \"o-1\" item #0: field \"status\" is required");
  EXPECT_EQ(ErrorOf(R"({"data": {"id": "o-1", "reference_id": "r",
                        "order_items": [{"status": ""}]}})")
                .message(),
            "order: order \"o-1\" item #0: field \"status\" must not be empty");
}

TEST(OrderJsonTest, ExactlyOneItemIsExpected) {
  EXPECT_EQ(ErrorOf(R"({"data": {"id": "o-1", "reference_id": "r", "order_items": []}})").message(),
            "order: order \"o-1\" has 0 order items; exactly one is expected");
  EXPECT_EQ(ErrorOf(R"({"data": {"id": "o-1", "reference_id": "r",
                        "order_items": [{"status": "fulfilled"}, {"status": "failed"}]}})")
                .message(),
            "order: order \"o-1\" has 2 order items; exactly one is expected");
}

TEST(OrderJsonTest, LongOrderIdIsQuotedOnlyInPart) {
  const std::string id(300, 'z');
  const auto status =
      ErrorOf(R"({"data": {"id": ")" + id + R"(", "reference_id": 5, "order_items": []}})");
  EXPECT_EQ(status.message(), "order: order \"" + std::string(64, 'z') +
                                  "\": field \"reference_id\" must be a string");
}

TEST(OrderJsonTest, ErrorsNeverQuoteDeliveryValues) {
  const std::vector<std::string> bodies = {
      // A wrongly typed neighbour of the code.
      "{\"data\": " +
          OrderWithItemField("data", R"({"code": "SECRET-CODE-1", "pin": ["SECRET-PIN-9"]})") + "}",
      // Broken JSON right after the secrets.
      R"({"data": {"id": "o-1", "reference_id": "r", "order_items": [{"status": "fulfilled",
          "data": {"code": "SECRET-CODE-1", "pin": "SECRET-PIN-9" "url": "SECRET-URL"}}]}})",
      // Invalid escape inside the code.
      R"({"data": {"order_items": [{"data": {"code": "SECRET-CODE-1\q"}}]}})",
      // Numbers Poco cannot hold, where a code or pin would be.
      R"({"data": {"order_items": [{"data": {"pin": 98765e99999}}]}})",
      R"({"data": {"order_items": [{"data": {"code": 987650000000000000000000000000000}}]}})",
  };
  for (const std::string& body : bodies) {
    const std::string message = ErrorOf(body).ToString();
    EXPECT_EQ(message.find("SECRET"), std::string::npos) << message;
    EXPECT_EQ(message.find("98765"), std::string::npos) << message;
  }
}

TEST(OrderJsonTest, NotJsonIsRefused) {
  EXPECT_EQ(ErrorOf("").error(), "bad_response");
  EXPECT_EQ(ErrorOf("{\"data\": ").error(), "bad_response");
  EXPECT_EQ(ErrorOf("<html>502 Bad Gateway</html>").error(), "bad_response");
  EXPECT_EQ(ErrorOf("{\"data\": {\"id\": \"\xff\xfe\"}}").error(), "bad_response");
}

TEST(OrderJsonTest, DeepNestingIsRefusedWithoutCrashing) {
  const std::string deep =
      R"({"data": {"x": )" + std::string(100000, '[') + std::string(100000, ']') + "}}";
  EXPECT_EQ(ErrorOf(deep).error(), "bad_response");
}

TEST(OrderJsonTest, ParsesEachItemStatus) {
  EXPECT_EQ(ParseItemStatus("pending"), ItemStatus::kPending);
  EXPECT_EQ(ParseItemStatus("processing"), ItemStatus::kProcessing);
  EXPECT_EQ(ParseItemStatus("fulfilled"), ItemStatus::kFulfilled);
  EXPECT_EQ(ParseItemStatus("cancelled"), ItemStatus::kCancelled);
  EXPECT_EQ(ParseItemStatus("failed"), ItemStatus::kFailed);
  EXPECT_EQ(ParseItemStatus("on_hold"), ItemStatus::kUnrecognised);
  EXPECT_EQ(ParseItemStatus("Fulfilled"), ItemStatus::kUnrecognised);
  EXPECT_EQ(ParseItemStatus("canceled"), ItemStatus::kUnrecognised);
  EXPECT_EQ(ParseItemStatus(" fulfilled"), ItemStatus::kUnrecognised);
  EXPECT_EQ(ParseItemStatus(""), ItemStatus::kUnrecognised);
}

TEST(OrderJsonTest, EveryItemStatusIsKeptAsSent) {
  for (const char* status :
       {"pending", "processing", "fulfilled", "cancelled", "failed", "on_hold"}) {
    auto order = ParseOrderEnvelope(
        R"({"data": {"id": "o-1", "reference_id": "r", "order_items": [{"status": ")" +
        std::string(status) + "\"}]}}");
    ASSERT_TRUE(order.ok()) << order.status().ToString();
    EXPECT_EQ(order->items[0].status, status);
  }
}

TEST(OrderJsonTest, ReadsOrderList) {
  auto page = ParseOrderList(std::string(R"({"data": [)") + kFulfilledOrder +
                             R"(], "meta": {"page": 1, "page_size": 25, "total_count": 1,
                             "total_pages": 1, "next": null}})");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->orders.size(), 1u);
  EXPECT_EQ(page->orders[0].reference_id, "ref-42");
  EXPECT_EQ(page->orders[0].items[0].data.code, "SECRET-CODE-1");
  EXPECT_EQ(page->meta.page, 1);
  EXPECT_EQ(page->meta.page_size, 25);
  EXPECT_EQ(page->meta.total_count, 1);
  EXPECT_EQ(page->meta.total_pages, 1);
}

TEST(OrderJsonTest, EmptyOrderListAndMissingMeta) {
  auto empty = ParseOrderList(
      R"({"data": [], "meta": {"page": 1, "page_size": 25, "total_count": 0, "total_pages": 0}})");
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_TRUE(empty->orders.empty());
  auto no_meta = ParseOrderList(R"({"data": []})");
  ASSERT_TRUE(no_meta.ok()) << no_meta.status().ToString();
  EXPECT_EQ(no_meta->meta.total_count, 0);
}

TEST(OrderJsonTest, BadOrderListIsRefused) {
  struct Case {
    std::string body;
    std::string message;
  };
  const std::vector<Case> cases = {
      {R"({"data": {}})", "order: envelope: field \"data\" must be an array"},
      {R"({"meta": {}})", "order: envelope: field \"data\" is required"},
      {R"({"data": [], "meta": []})", "order: envelope: field \"meta\" must be an object"},
      {R"({"data": [], "meta": {"page": "1"}})", "order: meta: field \"page\" must be an integer"},
      {R"({"data": [], "meta": {"total_count": -1}})",
       "order: meta: field \"total_count\" must not be negative"},
      {R"({"data": [], "meta": {"page_size": true}})",
       "order: meta: field \"page_size\" must be an integer"},
      {R"({"data": [{"id": "o-1", "reference_id": "r", "order_items": [{"status": "pending"}]},
                    {"reference_id": "r"}]})",
       "order: order #1: field \"id\" is required"},
  };
  for (const Case& c : cases) {
    auto page = ParseOrderList(c.body);
    ASSERT_FALSE(page.ok()) << c.body;
    EXPECT_EQ(page.status().code(), rewards::StatusCode::kUnknown);
    EXPECT_EQ(page.status().error(), "bad_response");
    EXPECT_EQ(page.status().message(), c.message) << c.body;
  }
}

TEST(OrderJsonTest, ReadsWebhookEvent) {
  auto event = ParseOrderEvent(std::string(R"({"id": "ev-7", "type": "order_item.updated",
                      "created_at": "2026-11-26T10:16:03Z", "attempt": 2,
                      "data": {"order": )") +
                               kFulfilledOrder + "}}");
  ASSERT_TRUE(event.ok()) << event.status().ToString();
  EXPECT_EQ(event->id, "ev-7");
  EXPECT_EQ(event->type, "order_item.updated");
  EXPECT_EQ(event->created_at, "2026-11-26T10:16:03Z");
  EXPECT_EQ(event->order.id, "a9e0d7d2-1111-4d38-9a51-3f0c1b1f9a10");
  EXPECT_EQ(event->order.items[0].status, "fulfilled");
  EXPECT_EQ(event->order.items[0].data.pin, "SECRET-PIN-9");
}

TEST(OrderJsonTest, BadWebhookEventIsInvalidEvent) {
  const std::string order = R"({"id": "o-1", "reference_id": "r",
                                "order_items": [{"status": "pending"}]})";
  struct Case {
    std::string body;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"", "webhook event: the body is not valid JSON"},
      {"[]", "webhook event: the body is not a JSON object"},
      {R"({"type": "order_item.updated", "data": {"order": )" + order + "}}",
       "webhook event: event: field \"id\" is required"},
      {R"({"id": 9, "type": "order_item.updated", "data": {"order": )" + order + "}}",
       "webhook event: event: field \"id\" must be a string"},
      {R"({"id": "e", "data": {"order": )" + order + "}}",
       "webhook event: event: field \"type\" is required"},
      {R"({"id": "e", "type": "t", "created_at": 5, "data": {"order": )" + order + "}}",
       "webhook event: event: field \"created_at\" must be a string"},
      {R"({"id": "e", "type": "t"})", "webhook event: event: field \"data\" is required"},
      {R"({"id": "e", "type": "t", "data": []})",
       "webhook event: event: field \"data\" must be an object"},
      {R"({"id": "e", "type": "t", "data": {"gift_card": {}}})",
       "webhook event: event data: field \"order\" is required"},
      {R"({"id": "e", "type": "t", "data": {"order": "o-1"}})",
       "webhook event: event data: field \"order\" must be an object"},
      {R"({"id": "e", "type": "t", "data": {"order": {"id": "o-1", "reference_id": "r",
          "order_items": []}}})",
       "webhook event: order \"o-1\" has 0 order items; exactly one is expected"},
  };
  for (const Case& c : cases) {
    auto event = ParseOrderEvent(c.body);
    ASSERT_FALSE(event.ok()) << c.body;
    EXPECT_EQ(event.status().code(), rewards::StatusCode::kInvalidArgument);
    EXPECT_EQ(event.status().error(), "invalid_event");
    // Poco adds its own detail after a JSON syntax error.
    EXPECT_EQ(event.status().message().substr(0, c.message.size()), c.message) << c.body;
  }
}

CreateOrderRequest JaneRequest() {
  CreateOrderRequest request;
  request.reference_id = "rdm-0001";
  request.transacted_at = "2026-11-26T10:15:30Z";
  request.user = {"u-1001", "jane@example.com", "Jane", "Doe", "+6591234567"};
  request.gift_card_id = "6f1c2c7e-2b7a";
  request.denomination = "50.00";
  request.currency = "USD";
  return request;
}

TEST(OrderJsonTest, BuildsCreateBodyExactly) {
  EXPECT_EQ(BuildCreateOrderBody(JaneRequest()),
            R"({"reference_id":"rdm-0001","transacted_at":"2026-11-26T10:15:30Z",)"
            R"("user":{"number":"u-1001","email":"jane@example.com","first_name":"Jane",)"
            R"("last_name":"Doe","phone_number":"+6591234567"},)"
            R"("gift_cards":[{"id":"6f1c2c7e-2b7a","denomination":"50.00","currency":"USD",)"
            R"("quantity":1}]})");
}

TEST(OrderJsonTest, CreateBodyOmitsEmptyPhone) {
  CreateOrderRequest request = JaneRequest();
  request.user.phone_number = "";
  EXPECT_EQ(BuildCreateOrderBody(request),
            R"({"reference_id":"rdm-0001","transacted_at":"2026-11-26T10:15:30Z",)"
            R"("user":{"number":"u-1001","email":"jane@example.com","first_name":"Jane",)"
            R"("last_name":"Doe"},)"
            R"("gift_cards":[{"id":"6f1c2c7e-2b7a","denomination":"50.00","currency":"USD",)"
            R"("quantity":1}]})");
}

TEST(OrderJsonTest, CreateBodyEscapesText) {
  CreateOrderRequest request = JaneRequest();
  request.user.first_name = "Zoë \"Jo\"";
  request.user.last_name = "O\\Brien\n\t\x01";
  const std::string body = BuildCreateOrderBody(request);
  EXPECT_NE(body.find(R"("first_name":"Zoë \"Jo\"")"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("last_name":"O\\Brien\n\t\u0001")"), std::string::npos) << body;
}

}  // namespace
}  // namespace ascenda::wire
