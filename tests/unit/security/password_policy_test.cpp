#include "security/password_policy.hpp"

#include <gtest/gtest.h>

#include <string>

#include "security/utf8.hpp"

namespace hf::security {
namespace {

std::string repeat(std::string_view unit, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

const BreachedPasswords& shipped_list() {
  static const BreachedPasswords list = [] {
    auto loaded = BreachedPasswords::load(std::string(HF_SOURCE_DIR) + "/data/common-passwords.txt");
    EXPECT_TRUE(loaded.ok());
    return loaded.ok() ? std::move(loaded).value() : BreachedPasswords{};
  }();
  return list;
}

const BreachedPasswords kNone;

TEST(Utf8, CountsCodePointsNotBytes) {
  EXPECT_EQ(utf8_code_points(""), 0U);
  EXPECT_EQ(utf8_code_points("abc"), 3U);
  EXPECT_EQ(utf8_code_points("\xC3\xA9"), 1U);                  // é
  EXPECT_EQ(utf8_code_points("\xD9\x85\xD8\xB5\xD8\xB1"), 3U);  // مصر
  EXPECT_EQ(utf8_code_points("\xF0\x9F\x94\x92"), 1U);          // U+1F512
}

TEST(Utf8, RefusesMalformedSequences) {
  EXPECT_FALSE(utf8_code_points("\xC3").has_value());              // truncated
  EXPECT_FALSE(utf8_code_points("\x80").has_value());              // lone continuation
  EXPECT_FALSE(utf8_code_points("\xC0\xAF").has_value());          // overlong '/'
  EXPECT_FALSE(utf8_code_points("\xE0\x80\xAF").has_value());      // overlong '/'
  EXPECT_FALSE(utf8_code_points("\xED\xA0\x80").has_value());      // surrogate U+D800
  EXPECT_FALSE(utf8_code_points("\xF4\x90\x80\x80").has_value());  // above U+10FFFF
  EXPECT_FALSE(utf8_code_points("\xFF").has_value());
}

TEST(PasswordPolicy, PasswordOf11CodePointsRefused) {
  const auto status = check_password_policy("mbrxw-tqnzk", kNone);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::rule_broken);
  ASSERT_EQ(status.error().fields.size(), 1U);
  EXPECT_EQ(status.error().fields[0].field, "password");
}

TEST(PasswordPolicy, PasswordOf12AsciiCodePointsAccepted) {
  EXPECT_TRUE(check_password_policy("mbrxw-tqnzkp", kNone).ok());
}

TEST(PasswordPolicy, PasswordOf12AccentedCodePointsAccepted) {
  // 12 code points but 24 bytes: counted in characters, so accepted; 11 of them are refused.
  EXPECT_TRUE(check_password_policy(repeat("\xC3\xA9", 12), kNone).ok());
  EXPECT_FALSE(check_password_policy(repeat("\xC3\xA9", 11), kNone).ok());
}

TEST(PasswordPolicy, ArabicAndEmojiPasswordsAccepted) {
  EXPECT_TRUE(check_password_policy(repeat("\xD9\x85\xD8\xB5\xD8\xB1 ", 3), kNone).ok());  // "مصر " x3
  EXPECT_TRUE(check_password_policy(repeat("\xF0\x9F\x94\x92", 12), kNone).ok());          // 12 x U+1F512
}

TEST(PasswordPolicy, PasswordOf128CodePointsAccepted) {
  EXPECT_TRUE(check_password_policy(repeat("\xE2\x82\xAC", 128), kNone).ok());      // 128 x € (384 bytes)
  EXPECT_TRUE(check_password_policy(repeat("\xF0\x9F\x94\x92", 128), kNone).ok());  // 512 bytes
}

TEST(PasswordPolicy, PasswordOf129CodePointsRefused) {
  EXPECT_FALSE(check_password_policy(repeat("a", 129), kNone).ok());
  EXPECT_FALSE(check_password_policy(repeat("\xC3\xA9", 129), kNone).ok());
  EXPECT_FALSE(check_password_policy(repeat("a", 1'000'000), kNone).ok());
}

TEST(PasswordPolicy, InvalidUtf8Refused) {
  EXPECT_FALSE(check_password_policy("abcdefghijk\xC3", kNone).ok());
  EXPECT_FALSE(check_password_policy("abcdefghijkl\xC0\xAF", kNone).ok());
}

TEST(PasswordPolicy, NoCompositionRules) {
  // All lower-case letters, no digit, no symbol: fine as long as it is long and not breached.
  EXPECT_TRUE(check_password_policy("correct horse battery", shipped_list()).ok());
  EXPECT_TRUE(check_password_policy("zebraquiltmango", shipped_list()).ok());
}

TEST(PasswordPolicy, BreachedPasswordRefused) {
  for (const char* password :
       {"123456789012", "qwertyuiop123", "password1234", "iloveyou1234", "1q2w3e4r5t6y", "football1234"}) {
    const auto status = check_password_policy(password, shipped_list());
    EXPECT_FALSE(status.ok()) << password;
  }
}

TEST(PasswordPolicy, BreachedPasswordComparedCaseInsensitively) {
  EXPECT_FALSE(check_password_policy("PassWord1234", shipped_list()).ok());
  EXPECT_FALSE(check_password_policy("QWERTYUIOP123", shipped_list()).ok());
}

TEST(PasswordPolicy, ErrorNeverRepeatsThePassword) {
  const auto status = check_password_policy("password1234", shipped_list());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message.find("password1234"), std::string::npos);
  for (const auto& field : status.error().fields) EXPECT_EQ(field.message.find("password1234"), std::string::npos);
}

TEST(BreachedPasswords, ShippedListHasSeveralHundredEntries) {
  EXPECT_GE(shipped_list().size(), 300U);
  EXPECT_TRUE(shipped_list().contains("123456"));
  EXPECT_TRUE(shipped_list().contains("Password"));
  EXPECT_FALSE(shipped_list().contains("zebraquiltmango"));
}

TEST(BreachedPasswords, LoadOfMissingFileFails) {
  const auto loaded = BreachedPasswords::load("/nonexistent/common-passwords.txt");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().kind, ErrorKind::unavailable);
}

}  // namespace
}  // namespace hf::security
