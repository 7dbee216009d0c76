#include "ascenda/redemption/observed_order.h"

#include <utility>

namespace ascenda {

ObservedOrder FromWireOrder(const wire::Order& order) {
  ObservedOrder out;
  out.order_id = order.id;
  out.reference_id = order.reference_id;
  if (order.items.empty()) return out;
  const wire::OrderItem& item = order.items.front();
  out.item_status = item.status;
  out.errors.reserve(item.errors.size());
  for (const wire::OrderItemError& e : item.errors) {
    out.errors.push_back(ItemError{e.code, e.message});
  }
  const wire::OrderItemData& d = item.data;
  if (d.code || d.pin || d.url || d.expires_at) {
    rewards::DeliveryData delivery;
    delivery.code = d.code;
    delivery.pin = d.pin;
    delivery.url = d.url;
    delivery.expires_at = d.expires_at;
    out.delivery = std::move(delivery);
  }
  return out;
}

}  // namespace ascenda
