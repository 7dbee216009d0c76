#include "ascenda/webhook/webhook_signature.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "ascenda/crypto/hmac_sha256.h"

namespace ascenda {

namespace {

constexpr std::size_t kMaxHeaderBytes = 4096;
constexpr std::size_t kMaxEntries = 32;
constexpr std::size_t kMaxTimestampDigits = 12;  // up to year ~33658
constexpr std::size_t kHexDigestLength = 64;     // SHA-256
constexpr std::int64_t kMaxToleranceSeconds = 1'000'000'000;

struct SignatureHeader {
  std::string t;  // decimal digits exactly as sent: they are what was signed
  std::int64_t t_seconds = 0;
  std::vector<std::string> v1;
};

rewards::Status Refused(const char* error, const std::string& message) {
  return rewards::Status(rewards::StatusCode::kUnauthenticated, error,
                         "webhook signature: " + message);
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLowerHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); }
bool IsKeyChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

template <typename Pred>
bool All(const std::string& text, Pred pred) {
  for (char c : text) {
    if (!pred(c)) return false;
  }
  return true;
}

// Blanks only (space and tab, RFC 9110's OWS), on purpose: a CR, LF or other
// control character in the header is not padding but a malformed header, and
// stays in to be refused. Not the host's or a general-purpose trim.
std::string Trim(const std::string& text) {
  std::size_t begin = 0, end = text.size();
  while (begin < end && IsBlank(text[begin])) ++begin;
  while (end > begin && IsBlank(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

// Reads one "key=value" entry into `out`; "" or the problem.
std::string ReadEntry(const std::string& entry, SignatureHeader* out, bool* seen_t) {
  const std::size_t equals = entry.find('=');
  if (entry.empty()) return "empty entry";
  if (equals == std::string::npos) return "entry without '='";
  const std::string key = entry.substr(0, equals);
  const std::string value = entry.substr(equals + 1);
  if (key.empty() || !All(key, IsKeyChar)) return "bad entry key";
  if (key == "t") {
    if (*seen_t) return "more than one t";
    if (value.empty() || value.size() > kMaxTimestampDigits || !All(value, IsDigit)) {
      return "t is not a unix time in seconds";
    }
    *seen_t = true;
    out->t = value;
    out->t_seconds = std::stoll(value);  // at most 12 digits: cannot overflow
  } else if (key == "v1") {
    if (value.size() != kHexDigestLength || !All(value, IsLowerHex)) {
      return "v1 is not 64 lowercase hex digits";
    }
    out->v1.push_back(value);
  }
  return "";  // other schemes are ignored
}

std::string ParseHeader(const std::string& header, SignatureHeader* out) {
  if (header.size() > kMaxHeaderBytes) return "header too long";
  bool seen_t = false;
  std::size_t entries = 0;
  std::size_t begin = 0;
  while (true) {
    if (++entries > kMaxEntries) return "too many entries";
    std::size_t comma = header.find(',', begin);
    if (comma == std::string::npos) comma = header.size();
    std::size_t start = begin;
    if (begin > 0) {
      while (start < comma && IsBlank(header[start])) ++start;  // after a comma
    }
    std::string problem = ReadEntry(header.substr(start, comma - start), out, &seen_t);
    if (!problem.empty()) return problem;
    if (comma == header.size()) break;
    begin = comma + 1;
  }
  if (!seen_t) return "no t";
  if (out->v1.empty()) return "no v1";
  return "";
}

// |now - t| <= tolerance, exactly: `now` keeps its sub-second part.
bool WithinTolerance(std::int64_t t, std::chrono::system_clock::time_point now,
                     std::chrono::seconds tolerance) {
  using std::chrono::seconds;
  using Duration = std::chrono::system_clock::duration;
  const Duration since_epoch = now.time_since_epoch();
  const seconds now_s = std::chrono::floor<seconds>(since_epoch);
  const Duration fraction = since_epoch - now_s;  // in [0, 1 s)
  const std::int64_t diff_s = now_s.count() - t;  // both far from overflow
  // Clamped so that it fits the clock's nanoseconds below.
  const std::int64_t tolerance_s =
      std::clamp<std::int64_t>(tolerance.count(), 0, kMaxToleranceSeconds);
  if (diff_s > tolerance_s || diff_s < -tolerance_s - 1) return false;
  // Now small enough for the clock's own duration type.
  const Duration diff = seconds(diff_s) + fraction;
  const Duration limit = seconds(tolerance_s);
  return diff <= limit && -diff <= limit;
}

std::string Hex(const unsigned char* bytes, std::size_t length) {
  static const char kDigits[] = "0123456789abcdef";
  std::string hex(length * 2, '0');
  for (std::size_t i = 0; i < length; ++i) {
    hex[2 * i] = kDigits[bytes[i] >> 4];
    hex[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
  return hex;
}

// Lowercase hex HMAC-SHA256 of the parts, in order; "" only if OpenSSL fails.
std::string HmacHex(const std::string& key, std::initializer_list<std::string_view> message) {
  Sha256Digest digest;
  if (!HmacSha256(key, message, &digest)) return "";
  return Hex(digest.data(), digest.size());
}

}  // namespace

rewards::Status VerifyWebhookSignature(const std::string& header_value, const std::string& raw_body,
                                       const std::vector<std::string>& secrets,
                                       std::chrono::system_clock::time_point now,
                                       std::chrono::seconds tolerance) {
  const std::string header = Trim(header_value);
  if (header.empty()) return Refused("missing_signature", "no X-Ascenda-Signature header");
  SignatureHeader parsed;
  const std::string problem = ParseHeader(header, &parsed);
  if (!problem.empty()) return Refused("malformed_signature", problem);
  if (!WithinTolerance(parsed.t_seconds, now, tolerance)) {
    return Refused("stale_signature", "timestamp outside the tolerance");
  }
  bool usable_secret = false;
  int matches = 0;
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    const std::string expected = HmacHex(secret, {parsed.t, ".", raw_body});
    if (expected.size() != kHexDigestLength) return rewards::Internal("HMAC-SHA256 failed");
    usable_secret = true;
    for (const std::string& candidate : parsed.v1) {
      // Both are kHexDigestLength long (the parser checked every v1).
      matches += CRYPTO_memcmp(expected.data(), candidate.data(), kHexDigestLength) == 0;
    }
  }
  if (!usable_secret) return Refused("bad_signature", "no webhook secret is configured");
  if (matches == 0) return Refused("bad_signature", "no v1 matches a current secret");
  return rewards::Status::Ok();
}

std::string WebhookSignatureHex(const std::string& secret, std::int64_t t,
                                const std::string& body) {
  return HmacHex(secret, {std::to_string(t), ".", body});
}

std::string SignWebhook(const std::string& secret, std::int64_t t, const std::string& body) {
  return "t=" + std::to_string(t) + ",v1=" + WebhookSignatureHex(secret, t, body);
}

}  // namespace ascenda
