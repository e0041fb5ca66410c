#pragma once
// Digits as people type them in Egypt: ASCII, Arabic-Indic (U+0660..0669, the usual Arabic keyboard)
// and Eastern Arabic-Indic (U+06F0..06F9, Persian/Urdu layouts that phones often offer).

#include <cstddef>
#include <string_view>

namespace hf::domain {

// The value of the digit that starts `s` and its length in bytes (1 or 2, UTF-8), or -1 if `s`
// does not start with one of the three digit sets.
inline int decode_digit(std::string_view s, std::size_t& len) {
  if (s.empty()) return -1;
  const auto b0 = static_cast<unsigned char>(s[0]);
  if (b0 >= '0' && b0 <= '9') {
    len = 1;
    return b0 - '0';
  }
  if (s.size() >= 2) {
    const auto b1 = static_cast<unsigned char>(s[1]);
    if (b0 == 0xD9 && b1 >= 0xA0 && b1 <= 0xA9) {
      len = 2;
      return b1 - 0xA0;
    }
    if (b0 == 0xDB && b1 >= 0xB0 && b1 <= 0xB9) {
      len = 2;
      return b1 - 0xB0;
    }
  }
  return -1;
}

}  // namespace hf::domain
