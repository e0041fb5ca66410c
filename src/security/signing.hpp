#pragma once
// Ed25519 signing keys (libsodium crypto_sign) for prescription tokens: anyone holding the public
// key (published as a JWK at GET /api/v1/keys) can check a prescription offline; only the server
// holding the 32-byte seed can issue one.

#include <boost/json/object.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "security/bytes.hpp"

namespace hf::security {

inline constexpr std::size_t kEd25519SeedBytes = 32;
inline constexpr std::size_t kEd25519PublicKeyBytes = 32;
inline constexpr std::size_t kEd25519SignatureBytes = 64;
using PublicKey = std::array<std::uint8_t, kEd25519PublicKeyBytes>;

// base64url of the first 8 bytes of SHA-256(public key): short enough for a QR code, and lets a
// verifier pick the right key after rotation.
std::string key_id(const PublicKey& public_key);

// {"kty":"OKP","crv":"Ed25519","x":<base64url public key>,"kid":...,"use":"sig","alg":"EdDSA"}
// (RFC 8037 §2), for keys we only hold the public half of (e.g. retired ones still verifying).
boost::json::object public_jwk(const PublicKey& public_key);

// Detached Ed25519 verification; false for a signature of the wrong size.
bool verify_signature(const PublicKey& public_key, ByteView message, ByteView signature);

class SigningKey {
 public:
  static SigningKey generate();
  // Error::invalid unless exactly 32 bytes (base64url: 43 characters, no padding).
  static Result<SigningKey> from_seed(ByteView seed);
  static Result<SigningKey> from_base64url(std::string_view seed);

  // Move-only, and the secret is wiped from memory when a key is destroyed or moved from.
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  SigningKey(SigningKey&& other) noexcept;
  SigningKey& operator=(SigningKey&& other) noexcept;
  ~SigningKey();

  const PublicKey& public_key() const { return public_key_; }
  const std::string& kid() const { return kid_; }
  // 64-byte detached signature (deterministic: same key and message, same signature).
  Bytes sign(ByteView message) const;
  // For the secret store only; never log it.
  std::string seed_base64url() const;
  boost::json::object jwk() const { return public_jwk(public_key_); }

 private:
  SigningKey() = default;
  void wipe();

  std::array<std::uint8_t, 64> secret_key_{};  // libsodium's seed || public key
  PublicKey public_key_{};
  std::string kid_;
};

}  // namespace hf::security
