// libFuzzer target: the QR token a pharmacy scans (HF1.<kid>.<payload>.<signature>), checked with
// a fixed key lookup as the verify endpoint does. Invariants: never crashes; nothing but a token
// signed with the key is accepted; a token we sign over the input verifies to the same bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "security/init.hpp"
#include "security/signed_token.hpp"

namespace {

const hf::security::SigningKey& key() {
  static const auto k = [] {
    hf::security::Bytes seed(hf::security::kEd25519SeedBytes, 7);
    auto r = hf::security::SigningKey::from_seed(seed);
    if (!r) std::abort();
    return std::move(r).value();
  }();
  return k;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (!hf::security::initialize()) std::abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hf::security;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const KeyLookup lookup = [](std::string_view kid) -> std::optional<PublicKey> {
    if (kid == key().kid()) return key().public_key();
    return std::nullopt;
  };
  (void)verify_token(input, lookup);

  // Round trip: the input as a payload.
  if (size <= 2048) {
    const ByteView payload(data, size);
    const auto token = sign_token(key(), payload);
    auto back = verify_token(token, lookup);
    if (!back || !std::equal(back->begin(), back->end(), payload.begin(), payload.end())) std::abort();
  }
  return 0;
}
