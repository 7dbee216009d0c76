// The plugin's own base64 and HMAC-SHA256 (ascenda/crypto/base64.h,
// hmac_sha256.h) against references: RFC 4648's and RFC 4231's test
// vectors, and Poco's encoder and decoder and OpenSSL's one-shot HMAC() on
// generated inputs — so sealed values stored by earlier builds (Poco's
// encoder) still open, and signatures are the ones Ascenda computes.
#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "ascenda/crypto/base64.h"
#include "ascenda/crypto/hmac_sha256.h"

namespace ascenda {
namespace {

std::string PocoEncode(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  encoder.close();
  return out.str();
}

// What Poco's decoder makes of `text`; false where it fails (Poco's decoder
// throws inside the stream's read(), which sets badbit).
bool PocoDecode(const std::string& text, std::string* out) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in);
  out->clear();
  Poco::StreamCopier::copyToString(decoder, *out);
  return !decoder.bad();
}

std::string RandomBytes(std::mt19937& rng, std::size_t size) {
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(rng() & 0xff);
  return bytes;
}

std::string Hex(const Sha256Digest& d) {
  static const char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : d) {
    hex += kDigits[b >> 4];
    hex += kDigits[b & 0xf];
  }
  return hex;
}

std::string OpenSslHmacHex(const std::string& key, const std::string& message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  Sha256Digest d{};
  for (unsigned int i = 0; i < length && i < d.size(); ++i) d[i] = digest[i];
  return Hex(d);
}

TEST(Base64Test, Rfc4648Vectors) {
  const std::vector<std::pair<std::string, std::string>> vectors = {{"", ""},
                                                                    {"f", "Zg=="},
                                                                    {"fo", "Zm8="},
                                                                    {"foo", "Zm9v"},
                                                                    {"foob", "Zm9vYg=="},
                                                                    {"fooba", "Zm9vYmE="},
                                                                    {"foobar", "Zm9vYmFy"}};
  for (const auto& [bytes, text] : vectors) {
    EXPECT_EQ(EncodeBase64(bytes), text);
    std::string decoded = "left over";
    ASSERT_TRUE(DecodeBase64(text, &decoded)) << text;
    EXPECT_EQ(decoded, bytes);
  }
}

TEST(Base64Test, EncodesAndDecodesAsPocoDoesOnGeneratedBytes) {
  std::mt19937 rng(20261207);
  for (std::size_t size = 0; size < 600; ++size) {
    const std::string bytes = RandomBytes(rng, size);
    const std::string text = EncodeBase64(bytes);
    ASSERT_EQ(text, PocoEncode(bytes)) << "size " << size;
    std::string decoded;
    ASSERT_TRUE(DecodeBase64(text, &decoded));
    ASSERT_EQ(decoded, bytes) << "size " << size;
  }
}

TEST(Base64Test, AnythingElseIsDecodedAsPocoDecodesIt) {
  const std::vector<std::string> texts = {"Zm9v\n",
                                          " Zm9vYmFy",
                                          "Zm9v\r\nYmFy",
                                          "Zm9vYg",
                                          "Zm9vYmE",
                                          "Zg=",
                                          "Z===",
                                          "Zm9v====",
                                          "Zm=v",
                                          "Zg==Zg==",
                                          "!!!! not base64 ####",
                                          "Zm9v*mFy",
                                          "QR==",
                                          "QUI=",
                                          "=",
                                          "====",
                                          "Zm9vYmFy\t",
                                          std::string("Zm9v\0YmFy", 9),
                                          "\xc3\xa9\xc3\xa9",
                                          "-_-_"};
  for (const std::string& text : texts) {
    std::string ours = "x";
    std::string poco = "y";
    const bool ours_ok = DecodeBase64(text, &ours);
    const bool poco_ok = PocoDecode(text, &poco);
    EXPECT_EQ(ours_ok, poco_ok) << "text: " << text;
    if (ours_ok && poco_ok) {
      EXPECT_EQ(ours, poco) << "text: " << text;
    }
  }
  // Generated: every canonical text with one character replaced.
  std::mt19937 rng(7);
  const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \n\t-_*\x80";
  for (int round = 0; round < 3000; ++round) {
    std::string text = EncodeBase64(RandomBytes(rng, rng() % 40));
    if (!text.empty()) text[rng() % text.size()] = alphabet[rng() % alphabet.size()];
    std::string ours;
    std::string poco;
    const bool ours_ok = DecodeBase64(text, &ours);
    ASSERT_EQ(ours_ok, PocoDecode(text, &poco)) << "text: " << text;
    if (ours_ok) {
      ASSERT_EQ(ours, poco) << "text: " << text;
    }
  }
}

TEST(HmacSha256Test, Rfc4231Vectors) {
  struct Vector {
    std::string key;
    std::string data;
    std::string hex;
  };
  const std::vector<Vector> vectors = {
      {std::string(20, '\x0b'), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"Jefe", "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {std::string(20, '\xaa'), std::string(50, '\xdd'),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {std::string(131, '\xaa'),
       "This is a test using a larger than block-size key and a larger than block-size data. "
       "The key needs to be hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
  for (const Vector& v : vectors) {
    Sha256Digest d{};
    ASSERT_TRUE(HmacSha256(v.key, {v.data}, &d));
    EXPECT_EQ(Hex(d), v.hex);
  }
}

TEST(HmacSha256Test, MatchesOpenSslOnGeneratedKeysAndParts) {
  std::mt19937 rng(42);
  for (int round = 0; round < 500; ++round) {
    // Keys around the 64-byte block, messages split into three parts.
    const std::string key = RandomBytes(rng, rng() % 140);
    const std::string a = RandomBytes(rng, rng() % 20);
    const std::string b = RandomBytes(rng, rng() % 3);
    const std::string c = RandomBytes(rng, rng() % 3000);
    Sha256Digest d{};
    ASSERT_TRUE(HmacSha256(key, {a, b, c}, &d));
    ASSERT_EQ(Hex(d), OpenSslHmacHex(key, a + b + c)) << "key size " << key.size();
  }
}

}  // namespace
}  // namespace ascenda
