#pragma once
// The byte types every security primitive speaks. Secrets and digests are bytes, not text, so that
// a std::string holding binary data never reaches a log line or a JSON body by accident.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace hf::security {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Text viewed as its UTF-8 bytes, without a copy (e.g. a webhook body or a password).
inline ByteView as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

inline Bytes to_bytes(std::string_view text) {
  const auto view = as_bytes(text);
  return {view.begin(), view.end()};
}

}  // namespace hf::security
