#include "security/signed_token.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "security/encoding.hpp"

namespace hf::security {
namespace {

struct Keys {
  SigningKey current = SigningKey::generate();
  SigningKey retired = SigningKey::generate();
  KeyLookup lookup() const {
    return [this](std::string_view kid) -> std::optional<PublicKey> {
      if (kid == current.kid()) return current.public_key();
      if (kid == retired.kid()) return retired.public_key();
      return std::nullopt;
    };
  }
};

const std::string kPayload = R"({"id":"7f3c","code":"RX-12345","items":[{"drug":"amoxicillin","qty":2}]})";

std::string text(const Bytes& b) {
  return {b.begin(), b.end()};
}

void expect_fault(const Result<Bytes>& result, ErrorKind kind, std::string_view suffix) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, kind);
  EXPECT_EQ(result.error().type_suffix, suffix);
}

TEST(SignedToken, RoundTripsPayload) {
  const Keys keys;
  const auto token = sign_token(keys.current, as_bytes(kPayload));
  EXPECT_EQ(token.rfind("HF1." + keys.current.kid() + ".", 0), 0U);
  const auto payload = verify_token(token, keys.lookup());
  ASSERT_TRUE(payload.ok()) << payload.error().message;
  EXPECT_EQ(text(*payload), kPayload);
}

TEST(SignedToken, RetiredKeyStillVerifies) {
  const Keys keys;
  EXPECT_TRUE(verify_token(sign_token(keys.retired, as_bytes(kPayload)), keys.lookup()).ok());
}

TEST(SignedToken, TamperedTokenFails) {
  const Keys keys;
  const auto token = sign_token(keys.current, as_bytes(kPayload));
  const auto first = token.find('.', 4);
  const auto last = token.rfind('.');
  // A different quantity in the payload, re-encoded: the signature no longer matches.
  std::string altered_payload = kPayload;
  altered_payload.replace(altered_payload.find("\"qty\":2"), 7, "\"qty\":9");
  const std::string altered = token.substr(0, first + 1) + base64url_encode(altered_payload) + token.substr(last);
  expect_fault(verify_token(altered, keys.lookup()), ErrorKind::unauthorized, kTokenBadSignature);
  // Every single-bit flip of the payload bytes is caught.
  auto payload = base64url_decode(std::string_view(token).substr(first + 1, last - first - 1));
  ASSERT_TRUE(payload.ok());
  for (std::size_t i = 0; i < payload->size(); ++i) {
    Bytes flipped = *payload;
    flipped[i] ^= 0x04;
    const std::string t = token.substr(0, first + 1) + base64url_encode(flipped) + token.substr(last);
    expect_fault(verify_token(t, keys.lookup()), ErrorKind::unauthorized, kTokenBadSignature);
  }
  // And a flipped signature bit.
  auto signature = base64url_decode(std::string_view(token).substr(last + 1));
  ASSERT_TRUE(signature.ok());
  (*signature)[10] ^= 0x01;
  expect_fault(verify_token(token.substr(0, last + 1) + base64url_encode(*signature), keys.lookup()),
               ErrorKind::unauthorized, kTokenBadSignature);
}

TEST(SignedToken, SwappedKidFails) {
  // The kid is under the signature: relabelling a token as signed by another known key fails.
  const Keys keys;
  const auto token = sign_token(keys.current, as_bytes(kPayload));
  std::string relabelled = token;
  relabelled.replace(4, 11, keys.retired.kid());
  expect_fault(verify_token(relabelled, keys.lookup()), ErrorKind::unauthorized, kTokenBadSignature);
}

TEST(SignedToken, SignatureByAnotherKeyUnderOurKidFails) {
  const Keys keys;
  const SigningKey attacker = SigningKey::generate();
  const std::string signed_part = "HF1." + keys.current.kid() + "." + base64url_encode(kPayload);
  const std::string forged = signed_part + "." + base64url_encode(attacker.sign(as_bytes(signed_part)));
  expect_fault(verify_token(forged, keys.lookup()), ErrorKind::unauthorized, kTokenBadSignature);
}

TEST(SignedToken, UnknownKidFails) {
  const Keys keys;
  const SigningKey stranger = SigningKey::generate();
  expect_fault(verify_token(sign_token(stranger, as_bytes(kPayload)), keys.lookup()), ErrorKind::unauthorized,
               kTokenUnknownKey);
}

TEST(SignedToken, MalformedTokensFail) {
  const Keys keys;
  const auto good = sign_token(keys.current, as_bytes(kPayload));
  const auto last = good.rfind('.');
  const std::vector<std::string> tokens = {
      "",
      "HF1",
      "HF1...",
      "HF2" + good.substr(3),                                   // unknown version
      good + ".x",                                              // five parts
      good.substr(0, last),                                     // no signature
      good.substr(0, last + 1) + "AAAA",                        // signature of the wrong size
      good.substr(0, last + 1) + "!!" + good.substr(last + 3),  // not base64url
      "HF1.short." + good.substr(good.find('.', 4) + 1),        // kid of the wrong size
      std::string(kMaxSignedTokenBytes + 1, 'A'),
  };
  for (const auto& token : tokens) {
    expect_fault(verify_token(token, keys.lookup()), ErrorKind::invalid, kTokenMalformed);
  }
}

TEST(SignedToken, EmptyPayloadRoundTrips) {
  const Keys keys;
  const auto payload = verify_token(sign_token(keys.current, {}), keys.lookup());
  ASSERT_TRUE(payload.ok());
  EXPECT_TRUE(payload->empty());
}

}  // namespace
}  // namespace hf::security
