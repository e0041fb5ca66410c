#include "security/random.hpp"

#include <sodium.h>

#include "security/encoding.hpp"

namespace hf::security {

Bytes random_bytes(std::size_t count) {
  Bytes out(count);
  if (count > 0) randombytes_buf(out.data(), out.size());
  return out;
}

std::string uuid_v4() {
  auto b = random_bytes(16);
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);  // variant 10xx
  const std::string hex = hex_encode(b);
  return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' + hex.substr(16, 4) + '-' +
         hex.substr(20);
}

std::string random_token(std::string_view prefix, std::size_t bytes) {
  auto secret = random_bytes(bytes);
  std::string token(prefix);
  token += base64url_encode(secret);
  sodium_memzero(secret.data(), secret.size());
  return token;
}

}  // namespace hf::security
