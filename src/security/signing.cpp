#include "security/signing.hpp"

#include <sodium.h>

#include "security/digest.hpp"
#include "security/encoding.hpp"
#include "security/random.hpp"

namespace hf::security {

static_assert(crypto_sign_SEEDBYTES == kEd25519SeedBytes);
static_assert(crypto_sign_PUBLICKEYBYTES == kEd25519PublicKeyBytes);
static_assert(crypto_sign_SECRETKEYBYTES == 64);
static_assert(crypto_sign_BYTES == kEd25519SignatureBytes);

namespace {

constexpr std::size_t kKidBytes = 8;

}  // namespace

std::string key_id(const PublicKey& public_key) {
  const Bytes digest = sha256(public_key);
  return base64url_encode(ByteView(digest).first(kKidBytes));
}

boost::json::object public_jwk(const PublicKey& public_key) {
  return {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", base64url_encode(public_key)}, {"kid", key_id(public_key)},
          {"use", "sig"}, {"alg", "EdDSA"}};
}

bool verify_signature(const PublicKey& public_key, ByteView message, ByteView signature) {
  if (signature.size() != kEd25519SignatureBytes) return false;
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), public_key.data()) == 0;
}

SigningKey SigningKey::generate() {
  auto seed = random_bytes(kEd25519SeedBytes);
  auto key = from_seed(seed);
  sodium_memzero(seed.data(), seed.size());
  return std::move(key).value();  // a 32-byte seed is always accepted
}

Result<SigningKey> SigningKey::from_seed(ByteView seed) {
  if (seed.size() != kEd25519SeedBytes) return Error::invalid("signing key seed must be 32 bytes");
  SigningKey key;
  crypto_sign_seed_keypair(key.public_key_.data(), key.secret_key_.data(), seed.data());
  key.kid_ = key_id(key.public_key_);
  return key;
}

Result<SigningKey> SigningKey::from_base64url(std::string_view seed) {
  auto bytes = base64url_decode(seed);
  if (!bytes) return Error::invalid("signing key seed must be base64url");
  auto key = from_seed(*bytes);
  sodium_memzero(bytes->data(), bytes->size());
  return key;
}

SigningKey::SigningKey(SigningKey&& other) noexcept
    : secret_key_(other.secret_key_), public_key_(other.public_key_), kid_(std::move(other.kid_)) {
  other.wipe();
}

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept {
  if (this != &other) {
    secret_key_ = other.secret_key_;
    public_key_ = other.public_key_;
    kid_ = std::move(other.kid_);
    other.wipe();
  }
  return *this;
}

SigningKey::~SigningKey() {
  wipe();
}

void SigningKey::wipe() {
  sodium_memzero(secret_key_.data(), secret_key_.size());
}

Bytes SigningKey::sign(ByteView message) const {
  Bytes signature(kEd25519SignatureBytes);
  crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(), secret_key_.data());
  return signature;
}

std::string SigningKey::seed_base64url() const {
  // libsodium's secret key is seed || public key.
  return base64url_encode(ByteView(secret_key_).first(kEd25519SeedBytes));
}

}  // namespace hf::security
