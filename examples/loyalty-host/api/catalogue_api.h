// Catalogue routes (JSON), answered by the active provider:
//   GET /api/gift-cards?category=&currency=&q=&sort=name:asc|name:desc&page=&page_size=
//       (category may repeat or be comma-separated)
//       -> {"data": [card...], "meta": {page, page_size, total_count, total_pages}}
//       &max_points=N: only cards with a denomination of at most N points;
//       &affordable=true: the same with N = the signed-in member's balance
//       (a member route then: 401 without a session). A plugin older than
//       host-api ABI 1.2 cannot filter so: 501 not_supported_by_plugin.
//   GET /api/gift-cards/{id} -> card
// Bad query values answer 400 invalid_query before the provider is asked;
// provider failures map per json_reply.h.
#pragma once

#include "api/provider_locator.h"
#include "auth/member_gate.h"
#include "http/router.h"
#include "ledger/member_store.h"

namespace loyalty {

// Borrows everything; it must outlive the routes.
rewards::Status AddCatalogueRoutes(Router& router, const ProviderLocator& providers,
                                   const MemberGate& gate, MemberStore& members);

// Shared with the redemption routes: page (>= 1) and page_size (1..100) from
// the query, defaults 1 and 25; false and a message when one is bad.
bool ReadPaging(const std::string& query, int& page, int& page_size, std::string& problem);

}  // namespace loyalty
