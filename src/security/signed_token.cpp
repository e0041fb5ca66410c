#include "security/signed_token.hpp"

#include <array>

#include "security/encoding.hpp"

namespace hf::security {

namespace {

constexpr std::size_t kKidChars = 11;  // base64url of 8 bytes

Error with_suffix(Error error, std::string_view suffix) {
  error.type_suffix = suffix;
  return error;
}
Error malformed() {
  return with_suffix(Error::invalid("malformed prescription token"), kTokenMalformed);
}

}  // namespace

std::string sign_token(const SigningKey& key, ByteView payload) {
  std::string token(kSignedTokenVersion);
  token += '.';
  token += key.kid();
  token += '.';
  token += base64url_encode(payload);
  const Bytes signature = key.sign(as_bytes(token));
  token += '.';
  token += base64url_encode(signature);
  return token;
}

Result<Bytes> verify_token(std::string_view token, const KeyLookup& lookup) {
  if (token.size() > kMaxSignedTokenBytes) return malformed();
  std::array<std::string_view, 4> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::size_t dot = token.find('.', start);
    const bool last = i + 1 == parts.size();
    if (last != (dot == std::string_view::npos)) return malformed();  // fewer or more than 4 parts
    parts[i] = token.substr(start, last ? std::string_view::npos : dot - start);
    start = dot + 1;
  }
  const auto [version, kid, encoded_payload, encoded_signature] = parts;
  if (version != kSignedTokenVersion) return malformed();
  if (kid.size() != kKidChars || !base64url_decode(kid).ok()) return malformed();
  auto payload = base64url_decode(encoded_payload);
  const auto signature = base64url_decode(encoded_signature);
  if (!payload || !signature || signature->size() != kEd25519SignatureBytes) return malformed();

  if (!lookup) return Error::internal("no verification keys configured");
  const auto public_key = lookup(kid);
  if (!public_key)
    return with_suffix(Error::unauthorized("prescription token signed by an unknown key"), kTokenUnknownKey);
  const std::string_view signed_part = token.substr(0, token.size() - encoded_signature.size() - 1);
  if (!verify_signature(*public_key, as_bytes(signed_part), *signature)) {
    return with_suffix(Error::unauthorized("prescription token signature is not valid"), kTokenBadSignature);
  }
  return std::move(payload).value();
}

}  // namespace hf::security
