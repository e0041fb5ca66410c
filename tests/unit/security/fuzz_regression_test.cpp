// Inputs found by the libFuzzer targets (fuzz/), kept as unit tests so the fix stays fixed. The
// same inputs are in fuzz/corpus/<target>/regression-*.
#include <gtest/gtest.h>

#include <string>

#include "security/encoding.hpp"
#include "security/jwt.hpp"
#include "security/signed_token.hpp"

namespace hf::security {
namespace {

// fuzz_encoding: libsodium 1.0.18 decodes bytes >= 0x80 as if they were alphabet characters.
TEST(FuzzRegression, Base64urlRefusesBytesOutsideTheAlphabet) {
  EXPECT_FALSE(base64url_decode(std::string("00F\xc6", 4)).ok());
  for (int b = 0x80; b <= 0xff; ++b) {
    const std::string text = std::string("AAA") + static_cast<char>(b);
    EXPECT_FALSE(base64url_decode(text).ok()) << "byte " << b;
  }
  for (const char c : std::string("=+/ .\n\t")) EXPECT_FALSE(base64url_decode(std::string("AAA") + c).ok());
  EXPECT_TRUE(base64url_decode("AAA").ok());
}

// The consequence for tokens: no second spelling of a valid QR token is accepted.
TEST(FuzzRegression, SignedTokenRefusesAnotherSpellingOfItsSignature) {
  const auto key = SigningKey::generate();
  const KeyLookup lookup = [&key](std::string_view kid) -> std::optional<PublicKey> {
    if (kid == key.kid()) return key.public_key();
    return std::nullopt;
  };
  const auto token = sign_token(key, as_bytes(R"({"code":"HF-7K3M-9Q2P"})"));
  ASSERT_TRUE(verify_token(token, lookup).ok());
  for (std::size_t at : {token.size() - 1, token.size() - 2, token.find('.', 4) + 1}) {
    for (int b = 0x80; b <= 0xff; ++b) {
      std::string respelled = token;
      respelled[at] = static_cast<char>(b);
      EXPECT_FALSE(verify_token(respelled, lookup).ok()) << "byte " << b << " at " << at;
    }
  }
}

// And for session tokens: the signature segment of a JWT has one spelling only.
TEST(FuzzRegression, JwtRefusesAnotherSpellingOfItsSignature) {
  const Bytes key(jwt::kMinKeyBytes, 0x42);
  jwt::Claims c;
  c.sub = "u1";
  c.role = "doctor";
  c.iss = "healthflow";
  c.aud = "healthflow-api";
  c.iat = 1'800'000'000;
  c.exp = c.iat + 600;
  auto token = jwt::sign(c, key);
  ASSERT_TRUE(token.ok());
  const jwt::Expected expected{"healthflow", "healthflow-api", jwt::TokenType::access};
  ASSERT_TRUE(jwt::verify(*token, key, expected, c.iat + 1).ok());
  for (int b = 0x80; b <= 0xff; ++b) {
    std::string respelled = *token;
    respelled[respelled.size() - 2] = static_cast<char>(b);
    EXPECT_FALSE(jwt::verify(respelled, key, expected, c.iat + 1).ok()) << "byte " << b;
  }
}

}  // namespace
}  // namespace hf::security
