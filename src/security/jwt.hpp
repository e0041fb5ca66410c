#pragma once
// Session tokens: HS256 JWTs (RFC 7519) signed and checked by this service alone with one secret
// key. The algorithm is fixed, not read from the token: a token that names any other algorithm
// ("none", "HS512", "RS256", ...) is refused, and header fields that point at keys (jku, jwk, x5u,
// kid, x5c) are ignored, never fetched or trusted (RFC 8725 §2.1, §3.1).

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "security/bytes.hpp"

namespace hf::security::jwt {

// Our own "typ" claim, so that a refresh or enrolment token is never accepted where an access
// token is expected (RFC 8725 §3.11, explicit typing; kept in the payload, under the signature).
enum class TokenType { access, refresh, enrol };
std::string_view to_string(TokenType type);

struct Claims {
  std::string sub;   // user id
  std::string role;  // e.g. "doctor"
  std::string sid;   // session id, for revocation
  std::string iss;
  std::string aud;
  TokenType typ = TokenType::access;
  std::string jti;       // token id
  std::int64_t exp = 0;  // seconds since the epoch, as RFC 7519 NumericDate
  std::int64_t iat = 0;
  std::int64_t nbf = 0;  // 0 = absent
  // What a request needs to know of its caller, so no database read builds it: the patient record
  // of a patient's account, the facilities of staff (access tokens; absent in older tokens).
  std::string pid;
  std::optional<std::vector<std::string>> fac;
};

// The payload object for `claims`; empty strings, nbf == 0 and an absent fac are left out.
boost::json::object to_json(const Claims& claims);

struct Expected {
  std::string issuer;
  std::string audience;
  TokenType type = TokenType::access;
};

// RFC 7518 §3.2: an HS256 key must be at least 256 bits.
inline constexpr std::size_t kMinKeyBytes = 32;
// Far above any token we issue; refuses to spend work on megabyte headers.
inline constexpr std::size_t kMaxTokenBytes = 8 * 1024;
// Tolerated clock difference between the servers, applied to exp, nbf and iat.
inline constexpr std::int64_t kDefaultLeewaySeconds = 30;

// Header {"alg":"HS256","typ":"JWT"}. Error::internal if the key is shorter than kMinKeyBytes.
Result<std::string> sign(const boost::json::object& claims, ByteView key);
Result<std::string> sign(const Claims& claims, ByteView key);

// The claims if the token is an HS256 token signed with `key`, of the expected type, issuer and
// audience, and valid at `now_seconds`; otherwise Error::unauthorized with a short reason safe for
// the client. The signature is checked (in constant time) before anything in the token is parsed.
// Never throws.
Result<Claims> verify(std::string_view token, ByteView key, const Expected& expected, std::int64_t now_seconds,
                      std::int64_t leeway_seconds = kDefaultLeewaySeconds);

}  // namespace hf::security::jwt
