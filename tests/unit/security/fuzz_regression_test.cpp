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

// The consequence for tokens: libsodium read every byte >= 0x80 as '_' (63), so each '_' in a
// signature could be re-spelled 128 ways and the token still verified. No second spelling now.
TEST(FuzzRegression, SignedTokenRefusesAnotherSpellingOfItsSignature) {
  const auto key = SigningKey::generate();
  const KeyLookup lookup = [&key](std::string_view kid) -> std::optional<PublicKey> {
    if (kid == key.kid()) return key.public_key();
    return std::nullopt;
  };
  int respelled_positions = 0;
  for (int n = 0; n < 200 && respelled_positions == 0; ++n) {
    const auto token = sign_token(key, as_bytes(R"({"code":"HF-7K3M-9Q2P","n":)" + std::to_string(n) + "}"));
    ASSERT_TRUE(verify_token(token, lookup).ok());
    for (std::size_t at = token.rfind('.') + 1; at < token.size(); ++at) {
      if (token[at] != '_') continue;
      ++respelled_positions;
      for (int b : {0x80, 0xc6, 0xff}) {
        std::string respelled = token;
        respelled[at] = static_cast<char>(b);
        EXPECT_FALSE(verify_token(respelled, lookup).ok()) << "byte " << b << " at " << at;
      }
    }
  }
  EXPECT_GT(respelled_positions, 0);
}

// And for session tokens: the signature segment of a JWT has one spelling only.
TEST(FuzzRegression, JwtRefusesAnotherSpellingOfItsSignature) {
  const Bytes key(jwt::kMinKeyBytes, 0x42);
  const jwt::Expected expected{"healthflow", "healthflow-api", jwt::TokenType::access};
  int respelled_positions = 0;
  for (int n = 0; n < 200 && respelled_positions == 0; ++n) {
    jwt::Claims c;
    c.sub = "u" + std::to_string(n);
    c.role = "doctor";
    c.iss = "healthflow";
    c.aud = "healthflow-api";
    c.iat = 1'800'000'000;
    c.exp = c.iat + 600;
    auto token = jwt::sign(c, key);
    ASSERT_TRUE(token.ok());
    ASSERT_TRUE(jwt::verify(*token, key, expected, c.iat + 1).ok());
    for (std::size_t at = token->rfind('.') + 1; at < token->size(); ++at) {
      if ((*token)[at] != '_') continue;
      ++respelled_positions;
      for (int b : {0x80, 0xc6, 0xff}) {
        std::string respelled = *token;
        respelled[at] = static_cast<char>(b);
        EXPECT_FALSE(jwt::verify(respelled, key, expected, c.iat + 1).ok()) << "byte " << b << " at " << at;
      }
    }
  }
  EXPECT_GT(respelled_positions, 0);
}

}  // namespace
}  // namespace hf::security
