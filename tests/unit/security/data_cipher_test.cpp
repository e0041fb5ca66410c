#include "security/data_cipher.hpp"

#include <gtest/gtest.h>

#include <string>

#include "security/encoding.hpp"
#include "security/random.hpp"

namespace hf::security {
namespace {

std::string fresh_key() {
  return base64url_encode(random_bytes(32));
}

TEST(DataCipher, SealsAndOpensWithTheColumnAsAssociatedData) {
  auto c = DataCipher::create(fresh_key(), {});
  ASSERT_TRUE(c);
  auto sealed = c->seal("patients.phone", "+201001234567");
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed->find("201001234567"), std::string::npos);
  EXPECT_TRUE(DataCipher::looks_sealed(*sealed));
  EXPECT_TRUE(c->sealed_with_current(*sealed));
  EXPECT_EQ(c->open("patients.phone", *sealed).value(), "+201001234567");
  // Another column's value does not open here, and two seals of one value differ (random nonce).
  EXPECT_FALSE(c->open("users.phone", *sealed));
  EXPECT_NE(*sealed, c->seal("patients.phone", "+201001234567").value());
}

TEST(DataCipher, RefusesAlteredUnsealedAndUnknownKeyValues) {
  auto c = DataCipher::create(fresh_key(), {});
  auto other = DataCipher::create(fresh_key(), {});
  ASSERT_TRUE(c && other);
  auto sealed = c->seal("webhooks.secret", "a webhook secret").value();
  std::string altered = sealed;
  altered.back() = altered.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(c->open("webhooks.secret", altered));
  EXPECT_FALSE(c->open("webhooks.secret", "a webhook secret"));
  EXPECT_FALSE(other->open("webhooks.secret", sealed));
  EXPECT_FALSE(DataCipher().seal("webhooks.secret", "x"));
  EXPECT_FALSE(DataCipher::create("too-short", {}));
}

TEST(DataCipher, PreviousKeysOpenAndMatchDuringARotation) {
  const std::string old_key = fresh_key(), new_key = fresh_key();
  auto before = DataCipher::create(old_key, {}).value();
  auto during = DataCipher::create(new_key, {old_key}).value();
  auto sealed = before.seal("patients.national_id", "29001010100011").value();
  EXPECT_EQ(during.open("patients.national_id", sealed).value(), "29001010100011");
  EXPECT_FALSE(during.sealed_with_current(sealed));
  const auto indexes = during.blind_indexes("patients.national_id", "29001010100011");
  ASSERT_EQ(indexes.size(), 2u);
  EXPECT_EQ(indexes[0], during.blind_index("patients.national_id", "29001010100011").value());
  EXPECT_EQ(indexes[1], before.blind_index("patients.national_id", "29001010100011").value());
  // Deterministic per key and column, different for another value or column.
  EXPECT_NE(indexes[0], during.blind_index("patients.national_id", "29001010100012").value());
  EXPECT_NE(indexes[0], during.blind_index("users.national_id", "29001010100011").value());
}

}  // namespace
}  // namespace hf::security
