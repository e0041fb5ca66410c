#pragma once
// The Egyptian national ID: 14 digits `C YYMMDD GG SSSS K` (DOMAIN.md "Egyptian national ID").
// Parsing validates it and derives birth date, sex and governorate; nothing here does I/O.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "domain/date.hpp"
#include "domain/result.hpp"

namespace hf::domain {

enum class Sex { male, female };
std::string_view to_string(Sex sex);  // "male" / "female"
std::optional<Sex> sex_from_string(std::string_view text);

// A governorate code as it appears in digits 8-9 of the ID.
struct Governorate {
  int code;
  std::string_view name_en;
  std::string_view name_ar;
};

// All codes DOMAIN.md lists, ascending; 88 means born abroad.
std::span<const Governorate> governorates();
// nullptr for a code that is not on the list.
const Governorate* find_governorate(int code);

struct NationalIdOptions {
  // DOMAIN.md: the check digit algorithm is not officially published, so its check sits behind a
  // setting that is off by default.
  bool verify_check_digit = false;
};

// A national ID that passed parse_national_id(); only that function makes one.
class NationalId {
 public:
  const std::string& digits() const { return digits_; }  // 14 ASCII digits
  Date birth_date() const { return birth_date_; }
  Sex sex() const { return sex_; }
  const Governorate& governorate() const { return *governorate_; }
  int sequence() const { return sequence_; }  // digits 10-13
  int check_digit() const { return digits_.back() - '0'; }
  // For display and logs: "2**********45" (first digit and last two only).
  std::string masked() const;

  friend bool operator==(const NationalId& a, const NationalId& b) { return a.digits_ == b.digits_; }

 private:
  friend Result<NationalId> parse_national_id(std::string_view, const NationalIdOptions&, Date);
  NationalId() = default;

  std::string digits_;
  Date birth_date_;
  Sex sex_ = Sex::male;
  const Governorate* governorate_ = nullptr;
  int sequence_ = 0;
};

// Accepts ASCII digits and both Arabic-Indic digit sets (U+0660..0669 and U+06F0..06F9), mixed,
// normalised to ASCII; trims surrounding whitespace (also no-break space and bidi marks that
// copy-paste from Arabic text brings). Refuses inner spaces, letters, wrong length, a century
// digit other than 2/3, an impossible date or one after `today`, an unknown governorate, and
// (only when opt.verify_check_digit) a wrong check digit. Errors are ErrorKind::invalid with a
// field error on "national_id"; messages never echo the ID.
Result<NationalId> parse_national_id(std::string_view input, const NationalIdOptions& opt, Date today);

// The commonly reported check digit: weights 2,7,6,5,4,3,2,7,6,5,4,3,2 over the first 13 digits,
// (11 - sum mod 11) mod 10. UNOFFICIAL (reverse-engineered by the public, not published by the
// Civil Status Organisation); see NationalIdOptions. `first13` must be 13 ASCII digits.
int national_id_check_digit(std::string_view first13);

// DOMAIN.md: birth date, sex and governorate derived from the ID must agree with any values given
// separately. Returns ok, or ErrorKind::rule_broken naming every disagreeing field
// ("birth_date", "sex", "governorate").
Status check_agreement(const NationalId& id, std::optional<Date> birth_date, std::optional<Sex> sex,
                       std::optional<int> governorate_code);

// Masks any string the same way as NationalId::masked() (first character and last two kept);
// strings shorter than 4 characters are masked entirely. Works on bytes: pass ASCII digits.
std::string mask_national_id(std::string_view digits);

}  // namespace hf::domain
