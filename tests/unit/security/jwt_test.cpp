#include "security/jwt.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include <string>

#include "security/digest.hpp"
#include "security/encoding.hpp"
#include "security/random.hpp"

namespace hf::security::jwt {
namespace {

constexpr std::int64_t kNow = 1'767'225'600;  // 2026-01-01T00:00:00Z
const Bytes kKey = to_bytes("0123456789abcdef0123456789abcdef");
const Bytes kOtherKey = to_bytes("fedcba9876543210fedcba9876543210");
const Expected kAccess{"https://healthflow.eg", "healthflow-api", TokenType::access};

Claims access_claims() {
  Claims c;
  c.sub = "0b5f3c1e-8a43-4c1b-9a53-2f6f0c1d2e3f";
  c.role = "doctor";
  c.sid = "s-1";
  c.iss = kAccess.issuer;
  c.aud = kAccess.audience;
  c.typ = TokenType::access;
  c.jti = "j-1";
  c.iat = kNow;
  c.nbf = kNow;
  c.exp = kNow + 900;
  return c;
}

std::string signed_token(const Claims& claims, const Bytes& key = kKey) {
  auto token = sign(claims, key);
  EXPECT_TRUE(token.ok());
  return token.ok() ? *token : std::string();
}

// A token with any header and payload text, correctly MACed with `key`: lets a test reach the
// checks that come after the signature.
std::string forge(std::string_view header, std::string_view payload, const Bytes& key = kKey) {
  std::string input = base64url_encode(header) + "." + base64url_encode(payload);
  return input + "." + base64url_encode(hmac_sha256(key, as_bytes(input)));
}

std::string payload_text(const Claims& claims) {
  return boost::json::serialize(to_json(claims));
}

void expect_refused(const Result<Claims>& result, std::string_view reason) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::unauthorized);
  EXPECT_EQ(result.error().message, reason);
}

TEST(Jwt, SignedTokenVerifiesWithAllClaims) {
  const auto result = verify(signed_token(access_claims()), kKey, kAccess, kNow + 60);
  ASSERT_TRUE(result.ok()) << result.error().message;
  const Claims& c = *result;
  EXPECT_EQ(c.sub, "0b5f3c1e-8a43-4c1b-9a53-2f6f0c1d2e3f");
  EXPECT_EQ(c.role, "doctor");
  EXPECT_EQ(c.sid, "s-1");
  EXPECT_EQ(c.iss, kAccess.issuer);
  EXPECT_EQ(c.aud, kAccess.audience);
  EXPECT_EQ(c.typ, TokenType::access);
  EXPECT_EQ(c.jti, "j-1");
  EXPECT_EQ(c.exp, kNow + 900);
  EXPECT_EQ(c.iat, kNow);
  EXPECT_EQ(c.nbf, kNow);
}

TEST(Jwt, HeaderIsFixedHs256) {
  const auto token = signed_token(access_claims());
  EXPECT_EQ(token.substr(0, token.find('.')), base64url_encode(R"({"alg":"HS256","typ":"JWT"})"));
}

TEST(Jwt, SignRefusesShortKey) {
  EXPECT_FALSE(sign(access_claims(), to_bytes("short")).ok());
  const auto result = verify(signed_token(access_claims()), to_bytes("short"), kAccess, kNow);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::internal);
}

TEST(Jwt, JwtRejectsAlgNone) {
  // The classic attack: alg "none" and an empty signature.
  const std::string unsigned_token =
      base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." + base64url_encode(payload_text(access_claims())) + ".";
  EXPECT_FALSE(verify(unsigned_token, kKey, kAccess, kNow).ok());
  // Even correctly MACed with our key, a header that says "none" is refused.
  expect_refused(verify(forge(R"({"alg":"none","typ":"JWT"})", payload_text(access_claims())), kKey, kAccess, kNow),
                 "unsupported token algorithm");
}

TEST(Jwt, JwtRejectsOtherAlgorithms) {
  for (const char* header :
       {R"({"alg":"HS512","typ":"JWT"})", R"({"alg":"RS256","typ":"JWT"})", R"({"alg":"hs256","typ":"JWT"})",
        R"({"alg":"EdDSA"})", R"({"typ":"JWT"})", R"({"alg":null})", R"({"alg":["HS256"]})",
        R"({"alg":"HS256","crit":["exp"]})", R"({"alg":"HS256","typ":"JWE"})"}) {
    expect_refused(verify(forge(header, payload_text(access_claims())), kKey, kAccess, kNow),
                   "unsupported token algorithm");
  }
}

TEST(Jwt, JwtIgnoresKeyHeaders) {
  // Headers naming keys or key URLs are never used: the token still needs our key's MAC...
  const std::string header =
      R"({"alg":"HS256","kid":"../../etc/passwd","jku":"https://evil.example/jwks","x5u":"https://evil.example/c",)"
      R"("jwk":{"kty":"oct","k":"ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA"}})";
  EXPECT_TRUE(verify(forge(header, payload_text(access_claims())), kKey, kAccess, kNow).ok());
  // ...and a token MACed with the key it carries in "jwk" is refused.
  expect_refused(verify(forge(header, payload_text(access_claims()), kOtherKey), kKey, kAccess, kNow),
                 "invalid token signature");
}

TEST(Jwt, JwtRejectsOtherKey) {
  expect_refused(verify(signed_token(access_claims(), kOtherKey), kKey, kAccess, kNow), "invalid token signature");
}

TEST(Jwt, JwtRejectsFlippedPayloadBit) {
  const auto token = signed_token(access_claims());
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
  ASSERT_TRUE(payload.ok());
  for (std::size_t i = 0; i < payload->size(); i += 7) {
    Bytes flipped = *payload;
    flipped[i] ^= 0x01;
    const std::string tampered = token.substr(0, first + 1) + base64url_encode(flipped) + token.substr(second);
    EXPECT_FALSE(verify(tampered, kKey, kAccess, kNow).ok()) << i;
  }
}

TEST(Jwt, JwtRejectsFlippedSignatureBit) {
  const auto token = signed_token(access_claims());
  const auto second = token.rfind('.');
  auto signature = base64url_decode(token.substr(second + 1));
  ASSERT_TRUE(signature.ok());
  (*signature)[31] ^= 0x80;
  expect_refused(verify(token.substr(0, second + 1) + base64url_encode(*signature), kKey, kAccess, kNow),
                 "invalid token signature");
  // A truncated signature is no better.
  signature->pop_back();
  EXPECT_FALSE(verify(token.substr(0, second + 1) + base64url_encode(*signature), kKey, kAccess, kNow).ok());
}

TEST(Jwt, JwtRejectsExpired) {
  const auto token = signed_token(access_claims());  // exp = kNow + 900
  EXPECT_TRUE(verify(token, kKey, kAccess, kNow + 899, 0).ok());
  expect_refused(verify(token, kKey, kAccess, kNow + 900, 0), "token expired");
  EXPECT_TRUE(verify(token, kKey, kAccess, kNow + 929, 30).ok());  // within leeway
  expect_refused(verify(token, kKey, kAccess, kNow + 930, 30), "token expired");
}

TEST(Jwt, JwtRequiresExpAndSub) {
  for (const char* name : {"exp", "sub"}) {
    auto payload = to_json(access_claims());
    payload.erase(name);
    expect_refused(verify(forge(R"({"alg":"HS256"})", boost::json::serialize(payload)), kKey, kAccess, kNow),
                   "malformed token");
  }
}

TEST(Jwt, JwtRejectsFutureNbf) {
  auto claims = access_claims();
  claims.nbf = kNow + 120;
  const auto token = signed_token(claims);
  expect_refused(verify(token, kKey, kAccess, kNow, 30), "token not yet valid");
  EXPECT_TRUE(verify(token, kKey, kAccess, kNow + 90, 30).ok());
}

TEST(Jwt, JwtRejectsFutureIat) {
  auto claims = access_claims();
  claims.nbf = 0;
  claims.iat = kNow + 3600;
  claims.exp = kNow + 7200;
  expect_refused(verify(signed_token(claims), kKey, kAccess, kNow, 30), "token issued in the future");
}

TEST(Jwt, JwtRejectsWrongAudience) {
  auto claims = access_claims();
  claims.aud = "another-service";
  expect_refused(verify(signed_token(claims), kKey, kAccess, kNow), "wrong token audience");
  claims.aud.clear();  // absent
  expect_refused(verify(signed_token(claims), kKey, kAccess, kNow), "wrong token audience");
}

TEST(Jwt, JwtAcceptsAudienceArrayContainingUs) {
  auto payload = to_json(access_claims());
  payload["aud"] = boost::json::array{"other", kAccess.audience};
  EXPECT_TRUE(verify(forge(R"({"alg":"HS256"})", boost::json::serialize(payload)), kKey, kAccess, kNow).ok());
  payload["aud"] = boost::json::array{"other", "another"};
  expect_refused(verify(forge(R"({"alg":"HS256"})", boost::json::serialize(payload)), kKey, kAccess, kNow),
                 "wrong token audience");
}

TEST(Jwt, JwtRejectsWrongIssuer) {
  auto claims = access_claims();
  claims.iss = "https://evil.example";
  expect_refused(verify(signed_token(claims), kKey, kAccess, kNow), "wrong token issuer");
}

TEST(Jwt, RefreshTokenIsNotAnAccessToken) {
  auto claims = access_claims();
  claims.typ = TokenType::refresh;
  const auto refresh = signed_token(claims);
  expect_refused(verify(refresh, kKey, kAccess, kNow), "wrong token type");
  EXPECT_TRUE(verify(refresh, kKey, {kAccess.issuer, kAccess.audience, TokenType::refresh}, kNow).ok());
}

TEST(Jwt, EnrolmentTokenIsNotAnAccessToken) {
  auto claims = access_claims();
  claims.typ = TokenType::enrol;
  expect_refused(verify(signed_token(claims), kKey, kAccess, kNow), "wrong token type");
  // And a token without our "typ" claim is accepted as nothing.
  auto payload = to_json(access_claims());
  payload.erase("typ");
  EXPECT_FALSE(verify(forge(R"({"alg":"HS256"})", boost::json::serialize(payload)), kKey, kAccess, kNow).ok());
}

TEST(Jwt, JwtRejectsWrongClaimTypes) {
  for (const char* name : {"sub", "role", "sid", "iss", "jti"}) {
    auto payload = to_json(access_claims());
    payload[name] = 42;
    EXPECT_FALSE(verify(forge(R"({"alg":"HS256"})", boost::json::serialize(payload)), kKey, kAccess, kNow).ok())
        << name;
  }
  for (const char* name : {"exp", "iat", "nbf"}) {
    auto payload = to_json(access_claims());
    payload[name] = std::to_string(kNow + 900);  // a string, not a NumericDate
    EXPECT_FALSE(verify(forge(R"({"alg":"HS256"})", boost::json::serialize(payload)), kKey, kAccess, kNow).ok())
        << name;
  }
}

TEST(Jwt, MalformedTokensAreRefusedWithoutThrowing) {
  const std::string deep(10'000, '[');
  const std::vector<std::string> tokens = {
      "",
      ".",
      "..",
      "...",
      "a.b.c",
      "a.b.c.d.e",
      std::string(kMaxTokenBytes + 1, 'a'),
      "!!!.@@@.###",
      signed_token(access_claims()) + ".extra",
      forge("not json", payload_text(access_claims())),
      forge(R"({"alg":"HS256"})", "not json"),
      forge(R"({"alg":"HS256"})", "[]"),
      forge(R"({"alg":"HS256"})", "null"),
      forge(R"({"alg":"HS256"})", deep),
      forge(R"({"alg":"HS256"})", R"({"sub":"u","exp":1e400})"),
      forge(R"({"alg":"HS256"})", R"({"sub":"u","exp":18446744073709551615})"),
      forge(R"({"alg":"HS256"})", std::string("{\"sub\":\"\xff\"}")),
      forge("[]", payload_text(access_claims())),
  };
  for (const auto& token : tokens) {
    Result<Claims> result = Error::internal("not run");
    EXPECT_NO_THROW(result = verify(token, kKey, kAccess, kNow));
    ASSERT_FALSE(result.ok()) << token.substr(0, 80);
    EXPECT_EQ(result.error().kind, ErrorKind::unauthorized);
    EXPECT_EQ(result.error().message.find(token.empty() ? "\x01" : token.substr(0, 10)), std::string::npos);
  }
}

TEST(Jwt, HugeExpDoesNotOverflow) {
  auto payload = to_json(access_claims());
  payload["exp"] = std::numeric_limits<std::int64_t>::max();
  EXPECT_TRUE(verify(forge(R"({"alg":"HS256"})", boost::json::serialize(payload)), kKey, kAccess, kNow).ok());
}

TEST(Jwt, RandomKeyRoundTrip) {
  const auto key = random_bytes(32);
  const auto token = sign(access_claims(), key);
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(verify(*token, key, kAccess, kNow).ok());
}

}  // namespace
}  // namespace hf::security::jwt
