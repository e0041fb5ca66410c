#pragma once
// The short human code of a signed prescription, e.g. "HF-7K3M-9Q2P" (DOMAIN.md: "a short human
// code (for phone or typing, with a check character so one typo is caught)").
//
// Seven random symbols and one check symbol from a 29-symbol alphabet without look-alikes
// (no 0/O, 1/I/L, U, S). The check symbol makes  sum(i * value_i, i = 1..8) == 0 (mod 29).
// Because 29 is prime and every weight 1..8 is non-zero mod 29:
//  - a substitution at position i changes the sum by i * (new - old), never 0 mod 29;
//  - swapping positions i < j changes it by (j - i) * (v_i - v_j), never 0 mod 29 when the
//    symbols differ, so every adjacent (and every other) transposition is caught too.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace hf::domain {

inline constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRTVWXYZ";
inline constexpr std::string_view kCodePrefix = "HF";
inline constexpr std::size_t kCodeSymbols = 8;  // 7 random + 1 check
inline constexpr std::size_t kCodeRandomBytes = 8;

static_assert(kCodeAlphabet.size() == 29, "the check symbol relies on a prime-sized alphabet");

class PrescriptionCode {
 public:
  // Randomness is passed in (the caller uses libsodium): the 64 bits become 7 base-29 symbols
  // (29^7 ~ 1.7e10 codes; the modulo bias is below 1e-9).
  static PrescriptionCode generate(const std::array<std::uint8_t, kCodeRandomBytes>& random_bytes);

  const std::string& text() const { return text_; }  // "HF-7K3M-9Q2P"
  std::string symbols() const;                       // "7K3M9Q2P"

  friend bool operator==(const PrescriptionCode&, const PrescriptionCode&) = default;

 private:
  friend Result<PrescriptionCode> validate_prescription_code(std::string_view);
  explicit PrescriptionCode(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

// The check symbol for 7 alphabet symbols (precondition: each is in kCodeAlphabet).
char code_check_symbol(std::string_view seven_symbols);

// Brings what a person typed to the canonical "HF-XXXX-XXXX" without judging the check symbol:
// case-insensitive, hyphens and spaces anywhere ignored, the "HF" prefix optional, Arabic-Indic
// digits accepted. Look-alike characters that codes never contain (O, 0, I, L, 1, U, S) are refused
// rather than guessed. ErrorKind::invalid with a field error on "code".
Result<std::string> normalise_prescription_code(std::string_view input);

// normalise_prescription_code() and then the check symbol.
Result<PrescriptionCode> validate_prescription_code(std::string_view input);

// `text` with every canonical code in it ("HF-7K3M-9Q2P") replaced by "HF-****-****", for log
// lines: the code is the patient's secret, whoever holds it can fill the prescription.
std::string mask_prescription_codes(std::string_view text);

}  // namespace hf::domain
