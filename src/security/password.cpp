#include "security/password.hpp"

#include <sodium.h>

#include <array>

namespace hf::security {

namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";

}  // namespace

Result<std::string> hash_password(std::string_view password, const HashPolicy& policy) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), policy.ops_limit, policy.mem_limit_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error::unavailable("password hashing is temporarily unavailable");
  }
  return std::string(out.data());
}

bool verify_password(std::string_view stored, std::string_view password) {
  // libsodium reads a NUL-terminated string of at most crypto_pwhash_STRBYTES.
  if (stored.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string terminated(stored);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool needs_rehash(std::string_view stored, const HashPolicy& policy) {
  // crypto_pwhash_str_needs_rehash also accepts an argon2i string whose parameters match; we want
  // every stored hash on Argon2id, so the prefix is checked too.
  if (stored.size() >= crypto_pwhash_STRBYTES || !stored.starts_with(kArgon2idPrefix)) return true;
  const std::string terminated(stored);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), policy.ops_limit, policy.mem_limit_bytes) != 0;
}

}  // namespace hf::security
