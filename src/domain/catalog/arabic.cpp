#include "domain/catalog/arabic.hpp"

#include <cstdint>

namespace hf::domain {
namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes one code point at text[i] and advances i. Rejects overlong forms, surrogates and values
// above U+10FFFF; on any error consumes one byte and answers kInvalid.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    ++i;
    return kInvalid;
  }
  if (i + len > text.size()) {
    ++i;
    return kInvalid;
  }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return kInvalid;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return kInvalid;
  }
  i += len;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_space(char32_t cp) {
  return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Characters that carry no letter: Arabic marks, tatweel, zero-width joiners and direction marks,
// the BOM. Typing them or not must not change a match.
bool is_ignorable(char32_t cp) {
  return (cp >= 0x064B && cp <= 0x0652) || cp == 0x0670 || cp == 0x0640 || (cp >= 0x200B && cp <= 0x200F) ||
         cp == 0xFEFF || cp == 0x061C;
}

// The folding table; answers the code point unchanged when nothing applies.
char32_t fold(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  // Latin-1 capitals À..Þ except × (U+00D7).
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
  // Latin Extended-A: capitals at even code points, the small letter right after (Ā ā ... ž).
  if (cp >= 0x0100 && cp <= 0x0137 && cp % 2 == 0) return cp + 1;
  if (cp >= 0x0139 && cp <= 0x0148 && cp % 2 == 1) return cp + 1;
  if (cp >= 0x014A && cp <= 0x0177 && cp % 2 == 0) return cp + 1;
  if (cp == 0x0178) return 0xFF;
  if (cp >= 0x0179 && cp <= 0x017E && cp % 2 == 1) return cp + 1;
  switch (cp) {
    case 0x0622:  // آ
    case 0x0623:  // أ
    case 0x0625:  // إ
    case 0x0671:  // ٱ
      return 0x0627;
    case 0x0629:  // ة
      return 0x0647;
    case 0x0649:  // ى
    case 0x0626:  // ئ
    case 0x06CC:  // Persian yeh, common in text pasted from other keyboards
      return 0x064A;
    case 0x0624:  // ؤ
      return 0x0648;
    case 0x06A9:  // Persian keheh
      return 0x0643;
    default:
      break;
  }
  if (cp >= 0x0660 && cp <= 0x0669) return '0' + (cp - 0x0660);  // Arabic-Indic digits
  if (cp >= 0x06F0 && cp <= 0x06F9) return '0' + (cp - 0x06F0);  // Extended (Persian) digits
  return cp;
}

}  // namespace

std::string normalize_for_search(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const char32_t cp = next_code_point(text, i);
    if (cp == kInvalid || cp == 0 || is_ignorable(cp)) continue;
    if (is_space(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    append_utf8(out, fold(cp));
  }
  return out;
}

}  // namespace hf::domain
