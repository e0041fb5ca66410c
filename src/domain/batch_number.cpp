#include "domain/batch_number.hpp"

#include <algorithm>
#include <optional>

namespace hf::domain {
namespace {

// One code point from well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
// above U+10FFFF); advances pos. nullopt on any malformed sequence.
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b0 = byte(pos);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  std::size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return std::nullopt;
  }
  if (pos + len > s.size()) return std::nullopt;
  for (std::size_t i = 1; i < len; ++i) {
    const unsigned char b = byte(pos + i);
    if ((b & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  pos += len;
  return cp;
}

// Rule 2: the folds to ASCII; other code points are returned unchanged (and refused later).
char32_t fold(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFF01 + 0x21;  // full-width ASCII (FF0D is '-')
  if (cp == 0x3000 || cp == 0x00A0) return U' ';
  if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE58 || cp == 0xFE63) return U'-';
  return cp;
}

bool trimmable(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool allowed(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '/';
}

}  // namespace

Result<std::string> normalise_batch_number(std::string_view text) {
  std::string folded;
  folded.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    auto cp = next_code_point(text, pos);
    if (!cp) return Error::rule("A batch number must be valid UTF-8 text.");
    const char32_t c = fold(*cp);
    // Anything still outside ASCII has no ASCII form here: refused below, never stored. C1
    // controls (U+0080-009F) stand in as DEL so they are reported as control characters.
    if (c < 0x80)
      folded += static_cast<char>(c);
    else
      folded += c <= 0x9F ? '\x7F' : '\x80';
  }
  const auto first = std::find_if_not(folded.begin(), folded.end(), trimmable);
  const auto last = std::find_if_not(folded.rbegin(), folded.rend(), trimmable).base();
  if (first >= last) return std::string();
  std::string out(first, last);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  for (char c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return Error::rule("A batch number must not contain control characters.");
    if (!allowed(c)) {
      return Error::rule("A batch number may contain only the letters A-Z, the digits 0-9 and - . / (no spaces).");
    }
  }
  if (out.size() > kMaxBatchNumberLength) {
    return Error::rule("A batch number is at most " + std::to_string(kMaxBatchNumberLength) + " characters.");
  }
  return out;
}

}  // namespace hf::domain
