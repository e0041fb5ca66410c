#include "security/data_cipher.hpp"

#include <sodium.h>

#include "security/bytes.hpp"
#include "security/encoding.hpp"

namespace hf::security {
namespace {

constexpr std::string_view kPrefix = "hfe1.";
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "hfdatakk";
constexpr std::uint64_t kSealSubkey = 1, kIndexSubkey = 2, kIdSubkey = 3;
constexpr std::size_t kIdBytes = 6;  // 8 base64url characters

static_assert(kIdBytes <= crypto_kdf_BYTES_MIN && crypto_kdf_KEYBYTES == 32 &&
              crypto_aead_xchacha20poly1305_ietf_KEYBYTES == 32 && crypto_auth_hmacsha256_KEYBYTES == 32);

Result<std::array<std::uint8_t, 32>> decode_key(std::string_view text, const char* name) {
  auto bytes = base64url_decode(text);
  if (!bytes || bytes->size() != 32)
    return Error::invalid(std::string(name) + " must be 32 random bytes in base64url (43 characters)");
  std::array<std::uint8_t, 32> key{};
  std::copy(bytes->begin(), bytes->end(), key.begin());
  sodium_memzero(bytes->data(), bytes->size());
  return key;
}

// "<key id>.<payload>" after the prefix; empty views when malformed.
std::pair<std::string_view, std::string_view> split(std::string_view text) {
  if (text.substr(0, kPrefix.size()) != kPrefix) return {};
  text.remove_prefix(kPrefix.size());
  const auto dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == text.size()) return {};
  return {text.substr(0, dot), text.substr(dot + 1)};
}

}  // namespace

Result<DataCipher> DataCipher::create(std::string_view current, const std::vector<std::string>& previous) {
  DataCipher out;
  auto add = [&](std::string_view text, const char* name) -> Status {
    auto master = decode_key(text, name);
    if (!master) return master.error();
    Key k;
    crypto_kdf_derive_from_key(k.seal.data(), k.seal.size(), kSealSubkey, kKdfContext, master->data());
    crypto_kdf_derive_from_key(k.index.data(), k.index.size(), kIndexSubkey, kKdfContext, master->data());
    std::array<std::uint8_t, crypto_kdf_BYTES_MIN> id{};
    crypto_kdf_derive_from_key(id.data(), id.size(), kIdSubkey, kKdfContext, master->data());
    sodium_memzero(master->data(), master->size());
    k.id = base64url_encode(ByteView(id.data(), kIdBytes));
    for (const auto& existing : out.keys_)
      if (existing.id == k.id) return ok_status();  // the same key listed twice
    out.keys_.push_back(std::move(k));
    return ok_status();
  };
  if (auto s = add(current, "DATA_ENCRYPTION_KEY"); !s) return s.error();
  for (const auto& p : previous)
    if (auto s = add(p, "DATA_ENCRYPTION_KEY_PREVIOUS"); !s) return s.error();
  return out;
}

const std::string& DataCipher::current_key_id() const {
  static const std::string kNone;
  return keys_.empty() ? kNone : keys_.front().id;
}

Result<std::string> DataCipher::seal(std::string_view column, std::string_view plain) const {
  if (keys_.empty()) return Error::internal("no data encryption key is configured");
  const Key& k = keys_.front();
  Bytes box(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  std::uint8_t* nonce = box.data();
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long written = 0;
  const auto m = as_bytes(plain);
  const auto ad = as_bytes(column);
  crypto_aead_xchacha20poly1305_ietf_encrypt(box.data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &written,
                                             m.data(), m.size(), ad.data(), ad.size(), nullptr, nonce, k.seal.data());
  return std::string(kPrefix) + k.id + "." + base64url_encode(box);
}

Result<std::string> DataCipher::open(std::string_view column, std::string_view sealed) const {
  const auto [id, payload] = split(sealed);
  if (id.empty()) return Error::internal("a protected column of " + std::string(column) + " holds unsealed data");
  const Key* key = nullptr;
  for (const auto& k : keys_)
    if (k.id == id) key = &k;
  if (!key)
    return Error::internal("a value of " + std::string(column) + " is sealed with key " + std::string(id) +
                           ", which is neither DATA_ENCRYPTION_KEY nor in DATA_ENCRYPTION_KEY_PREVIOUS");
  auto box = base64url_decode(payload);
  constexpr auto kOverhead = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (!box || box->size() < kOverhead) return Error::internal("a sealed value of " + std::string(column) + " is torn");
  std::string plain(box->size() - kOverhead, '\0');
  unsigned long long written = 0;
  const auto ad = as_bytes(column);
  const std::uint8_t* nonce = box->data();
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<std::uint8_t*>(plain.data()), &written, nullptr,
                                                 box->data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                 box->size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, ad.data(),
                                                 ad.size(), nonce, key->seal.data()) != 0)
    return Error::internal("a sealed value of " + std::string(column) + " does not authenticate");
  plain.resize(written);
  return plain;
}

bool DataCipher::looks_sealed(std::string_view text) {
  return !split(text).first.empty();
}

bool DataCipher::sealed_with_current(std::string_view text) const {
  return !keys_.empty() && split(text).first == keys_.front().id;
}

std::string DataCipher::index_with(const Key& k, std::string_view column, std::string_view plain) {
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, k.index.data(), k.index.size());
  const auto c = as_bytes(column);
  const std::uint8_t zero = 0;
  const auto p = as_bytes(plain);
  crypto_auth_hmacsha256_update(&st, c.data(), c.size());
  crypto_auth_hmacsha256_update(&st, &zero, 1);
  crypto_auth_hmacsha256_update(&st, p.data(), p.size());
  std::array<std::uint8_t, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_final(&st, mac.data());
  return base64url_encode(ByteView(mac.data(), mac.size()));
}

Result<std::string> DataCipher::blind_index(std::string_view column, std::string_view plain) const {
  if (keys_.empty()) return Error::internal("no data encryption key is configured");
  return index_with(keys_.front(), column, plain);
}

std::vector<std::string> DataCipher::blind_indexes(std::string_view column, std::string_view plain) const {
  std::vector<std::string> out;
  for (const auto& k : keys_) out.push_back(index_with(k, column, plain));
  return out;
}

}  // namespace hf::security
