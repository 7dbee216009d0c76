// Delivery data at rest: AES-256-GCM seals and opens exactly (known answers
// from NIST / an independent implementation), any change to the nonce,
// ciphertext, tag, key or associated data is refused as a value, keys rotate,
// and the payload JSON round-trips.
#include "ascenda/crypto/delivery_cipher.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <gtest/gtest.h>

#include <cstring>
#include <iterator>
#include <sstream>
#include <string>

#include "ascenda/crypto/delivery_payload.h"

namespace ascenda {
namespace {

const char kZeroKey[] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";  // 32 x 00
const char kKeyA[] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";     // 00 01 .. 1f
const char kKeyB[] = "paWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaU=";     // 32 x a5
const char kKeyAId[] = "630dcd29";
const char kKeyBId[] = "fc8b6400";
const char kPayload[] = R"({"code":"CODE-ABCD-1234","pin":"9876","url":null,"expires_at":null})";

// Nonces 00 01 02 ... (or a failure), so sealed values are known exactly.
class FixedRandom : public RandomSource {
 public:
  bool fail = false;
  bool Fill(unsigned char* out, std::size_t size) noexcept override {
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<unsigned char>(i);
    return !fail;
  }
};

std::string Decode(const std::string& text) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in);
  return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
}

std::string Encode(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << bytes;
  encoder.close();
  return out.str();
}

DeliveryKeyring Ring(const std::string& current, const std::vector<std::string>& older = {}) {
  auto ring = DeliveryKeyring::FromBase64(current, older);
  EXPECT_TRUE(ring.ok()) << ring.status().ToString();
  return std::move(ring).value();
}

void ExpectUnreadable(const rewards::Result<std::string>& opened) {
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), rewards::StatusCode::kFailedPrecondition);
  EXPECT_EQ(opened.status().error(), "delivery_unreadable");
}

class DeliveryCipherTest : public ::testing::Test {
 protected:
  FixedRandom fixed_;
  OpenSslRandom random_;
};

TEST_F(DeliveryCipherTest, KeyIdIsTheStartOfTheKeysSha256) {
  EXPECT_EQ(DeliveryKeyring::KeyIdOf(std::string(32, '\0')), "66687aad");
  EXPECT_EQ(Ring(kKeyA).current_key_id(), kKeyAId);
  EXPECT_EQ(Ring(kKeyB).current_key_id(), kKeyBId);
}

TEST_F(DeliveryCipherTest, SealsTheNistKnownAnswer) {
  // McGrew & Viega GCM test case 14: zero key, zero IV, 16 zero bytes.
  class ZeroRandom : public RandomSource {
   public:
    bool Fill(unsigned char* out, std::size_t size) noexcept override {
      std::memset(out, 0, size);
      return true;
    }
  } zero;
  DeliveryCipher zero_nonce(Ring(kZeroKey), &zero);
  auto sealed = zero_nonce.Seal(std::string(16, '\0'), "");
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_EQ(sealed->key_id, "66687aad");
  EXPECT_EQ(sealed->blob, "AAAAAAAAAAAAAAAAzqdAPU1ga24HTsXTuvOdGNDRyKeZmWvwJluYtdSKuRk=");
}

TEST_F(DeliveryCipherTest, SealsWithAssociatedDataExactly) {
  // Expected from Python's cryptography AESGCM with the same key and nonce.
  DeliveryCipher cipher(Ring(kKeyA), &fixed_);
  auto sealed = cipher.Seal(kPayload, "rdm-0001");
  ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
  EXPECT_EQ(sealed->key_id, kKeyAId);
  EXPECT_EQ(sealed->blob,
            "AAECAwQFBgcICQoLPCC1dKGA4CGvAtjP9MQ5L8CSqgXCSGteFEWV7HNLOpA4KJnKje0w7QbIXdfm8kRU"
            "wnsF9Sq/0b9MyEttOtmbm5xQu80WTydbkBnu1VCy/EArHiY=");
  auto opened = cipher.Open(sealed->key_id, sealed->blob, "rdm-0001");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened.value(), kPayload);
}

TEST_F(DeliveryCipherTest, RoundTripsWithRandomNonces) {
  DeliveryCipher cipher(Ring(kKeyA), &random_);
  auto first = cipher.Seal(kPayload, "rdm-1");
  auto second = cipher.Seal(kPayload, "rdm-1");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->blob, second->blob);
  EXPECT_EQ(Decode(first->blob).size(), 12 + std::strlen(kPayload) + 16);
  for (const auto* sealed : {&first.value(), &second.value()}) {
    auto opened = cipher.Open(sealed->key_id, sealed->blob, "rdm-1");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(opened.value(), kPayload);
  }
}

TEST_F(DeliveryCipherTest, PlaintextIsNotInTheBlob) {
  DeliveryCipher cipher(Ring(kKeyA), &random_);
  auto sealed = cipher.Seal(kPayload, "rdm-1");
  ASSERT_TRUE(sealed.ok());
  const std::string raw = Decode(sealed->blob);
  for (const char* secret : {"CODE-ABCD-1234", "ABCD", "9876"}) {
    EXPECT_EQ(sealed->blob.find(secret), std::string::npos);
    EXPECT_EQ(raw.find(secret), std::string::npos);
    EXPECT_EQ(sealed->blob.find(Encode(secret).substr(0, 8)), std::string::npos);
  }
}

TEST_F(DeliveryCipherTest, TamperingWithAnyRegionIsRefused) {
  DeliveryCipher cipher(Ring(kKeyA), &fixed_);
  auto sealed = cipher.Seal(kPayload, "rdm-1");
  ASSERT_TRUE(sealed.ok());
  const std::string raw = Decode(sealed->blob);
  const std::size_t size = raw.size();
  // nonce, first / last ciphertext byte, first / last tag byte.
  for (std::size_t at :
       {std::size_t{0}, std::size_t{11}, std::size_t{12}, size - 17, size - 16, size - 1}) {
    std::string tampered = raw;
    tampered[at] = static_cast<char>(tampered[at] ^ 0x80);
    ExpectUnreadable(cipher.Open(kKeyAId, Encode(tampered), "rdm-1"));
  }
  ExpectUnreadable(cipher.Open(kKeyAId, Encode(raw.substr(0, size - 1)), "rdm-1"));
  ExpectUnreadable(cipher.Open(kKeyAId, Encode(raw + "x"), "rdm-1"));
  ExpectUnreadable(cipher.Open(kKeyAId, Encode(raw.substr(0, 27)), "rdm-1"));
  ExpectUnreadable(cipher.Open(kKeyAId, "", "rdm-1"));
  ExpectUnreadable(cipher.Open(kKeyAId, "!!!! not base64 ####", "rdm-1"));
}

TEST_F(DeliveryCipherTest, WrongAssociatedDataIsRefused) {
  DeliveryCipher cipher(Ring(kKeyA), &fixed_);
  auto sealed = cipher.Seal(kPayload, "rdm-1");
  ASSERT_TRUE(sealed.ok());
  ExpectUnreadable(cipher.Open(sealed->key_id, sealed->blob, "rdm-2"));
  ExpectUnreadable(cipher.Open(sealed->key_id, sealed->blob, ""));
  ExpectUnreadable(cipher.Open(sealed->key_id, sealed->blob, "rdm-1 "));
}

TEST_F(DeliveryCipherTest, WrongKeyIsRefused) {
  DeliveryCipher a(Ring(kKeyA), &fixed_);
  DeliveryCipher b(Ring(kKeyB), &fixed_);
  auto sealed = a.Seal(kPayload, "rdm-1");
  ASSERT_TRUE(sealed.ok());
  auto unknown = b.Open(sealed->key_id, sealed->blob, "rdm-1");
  ExpectUnreadable(unknown);
  EXPECT_EQ(unknown.status().message(), "delivery data: no data key with id \"630dcd29\"");
  // Claiming b's key id does not help: GCM authentication fails.
  ExpectUnreadable(b.Open(kKeyBId, sealed->blob, "rdm-1"));
}

TEST_F(DeliveryCipherTest, OldKeysStillOpenAfterARotation) {
  DeliveryCipher before(Ring(kKeyA), &random_);
  auto old_value = before.Seal(kPayload, "rdm-1");
  ASSERT_TRUE(old_value.ok());

  DeliveryCipher after(Ring(kKeyB, {kKeyA}), &random_);
  EXPECT_EQ(after.current_key_id(), kKeyBId);
  auto opened_old = after.Open(old_value->key_id, old_value->blob, "rdm-1");
  ASSERT_TRUE(opened_old.ok()) << opened_old.status().ToString();
  EXPECT_EQ(opened_old.value(), kPayload);

  auto new_value = after.Seal("new", "rdm-2");
  ASSERT_TRUE(new_value.ok());
  EXPECT_EQ(new_value->key_id, kKeyBId);
  auto opened_new = after.Open(new_value->key_id, new_value->blob, "rdm-2");
  ASSERT_TRUE(opened_new.ok());
  EXPECT_EQ(opened_new.value(), "new");
  ExpectUnreadable(before.Open(new_value->key_id, new_value->blob, "rdm-2"));
}

TEST_F(DeliveryCipherTest, EmptyAndHugePlaintexts) {
  DeliveryCipher cipher(Ring(kKeyA), &random_);
  auto empty = cipher.Seal("", "rdm-1");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(Decode(empty->blob).size(), 28u);
  auto opened_empty = cipher.Open(empty->key_id, empty->blob, "rdm-1");
  ASSERT_TRUE(opened_empty.ok());
  EXPECT_EQ(opened_empty.value(), "");

  std::string huge(8 << 20, '\0');
  for (std::size_t i = 0; i < huge.size(); ++i) huge[i] = static_cast<char>(i * 131 % 251);
  auto sealed = cipher.Seal(huge, "rdm-1");
  ASSERT_TRUE(sealed.ok());
  auto opened = cipher.Open(sealed->key_id, sealed->blob, "rdm-1");
  ASSERT_TRUE(opened.ok());
  EXPECT_TRUE(opened.value() == huge);
}

TEST_F(DeliveryCipherTest, RandomFailureIsAnErrorValue) {
  DeliveryCipher cipher(Ring(kKeyA), &fixed_);
  fixed_.fail = true;
  auto sealed = cipher.Seal(kPayload, "rdm-1");
  ASSERT_FALSE(sealed.ok());
  EXPECT_EQ(sealed.status().code(), rewards::StatusCode::kInternal);
}

TEST_F(DeliveryCipherTest, BadKeysAreRefusedWithoutQuotingThem) {
  const std::string short_key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==";  // 31 bytes
  const std::string long_key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g";   // 33 bytes
  for (const std::string& key :
       {std::string(""), std::string("not base64!"), short_key, long_key}) {
    auto ring = DeliveryKeyring::FromBase64(key);
    ASSERT_FALSE(ring.ok()) << key;
    EXPECT_EQ(ring.status().code(), rewards::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ring.status().error(), "bad_data_key");
    EXPECT_EQ(ring.status().message(), "the current data key is not base64 of exactly 32 bytes");
  }
  auto older = DeliveryKeyring::FromBase64(kKeyA, {kKeyB, short_key});
  ASSERT_FALSE(older.ok());
  EXPECT_EQ(older.status().message(), "older data key #2 is not base64 of exactly 32 bytes");
  // The same key twice is harmless.
  auto twice = DeliveryKeyring::FromBase64(kKeyA, {kKeyA});
  ASSERT_TRUE(twice.ok());
  EXPECT_NE(twice->Find(kKeyAId), nullptr);
  EXPECT_EQ(twice->Find(kKeyBId), nullptr);
}

TEST(DeliveryPayloadTest, SerializesEveryFieldExactly) {
  rewards::DeliveryData data;
  data.code = "CODE-1";
  data.url = "https://cards.example/c";
  EXPECT_EQ(SerializeDelivery(data),
            R"({"code":"CODE-1","pin":null,"url":"https://cards.example/c","expires_at":null})");
  EXPECT_EQ(SerializeDelivery(rewards::DeliveryData{}),
            R"({"code":null,"pin":null,"url":null,"expires_at":null})");
}

TEST(DeliveryPayloadTest, RoundTripsAwkwardText) {
  rewards::DeliveryData data;
  data.code = "A\"B\\C\n\t\x01 Zoë ☃ 𝄞";
  data.pin = "";
  data.url = "https://x.example/?a=1&b=<2>";
  data.expires_at = "2027-11-26T00:00:00Z";
  auto parsed = ParseDelivery(SerializeDelivery(data));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->code, data.code);
  EXPECT_EQ(parsed->pin, data.pin);
  EXPECT_EQ(parsed->url, data.url);
  EXPECT_EQ(parsed->expires_at, data.expires_at);
}

TEST(DeliveryPayloadTest, MissingAndUnknownKeysAreTolerated) {
  auto parsed = ParseDelivery(R"({"pin":"1234","barcode":{"kind":"qr"}})");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->code, std::nullopt);
  EXPECT_EQ(parsed->pin, "1234");
  EXPECT_EQ(parsed->url, std::nullopt);
}

TEST(DeliveryPayloadTest, BadPayloadIsUnreadableWithoutQuotingIt) {
  for (const std::string& payload :
       {std::string(""), std::string(R"({"code":"SECRET-1")"), std::string(R"(["SECRET-1"])"),
        std::string(R"({"code":"SECRET-1","pin":1234})"), std::string("null")}) {
    auto parsed = ParseDelivery(payload);
    ASSERT_FALSE(parsed.ok()) << payload;
    EXPECT_EQ(parsed.status().code(), rewards::StatusCode::kFailedPrecondition);
    EXPECT_EQ(parsed.status().error(), "delivery_unreadable");
    EXPECT_EQ(parsed.status().ToString().find("SECRET"), std::string::npos);
    EXPECT_EQ(parsed.status().ToString().find("1234"), std::string::npos);
  }
}

}  // namespace
}  // namespace ascenda
