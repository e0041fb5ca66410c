#include "security/jwt.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <exception>
#include <limits>
#include <optional>

#include "security/digest.hpp"
#include "security/encoding.hpp"

namespace hf::security::jwt {

namespace json = boost::json;

namespace {

// The only header we write, and the only "alg" we accept.
constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT"})";
constexpr std::string_view kAlgorithm = "HS256";

Error refused(std::string reason) {
  return Error::unauthorized(std::move(reason));
}
Error malformed() {
  return refused("malformed token");
}

std::optional<TokenType> parse_type(std::string_view text) {
  if (text == "access") return TokenType::access;
  if (text == "refresh") return TokenType::refresh;
  if (text == "enrol") return TokenType::enrol;
  return std::nullopt;
}

// The object lives in `storage` (the caller's stack buffer): no heap allocation per claim.
std::optional<json::object> parse_object(std::string_view segment, const json::storage_ptr& storage) {
  auto bytes = base64url_decode(segment);
  if (!bytes) return std::nullopt;
  boost::system::error_code ec;
  // Default parse options: strict JSON, nesting depth limited to 32.
  json::value value =
      json::parse(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), ec, storage);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

// "fac": when present, an array of strings. Absent = nullopt in `out`; wrong shape = false.
bool optional_string_array(const json::object& payload, std::string_view name,
                           std::optional<std::vector<std::string>>& out) {
  const auto* value = payload.if_contains(name);
  if (value == nullptr) return true;
  if (!value->is_array()) return false;
  std::vector<std::string> items;
  items.reserve(value->as_array().size());
  for (const auto& item : value->as_array()) {
    if (!item.is_string()) return false;
    items.emplace_back(item.as_string());
  }
  out = std::move(items);
  return true;
}

// A claim that, when present, must be a string. Absent = empty; wrong type = nothing.
std::optional<std::string> optional_string(const json::object& payload, std::string_view name) {
  const auto* value = payload.if_contains(name);
  if (value == nullptr) return std::string();
  if (!value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

// NumericDate as an integer. Absent = 0; wrong type or out of range = nothing.
std::optional<std::int64_t> optional_time(const json::object& payload, std::string_view name) {
  const auto* value = payload.if_contains(name);
  if (value == nullptr) return std::int64_t{0};
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64() &&
      value->as_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(value->as_uint64());
  }
  return std::nullopt;
}

// RFC 7519 §4.1.3: "aud" is a string or an array of strings.
bool audience_contains(const json::value& aud, std::string_view expected) {
  if (aud.is_string()) return aud.as_string() == expected;
  if (!aud.is_array()) return false;
  for (const auto& entry : aud.as_array()) {
    if (entry.is_string() && entry.as_string() == expected) return true;
  }
  return false;
}

bool header_acceptable(const json::object& header) {
  const auto* alg = header.if_contains("alg");
  if (alg == nullptr || !alg->is_string() || alg->as_string() != kAlgorithm) return false;
  // RFC 7515 §4.1.11: extensions we would have to understand; we understand none.
  if (header.contains("crit")) return false;
  const auto* typ = header.if_contains("typ");
  if (typ != nullptr && (!typ->is_string() || typ->as_string() != "JWT")) return false;
  // jku, jwk, x5u, x5c, kid: deliberately not looked at. The key is ours, not the token's.
  return true;
}

Result<Claims> verify_unchecked(std::string_view token, ByteView key, const Expected& expected,
                                std::int64_t now_seconds, std::int64_t leeway_seconds) {
  if (key.size() < kMinKeyBytes) return Error::internal("token key misconfigured");
  if (token.empty() || token.size() > kMaxTokenBytes) return malformed();
  const auto first_dot = token.find('.');
  const auto second_dot = first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos || token.find('.', second_dot + 1) != std::string_view::npos) {
    return malformed();  // not three segments (a 5-segment JWE, or junk)
  }
  const std::string_view signing_input = token.substr(0, second_dot);
  const auto signature = base64url_decode(token.substr(second_dot + 1));
  if (!signature) return malformed();

  // Signature first: until it checks out, nothing in the token is trusted or even parsed.
  const Bytes mac = hmac_sha256(key, as_bytes(signing_input));
  if (!constant_time_equals(*signature, mac)) return refused("invalid token signature");

  // Header and claims are parsed into one stack buffer (a token of kMaxTokenBytes may need more;
  // the resource then takes heap blocks and frees them on return).
  unsigned char buffer[4096];
  json::monotonic_resource resource(buffer, sizeof buffer);
  const json::storage_ptr storage(&resource);
  const auto header = parse_object(token.substr(0, first_dot), storage);
  if (!header) return malformed();
  if (!header_acceptable(*header)) return refused("unsupported token algorithm");
  const auto payload = parse_object(token.substr(first_dot + 1, second_dot - first_dot - 1), storage);
  if (!payload) return malformed();

  Claims claims;
  const auto sub = optional_string(*payload, "sub");
  const auto role = optional_string(*payload, "role");
  const auto sid = optional_string(*payload, "sid");
  const auto iss = optional_string(*payload, "iss");
  const auto typ = optional_string(*payload, "typ");
  const auto jti = optional_string(*payload, "jti");
  const auto exp = optional_time(*payload, "exp");
  const auto iat = optional_time(*payload, "iat");
  const auto nbf = optional_time(*payload, "nbf");
  const auto pid = optional_string(*payload, "pid");
  if (!sub || !role || !sid || !iss || !typ || !jti || !exp || !iat || !nbf || !pid) return malformed();
  if (!optional_string_array(*payload, "fac", claims.fac)) return malformed();
  if (sub->empty() || !payload->contains("exp")) return malformed();

  const auto type = parse_type(*typ);
  if (!type || *type != expected.type) return refused("wrong token type");
  if (*iss != expected.issuer) return refused("wrong token issuer");
  const auto* aud = payload->if_contains("aud");
  if (aud == nullptr || !audience_contains(*aud, expected.audience)) return refused("wrong token audience");
  // RFC 7519 §4.1.4: not accepted on or after exp. Written so a huge exp cannot overflow.
  if (now_seconds - leeway_seconds >= *exp) return refused("token expired");
  if (payload->contains("nbf") && now_seconds + leeway_seconds < *nbf) return refused("token not yet valid");
  if (payload->contains("iat") && *iat > now_seconds + leeway_seconds) return refused("token issued in the future");

  claims.sub = *sub;
  claims.role = *role;
  claims.sid = *sid;
  claims.iss = *iss;
  claims.aud = std::string(expected.audience);
  claims.typ = *type;
  claims.jti = *jti;
  claims.exp = *exp;
  claims.iat = *iat;
  claims.nbf = *nbf;
  claims.pid = *pid;
  return claims;
}

}  // namespace

std::string_view to_string(TokenType type) {
  switch (type) {
    case TokenType::access:
      return "access";
    case TokenType::refresh:
      return "refresh";
    case TokenType::enrol:
      return "enrol";
  }
  return "access";  // can't happen: every enumerator is handled above
}

json::object to_json(const Claims& claims) {
  json::object out;
  const auto put = [&out](std::string_view name, const std::string& value) {
    if (!value.empty()) out[name] = value;
  };
  put("sub", claims.sub);
  put("role", claims.role);
  put("sid", claims.sid);
  put("iss", claims.iss);
  put("aud", claims.aud);
  out["typ"] = to_string(claims.typ);
  put("jti", claims.jti);
  out["exp"] = claims.exp;
  out["iat"] = claims.iat;
  if (claims.nbf != 0) out["nbf"] = claims.nbf;
  put("pid", claims.pid);
  if (claims.fac) {
    json::array fac;
    for (const auto& id : *claims.fac) fac.emplace_back(id);
    out["fac"] = std::move(fac);
  }
  return out;
}

Result<std::string> sign(const json::object& claims, ByteView key) {
  if (key.size() < kMinKeyBytes) return Error::internal("token key misconfigured");
  std::string token = base64url_encode(kHeader);
  token += '.';
  token += base64url_encode(json::serialize(claims));
  const Bytes mac = hmac_sha256(key, as_bytes(token));
  token += '.';
  token += base64url_encode(mac);
  return token;
}

Result<std::string> sign(const Claims& claims, ByteView key) {
  return sign(to_json(claims), key);
}

Result<Claims> verify(std::string_view token, ByteView key, const Expected& expected, std::int64_t now_seconds,
                      std::int64_t leeway_seconds) {
  try {
    return verify_unchecked(token, key, expected, now_seconds, leeway_seconds);
  } catch (const std::exception&) {
    // Boost.JSON reports syntax errors through error_code, but allocation can still throw; a
    // token must never take the request down with it.
    return malformed();
  }
}

}  // namespace hf::security::jwt
