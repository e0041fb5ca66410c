#include "security/digest.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <cstdlib>

#include "security/encoding.hpp"

namespace hf::security {

namespace {

const EVP_MD* message_digest(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::sha1:
      return EVP_sha1();
    case HashAlgorithm::sha256:
      return EVP_sha256();
    case HashAlgorithm::sha512:
      return EVP_sha512();
  }
  std::abort();  // can't happen: every enumerator is handled above
}

}  // namespace

Bytes sha256(ByteView data) {
  Bytes out(SHA256_DIGEST_LENGTH);
  SHA256(data.data(), data.size(), out.data());
  return out;
}

std::string sha256_hex(ByteView data) {
  return hex_encode(sha256(data));
}

std::string sha256_hex(std::string_view data) {
  return sha256_hex(as_bytes(data));
}

Bytes hmac(HashAlgorithm algorithm, ByteView key, ByteView data) {
  Bytes out(EVP_MAX_MD_SIZE);
  unsigned int length = 0;
  // OpenSSL refuses a null key pointer even with length 0, so point an empty key at a dummy byte.
  static constexpr std::uint8_t kEmpty = 0;
  const std::uint8_t* key_data = key.empty() ? &kEmpty : key.data();
  if (HMAC(message_digest(algorithm), key_data, static_cast<int>(key.size()), data.data(), data.size(), out.data(),
           &length) == nullptr) {
    std::abort();  // can't happen: fixed algorithms with in-memory buffers
  }
  out.resize(length);
  return out;
}

Bytes hmac_sha256(ByteView key, ByteView data) {
  return hmac(HashAlgorithm::sha256, key, data);
}

std::string hmac_sha256_hex(ByteView key, ByteView data) {
  return hex_encode(hmac_sha256(key, data));
}

std::string webhook_signature(std::string_view secret, std::string_view body) {
  return "sha256=" + hmac_sha256_hex(as_bytes(secret), as_bytes(body));
}

}  // namespace hf::security
