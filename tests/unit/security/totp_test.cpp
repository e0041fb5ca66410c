#include "security/totp.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "security/encoding.hpp"

namespace hf::security {
namespace {

// RFC 6238 Appendix B: the seed is the ASCII string "1234567890" repeated to the hash's size.
const Bytes kSeedSha1 = to_bytes("12345678901234567890");
const Bytes kSeedSha256 = to_bytes("12345678901234567890123456789012");
const Bytes kSeedSha512 = to_bytes("1234567890123456789012345678901234567890123456789012345678901234");

struct Rfc6238Vector {
  std::int64_t time;
  std::int64_t step;
  const char* sha1;
  const char* sha256;
  const char* sha512;
};

const std::vector<Rfc6238Vector> kRfc6238 = {
    {59, 0x1, "94287082", "46119246", "90693936"},
    {1111111109, 0x23523EC, "07081804", "68084774", "25091201"},
    {1111111111, 0x23523ED, "14050471", "67062674", "99943326"},
    {1234567890, 0x273EF07, "89005924", "91819424", "93441116"},
    {2000000000, 0x3F940AA, "69279037", "90698825", "38618901"},
    {20000000000, 0x27BC86AA, "65353130", "77737706", "47863826"},
};

TotpParams eight_digits(HashAlgorithm algorithm) {
  TotpParams params;
  params.algorithm = algorithm;
  params.digits = 8;
  return params;
}

TEST(Totp, TotpMatchesRfc6238Vectors) {
  for (const auto& v : kRfc6238) {
    EXPECT_EQ(totp_step(v.time), v.step) << v.time;
    EXPECT_EQ(totp(kSeedSha1, v.time, eight_digits(HashAlgorithm::sha1)), v.sha1) << v.time;
    EXPECT_EQ(totp(kSeedSha256, v.time, eight_digits(HashAlgorithm::sha256)), v.sha256) << v.time;
    EXPECT_EQ(totp(kSeedSha512, v.time, eight_digits(HashAlgorithm::sha512)), v.sha512) << v.time;
  }
}

TEST(Totp, VerifyAcceptsRfc6238VectorsAndReturnsTheirStep) {
  for (const auto& v : kRfc6238) {
    const auto sha1 = verify_totp(kSeedSha1, v.sha1, v.time, std::nullopt, eight_digits(HashAlgorithm::sha1));
    const auto sha256 = verify_totp(kSeedSha256, v.sha256, v.time, std::nullopt, eight_digits(HashAlgorithm::sha256));
    const auto sha512 = verify_totp(kSeedSha512, v.sha512, v.time, std::nullopt, eight_digits(HashAlgorithm::sha512));
    ASSERT_TRUE(sha1.ok() && sha256.ok() && sha512.ok()) << v.time;
    EXPECT_EQ(*sha1, v.step);
    EXPECT_EQ(*sha256, v.step);
    EXPECT_EQ(*sha512, v.step);
  }
}

TEST(Totp, HotpMatchesRfc4226Vectors) {
  const std::vector<std::string> expected = {"755224", "287082", "359152", "969429", "338314",
                                             "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t counter = 0; counter < expected.size(); ++counter) {
    EXPECT_EQ(hotp(kSeedSha1, counter), expected[counter]) << counter;
  }
}

TEST(Totp, SixDigitCodesAreTheLastSixOfTheEightDigitOnes) {
  // Same truncated value, modulo 10^6: the first RFC 6238 SHA-1 vector as a 6-digit code.
  EXPECT_EQ(totp(kSeedSha1, 59), "287082");
}

TEST(Totp, WindowOfOneStepAccepted) {
  constexpr std::int64_t kNow = 1'767'225'615;  // mid-step
  const std::int64_t step = totp_step(kNow);
  for (const std::int64_t offset : {-1, 0, 1}) {
    const auto code = totp(kSeedSha1, kNow + offset * 30);
    const auto matched = verify_totp(kSeedSha1, code, kNow, std::nullopt);
    ASSERT_TRUE(matched.ok()) << offset;
    EXPECT_EQ(*matched, step + offset);
  }
}

TEST(Totp, WindowOfTwoStepsRefused) {
  constexpr std::int64_t kNow = 1'767'225'615;
  for (const std::int64_t offset : {-2, 2, -3, 3}) {
    const auto code = totp(kSeedSha1, kNow + offset * 30);
    const auto result = verify_totp(kSeedSha1, code, kNow, std::nullopt);
    ASSERT_FALSE(result.ok()) << offset;
    EXPECT_EQ(result.error().kind, ErrorKind::unauthorized);
  }
}

TEST(Totp, CodeIsAcceptedOnceOnly) {
  constexpr std::int64_t kNow = 1'767'225'615;
  const auto code = totp(kSeedSha1, kNow);
  const auto first = verify_totp(kSeedSha1, code, kNow, std::nullopt);
  ASSERT_TRUE(first.ok());
  // The caller stored the step; the same code a few seconds later is refused.
  const auto replay = verify_totp(kSeedSha1, code, kNow + 5, *first);
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.error().kind, ErrorKind::unauthorized);
  // So is the previous step's code (still in the window, but older than the one used).
  EXPECT_FALSE(verify_totp(kSeedSha1, totp(kSeedSha1, kNow - 30), kNow, *first).ok());
  // The next step's code is fine.
  const auto next = verify_totp(kSeedSha1, totp(kSeedSha1, kNow + 30), kNow + 30, *first);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, *first + 1);
}

TEST(Totp, WrongOrMalformedCodesRefused) {
  constexpr std::int64_t kNow = 1'767'225'615;
  std::string code = totp(kSeedSha1, kNow);
  code[5] = code[5] == '9' ? '0' : static_cast<char>(code[5] + 1);
  EXPECT_FALSE(verify_totp(kSeedSha1, code, kNow, std::nullopt).ok());
  for (const char* bad : {"", "12345", "1234567", "12345a", " 12345", "-12345"}) {
    const auto result = verify_totp(kSeedSha1, bad, kNow, std::nullopt);
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_EQ(result.error().kind, ErrorKind::invalid);
  }
  EXPECT_FALSE(verify_totp(to_bytes("another secret 12345"), totp(kSeedSha1, kNow), kNow, std::nullopt).ok());
}

TEST(Totp, GeneratedSecretIs160BitsOfBase32) {
  const auto secret = generate_totp_secret();
  EXPECT_EQ(secret.size(), 32U);
  EXPECT_EQ(secret.find('='), std::string::npos);
  auto decoded = base32_decode(secret);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->size(), kTotpSecretBytes);
  EXPECT_NE(generate_totp_secret(), secret);
}

TEST(Totp, OtpauthUriHasIssuerLabelAndParameters) {
  EXPECT_EQ(otpauth_uri("dr.amal", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/HealthFlow:dr.amal?secret=JBSWY3DPEHPK3PXP&issuer=HealthFlow&algorithm=SHA1&digits=6"
            "&period=30");
}

TEST(Totp, OtpauthUriPercentEncodesLabel) {
  const auto uri = otpauth_uri("amal hassan@clinic:cairo/1?x=y&z", "JBSWY3DPEHPK3PXP", "Health Flow");
  EXPECT_EQ(uri,
            "otpauth://totp/Health%20Flow:amal%20hassan%40clinic%3Acairo%2F1%3Fx%3Dy%26z?secret=JBSWY3DPEHPK3PXP"
            "&issuer=Health%20Flow&algorithm=SHA1&digits=6&period=30");
  // Arabic user names are UTF-8 percent-encoded byte by byte.
  EXPECT_EQ(percent_encode("\xD8\xA3"), "%D8%A3");
}

}  // namespace
}  // namespace hf::security
