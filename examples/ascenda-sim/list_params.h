// Query parameters of the list endpoints (docs/ascenda-api.md §3, §5, §7): paging,
// sorting and the gift card filters. Unknown parameters are ignored.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "api_error.h"
#include "catalogue_store.h"

namespace ascenda_sim {

using QueryMap = std::map<std::string, std::string>;

// Decodes the query string of `uri` (last value wins for repeated keys).
QueryMap ParseQuery(const std::string& uri);

// page >= 1 (default 1); page_size 1..100 (default 25). A non-integer is
// AF2001, an out-of-range integer NN1001.
std::optional<ApiError> ParsePaging(const QueryMap& query, int& page, int& page_size);

// Paging plus sort (name:asc | name:desc), currency, name and categories.
std::optional<ApiError> ParseCardQuery(const QueryMap& query, CardQuery& out);

}  // namespace ascenda_sim
