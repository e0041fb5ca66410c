#include "security/random.hpp"

#include <gtest/gtest.h>

#include <regex>
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

TEST(Random, UuidIsVersion4LowerCaseHyphenated) {
  const std::regex shape("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto id = uuid_v4();
    EXPECT_TRUE(std::regex_match(id, shape)) << id;
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
