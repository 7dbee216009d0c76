// DeliveryKeys: which keys seal and which open, across a rotation and across
// a restart (a new DeliveryKeys, as a restarted process has).
#include "ascenda/outcome/delivery_keys.h"

#include <gtest/gtest.h>

namespace ascenda {
namespace {

const std::string kKeyA = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
const std::string kKeyB = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=";

SealedValue SealUnder(const std::string& key) {
  DeliveryKeys keys;
  EXPECT_TRUE(keys.Update(key).ok());
  auto sealed = keys.Current()->Seal("code-1234", "redemption-1");
  EXPECT_TRUE(sealed.ok());
  return sealed.value();
}

TEST(DeliveryKeysTest, AfterARestartOnlyConfiguredPreviousKeysOpenOldValues) {
  const SealedValue old_value = SealUnder(kKeyA);

  DeliveryKeys without_previous;
  ASSERT_TRUE(without_previous.Update(kKeyB).ok());
  EXPECT_FALSE(
      without_previous.Current()->Open(old_value.key_id, old_value.blob, "redemption-1").ok());

  DeliveryKeys with_previous;
  ASSERT_TRUE(with_previous.Update(kKeyB, {kKeyA}).ok());
  auto opened = with_previous.Current()->Open(old_value.key_id, old_value.blob, "redemption-1");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened.value(), "code-1234");
  // New values are sealed with the current key, never a previous one.
  auto fresh = with_previous.Current()->Seal("code-5678", "redemption-2");
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE(fresh->key_id, old_value.key_id);
  EXPECT_EQ(fresh->key_id, with_previous.Current()->current_key_id());
}

TEST(DeliveryKeysTest, AKeyReplacedWhileRunningStillOpens) {
  DeliveryKeys keys;
  ASSERT_TRUE(keys.Update(kKeyA).ok());
  auto sealed = keys.Current()->Seal("pin-9", "redemption-3");
  ASSERT_TRUE(sealed.ok());
  ASSERT_TRUE(keys.Update(kKeyB).ok());
  auto opened = keys.Current()->Open(sealed->key_id, sealed->blob, "redemption-3");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened.value(), "pin-9");
}

TEST(DeliveryKeysTest, CurrentKeyListedAsPreviousIsHarmless) {
  DeliveryKeys keys;
  EXPECT_TRUE(keys.Update(kKeyA, {kKeyA, kKeyB}).ok());
  ASSERT_NE(keys.Current(), nullptr);
  EXPECT_TRUE(keys.Update("").ok());
  EXPECT_EQ(keys.Current(), nullptr);
  EXPECT_FALSE(keys.Update("c2hvcnQ=").ok());
  EXPECT_EQ(keys.Current(), nullptr);
}

}  // namespace
}  // namespace ascenda
