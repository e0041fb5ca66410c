#pragma once
// Encryption at rest for the columns a stolen backup or a read-only SQL injection must not hand
// over: TOTP seeds, webhook signing secrets, national IDs and phone numbers (docs/security.md
// "Data at rest"). libsodium XChaCha20-Poly1305 (IETF) with a random 192-bit nonce, so random
// nonces never repeat in practice; the column's name is the associated data, so a sealed value
// copied into another column does not open. National IDs also get a blind index (HMAC-SHA256
// under a key of its own) for exact lookup and uniqueness without the clear value.
//
// Keys: DATA_ENCRYPTION_KEY (32 bytes, base64url) seals; DATA_ENCRYPTION_KEY_PREVIOUS (a comma
// list) still opens and matches during a rotation. Each sealed value names its key by a short id
// derived from the key, so no configuration maps ids to keys. Sub-keys come from crypto_kdf:
// one key in the environment, separate keys for sealing, indexing and the id.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace hf::security {

class DataCipher {
 public:
  // A cipher with no keys: it refuses to seal or open (a database opened for a backup only).
  DataCipher() = default;
  // Error::invalid unless every key is 32 bytes of base64url (43 characters).
  static Result<DataCipher> create(std::string_view current, const std::vector<std::string>& previous);

  // "hfe1.<key id>.<base64url(nonce || ciphertext || tag)>".
  Result<std::string> seal(std::string_view column, std::string_view plain) const;
  // Error::internal when the text is not sealed, names a key we do not hold, or was altered.
  Result<std::string> open(std::string_view column, std::string_view sealed) const;
  // Well-formed sealed text (says nothing about whether it opens).
  static bool looks_sealed(std::string_view text);
  // Sealed with the current key: a rotation has nothing left to do for this value.
  bool sealed_with_current(std::string_view text) const;

  // base64url(HMAC-SHA256(index key, column || 0x00 || plain)) under the current key.
  Result<std::string> blind_index(std::string_view column, std::string_view plain) const;
  // The index under every key, current first: lookups during a rotation try each.
  std::vector<std::string> blind_indexes(std::string_view column, std::string_view plain) const;

  bool has_keys() const { return !keys_.empty(); }
  const std::string& current_key_id() const;

 private:
  struct Key {
    std::string id;
    std::array<std::uint8_t, 32> seal{};
    std::array<std::uint8_t, 32> index{};
  };
  static std::string index_with(const Key& k, std::string_view column, std::string_view plain);
  std::vector<Key> keys_;  // [0] is the current key
};

}  // namespace hf::security
