#pragma once
// The compact signed token printed as a prescription's QR code:
//   HF1.<kid>.<base64url(payload)>.<base64url(Ed25519 signature over "HF1.<kid>.<base64url(payload)>")>
// The version prefix and kid are under the signature, so neither can be swapped. A pharmacy can
// check it offline with the published keys; the server checks it before trusting the payload.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "security/bytes.hpp"
#include "security/signing.hpp"

namespace hf::security {

inline constexpr std::string_view kSignedTokenVersion = "HF1";
// A QR code holds under 3 KB; anything longer was not made by us.
inline constexpr std::size_t kMaxSignedTokenBytes = 4096;

// Error::type_suffix values telling the three failures apart (API.md: a forged or altered token
// answers "signature":"bad", a malformed one is a 400).
inline constexpr std::string_view kTokenMalformed = "token-malformed";         // kind invalid
inline constexpr std::string_view kTokenUnknownKey = "token-unknown-key";      // kind unauthorized
inline constexpr std::string_view kTokenBadSignature = "token-bad-signature";  // kind unauthorized

std::string sign_token(const SigningKey& key, ByteView payload);

// The public key with this kid, if we know it (current and retired keys).
using KeyLookup = std::function<std::optional<PublicKey>(std::string_view kid)>;

// The payload, only once the signature has been checked against the key named by kid.
Result<Bytes> verify_token(std::string_view token, const KeyLookup& lookup);

}  // namespace hf::security
