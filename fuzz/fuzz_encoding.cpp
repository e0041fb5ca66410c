// libFuzzer target: the decoders that read untrusted text (base64url in tokens and JWKs, base32
// TOTP secrets, hex digests). Invariants: never crashes; what decodes re-encodes to the input
// (base64url and hex are strict, one encoding per byte string).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "security/encoding.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hf::security;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto b = base64url_decode(input)) {
    if (base64url_encode(*b) != input) std::abort();
  }
  if (auto b = hex_decode(input)) {
    // Either case is accepted; nothing else.
    std::string lower(input);
    for (auto& c : lower)
      if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    if (hex_encode(*b) != lower) std::abort();
  }
  if (auto b = base32_decode(input)) {
    auto again = base32_decode(base32_encode(*b));
    if (!again || *again != *b) std::abort();
  }
  return 0;
}
