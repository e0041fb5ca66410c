#include "security/encoding.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hf::security {
namespace {

std::string text(const Bytes& b) {
  return {b.begin(), b.end()};
}

// RFC 4648 §10 test vectors, shared by the base64url and base32 tests.
struct Vector {
  std::string plain;
  std::string base64url;
  std::string base32;
  std::string hex;
};
const std::vector<Vector> kRfc4648 = {
    {"", "", "", ""},
    {"f", "Zg", "MY======", "66"},
    {"fo", "Zm8", "MZXQ====", "666f"},
    {"foo", "Zm9v", "MZXW6===", "666f6f"},
    {"foob", "Zm9vYg", "MZXW6YQ=", "666f6f62"},
    {"fooba", "Zm9vYmE", "MZXW6YTB", "666f6f6261"},
    {"foobar", "Zm9vYmFy", "MZXW6YTBOI======", "666f6f626172"},
};

TEST(Encoding, MatchesRfc4648Vectors) {
  for (const auto& v : kRfc4648) {
    EXPECT_EQ(base64url_encode(v.plain), v.base64url) << v.plain;
    EXPECT_EQ(base32_encode(as_bytes(v.plain)), v.base32) << v.plain;
    EXPECT_EQ(hex_encode(as_bytes(v.plain)), v.hex) << v.plain;
    auto b64 = base64url_decode(v.base64url);
    ASSERT_TRUE(b64.ok()) << v.base64url;
    EXPECT_EQ(text(*b64), v.plain);
    auto b32 = base32_decode(v.base32);
    ASSERT_TRUE(b32.ok()) << v.base32;
    EXPECT_EQ(text(*b32), v.plain);
    auto hex = hex_decode(v.hex);
    ASSERT_TRUE(hex.ok()) << v.hex;
    EXPECT_EQ(text(*hex), v.plain);
  }
}

TEST(Encoding, Base64UrlUsesUrlAlphabetWithoutPadding) {
  const Bytes bytes = {0xfb, 0xff, 0xfe};
  EXPECT_EQ(base64url_encode(bytes), "-__-");
  const Bytes one = {0xfb};
  EXPECT_EQ(base64url_encode(one), "-w");
}

TEST(Encoding, Base64UrlDecodeRefusesNonCanonicalInput) {
  EXPECT_FALSE(base64url_decode("Zg==").ok());   // padding
  EXPECT_FALSE(base64url_decode("+/+/").ok());   // standard alphabet
  EXPECT_FALSE(base64url_decode("Zm 9v").ok());  // whitespace
  EXPECT_FALSE(base64url_decode("Z").ok());      // impossible length
  EXPECT_FALSE(base64url_decode("Zh").ok());     // non-zero trailing bits ("Zg" is canonical)
  EXPECT_FALSE(base64url_decode(std::string("Zm9v\0", 5)).ok());
}

TEST(Encoding, Base32DecodeAcceptsLowerCaseAndNoPadding) {
  auto decoded = base32_decode("mzxw6ytboi");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(text(*decoded), "foobar");
  EXPECT_EQ(base32_encode(as_bytes("foobar"), Base32Padding::without), "MZXW6YTBOI");
}

TEST(Encoding, Base32DecodeRefusesGarbage) {
  EXPECT_FALSE(base32_decode("MZXW1").ok());  // '1' is not in the alphabet
  EXPECT_FALSE(base32_decode("M").ok());      // impossible length
  EXPECT_FALSE(base32_decode("MZX").ok());    // impossible length
  EXPECT_FALSE(base32_decode("MZ").ok());     // non-zero trailing bits ("MY" is canonical)
}

TEST(Encoding, HexDecodeRefusesGarbage) {
  EXPECT_FALSE(hex_decode("abc").ok());
  EXPECT_FALSE(hex_decode("zz").ok());
  EXPECT_FALSE(hex_decode("0x12").ok());
  auto upper = hex_decode("ABCDEF");
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ(hex_encode(*upper), "abcdef");
}

TEST(Encoding, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(constant_time_equals(std::string_view("secret"), std::string_view("secret")));
  EXPECT_FALSE(constant_time_equals(std::string_view("secret"), std::string_view("secreT")));
  EXPECT_FALSE(constant_time_equals(std::string_view("secret"), std::string_view("secret2")));
  EXPECT_FALSE(constant_time_equals(std::string_view(""), std::string_view("a")));
  EXPECT_TRUE(constant_time_equals(std::string_view(""), std::string_view("")));
}

}  // namespace
}  // namespace hf::security
