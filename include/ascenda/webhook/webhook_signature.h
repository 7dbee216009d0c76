// Webhook signature: checks X-Ascenda-Signature (docs/ascenda-api.md §9).
//
// Header: "t=<unix seconds>,v1=<hex>[,v1=<hex>...]" where each hex is the
// lowercase hex HMAC-SHA256(secret, "<t>." + raw body bytes). Several v1
// entries appear while Ascenda rotates its secret; several secrets are
// configured while we rotate ours. The body verifies when any v1 equals the
// HMAC under any current secret.
//
// Parsing is strict: entries are "key=value" separated by commas, with
// optional spaces or tabs after a comma (and around the whole header);
// exactly one t (1 to 12 decimal digits); every v1 exactly 64 lowercase hex
// digits; at least one v1; entries with other keys ([A-Za-z0-9_-]+) are
// ignored; at most 4 KiB and 32 entries.
// Order of checks: parse, then the timestamp (|now - t| <= tolerance, exact to
// the sub-second of `now`), then the HMAC — so a replayed old delivery costs
// no HMAC work. Digests are compared with CRYPTO_memcmp over equal lengths,
// against every v1 and every secret (no early exit on a secret's mismatch).
// Empty secrets are ignored (an empty HMAC key would accept forgeries); with
// no usable secret every delivery is refused.
//
// Every refusal is kUnauthenticated (answer 401, store nothing) with error():
//   "missing_signature"    header absent or blank
//   "malformed_signature"  not parseable, or no t, or no v1
//   "stale_signature"      t farther than `tolerance` from `now`
//   "bad_signature"        no v1 matches any secret (or no secret configured)
// Messages never quote the header, a digest or a secret.
//
// Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "rewards/status.h"

namespace ascenda {

rewards::Status VerifyWebhookSignature(const std::string& header_value, const std::string& raw_body,
                                       const std::vector<std::string>& secrets,
                                       std::chrono::system_clock::time_point now,
                                       std::chrono::seconds tolerance);

// Lowercase hex HMAC-SHA256(secret, "<t>." + body): one v1 value.
std::string WebhookSignatureHex(const std::string& secret, std::int64_t t, const std::string& body);

// A complete header value "t=<t>,v1=<hex>" (tests, benchmarks, tools).
std::string SignWebhook(const std::string& secret, std::int64_t t, const std::string& body);

}  // namespace ascenda
