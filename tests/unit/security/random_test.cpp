#include "security/random.hpp"

#include <gtest/gtest.h>

#include <set>

#include "security/encoding.hpp"

namespace hf::security {
namespace {

TEST(Random, BytesHaveRequestedLengthAndDiffer) {
  EXPECT_EQ(random_bytes(0).size(), 0U);
  const auto a = random_bytes(32);
  const auto b = random_bytes(32);
  EXPECT_EQ(a.size(), 32U);
  EXPECT_NE(a, b);
}

// xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx, lower-case hex, V one of 8 9 a b. (No std::regex: GCC 12
// warns inside it under -O2 with the sanitizers, and the build treats warnings as errors.)
bool is_uuid_v4(std::string_view id) {
  if (id.size() != 36) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return id[14] == '4' && std::string_view("89ab").find(id[19]) != std::string_view::npos;
}

TEST(Random, UuidIsVersion4LowerCaseHyphenated) {
  EXPECT_FALSE(is_uuid_v4("0b5f3c1e-8a43-1c1b-9a53-2f6f0c1d2e3f"));  // version 1
  EXPECT_FALSE(is_uuid_v4("0b5f3c1e-8a43-4c1b-7a53-2f6f0c1d2e3f"));  // wrong variant
  EXPECT_FALSE(is_uuid_v4("0B5F3C1E-8A43-4C1B-9A53-2F6F0C1D2E3F"));  // upper case
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto id = uuid_v4();
    EXPECT_TRUE(is_uuid_v4(id)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 200U);
}

TEST(Random, TokenCarriesPrefixAnd256Bits) {
  const auto token = random_token("hfr_");
  ASSERT_EQ(token.rfind("hfr_", 0), 0U);
  auto secret = base64url_decode(std::string_view(token).substr(4));
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(secret->size(), 32U);
  EXPECT_NE(random_token("hfr_"), token);
}

TEST(Digest, Sha256MatchesKnownVectors) {
  EXPECT_EQ(sha256_hex(std::string_view("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex(std::string_view("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// RFC 4231 test case 2 ("Jefe").
TEST(Digest, HmacSha256MatchesRfc4231) {
  EXPECT_EQ(hmac_sha256_hex(as_bytes("Jefe"), as_bytes("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Digest, HmacAcceptsEmptyKeyAndData) {
  // Known value of HMAC-SHA256 with an empty key over an empty message.
  EXPECT_EQ(hmac_sha256_hex({}, {}), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(Digest, WebhookSignatureIsPrefixedHexHmacOfBody) {
  const auto header = webhook_signature("Jefe", "what do ya want for nothing?");
  EXPECT_EQ(header, "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_NE(webhook_signature("Jefe", "what do ya want for nothing!"), header);
}

}  // namespace
}  // namespace hf::security
