#include "domain/prescription_code.hpp"

#include "domain/digits.hpp"

namespace hf::domain {

namespace {

constexpr std::string_view kField = "code";
constexpr int kModulus = static_cast<int>(kCodeAlphabet.size());
constexpr int kInverseOfLastWeight = 11;  // 8 * 11 = 88 = 3 * 29 + 1
static_assert((kCodeSymbols * kInverseOfLastWeight) % kModulus == 1);

Error code_error(std::string message) {
  std::string copy = message;
  return Error::invalid(std::move(message), {{std::string(kField), std::move(copy)}});
}

int value_of(char symbol) {
  return static_cast<int>(kCodeAlphabet.find(symbol));
}

std::string format(std::string_view symbols) {
  std::string out(kCodePrefix);
  out += '-';
  out += symbols.substr(0, 4);
  out += '-';
  out += symbols.substr(4, 4);
  return out;
}

// Why a character that is not in the alphabet was refused, in words a pharmacist can act on.
std::string refusal(char c) {
  switch (c) {
    case 'O':
    case '0':
      return "prescription codes never contain the letter O or the digit 0";
    case 'I':
    case 'L':
    case '1':
      return "prescription codes never contain the letters I or L or the digit 1";
    case 'U':
      return "prescription codes never contain the letter U (did you mean V?)";
    case 'S':
      return "prescription codes never contain the letter S (did you mean 5?)";
    default:
      return "prescription codes contain only the digits 2-9 and letters; found an unexpected character";
  }
}

}  // namespace

char code_check_symbol(std::string_view seven_symbols) {
  int sum = 0;
  for (std::size_t i = 0; i < seven_symbols.size(); ++i) sum += static_cast<int>(i + 1) * value_of(seven_symbols[i]);
  const int check = (kModulus - sum % kModulus) % kModulus * kInverseOfLastWeight % kModulus;
  return kCodeAlphabet[static_cast<std::size_t>(check)];
}

PrescriptionCode PrescriptionCode::generate(const std::array<std::uint8_t, kCodeRandomBytes>& random_bytes) {
  std::uint64_t r = 0;
  for (std::uint8_t b : random_bytes) r = (r << 8) | b;
  std::string symbols;
  for (std::size_t i = 0; i + 1 < kCodeSymbols; ++i) {
    symbols += kCodeAlphabet[r % kModulus];
    r /= kModulus;
  }
  symbols += code_check_symbol(symbols);
  return PrescriptionCode(format(symbols));
}

std::string PrescriptionCode::symbols() const {
  return text_.substr(3, 4) + text_.substr(8, 4);
}

Result<std::string> normalise_prescription_code(std::string_view input) {
  std::string s;
  for (std::size_t i = 0; i < input.size();) {
    const char c = input[i];
    if (c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    std::size_t len = 0;
    const int d = decode_digit(input.substr(i), len);
    if (d >= 0) {
      s += static_cast<char>('0' + d);
      i += len;
      continue;
    }
    s += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    ++i;
  }
  if (s.empty()) return code_error("prescription code is required");
  // "HF" is optional. Only input longer than 8 symbols can carry it, so no 8-symbol code that
  // happens to start with H F is misread.
  if (s.size() > kCodeSymbols && s.starts_with(kCodePrefix)) s.erase(0, kCodePrefix.size());
  for (char c : s) {
    if (kCodeAlphabet.find(c) == std::string_view::npos) return code_error(refusal(c));
  }
  if (s.size() != kCodeSymbols) {
    return code_error("a prescription code has 8 characters after HF- (like HF-7K3M-9Q2P); got " +
                      std::to_string(s.size()));
  }
  return format(s);
}

Result<PrescriptionCode> validate_prescription_code(std::string_view input) {
  auto text = normalise_prescription_code(input);
  if (!text.ok()) return text.error();
  const std::string symbols = text->substr(3, 4) + text->substr(8, 4);
  if (code_check_symbol(std::string_view(symbols).substr(0, kCodeSymbols - 1)) != symbols.back()) {
    return code_error("prescription code is mistyped: its check character does not match");
  }
  return PrescriptionCode(std::move(*text));
}

std::string mask_prescription_codes(std::string_view text) {
  constexpr std::string_view kMask = "HF-****-****";
  auto symbol = [](char c) { return kCodeAlphabet.find(c) != std::string_view::npos; };
  auto code_at = [&](std::size_t i) {
    if (text.size() - i < kMask.size() || text.substr(i, 3) != "HF-" || text[i + 7] != '-') return false;
    for (std::size_t k : {3, 4, 5, 6, 8, 9, 10, 11})
      if (!symbol(text[i + k])) return false;
    return true;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (code_at(i)) {
      out += kMask;
      i += kMask.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

}  // namespace hf::domain
