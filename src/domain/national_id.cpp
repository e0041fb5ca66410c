#include "domain/national_id.hpp"

#include <algorithm>
#include <array>

#include "domain/digits.hpp"

namespace hf::domain {

namespace {

constexpr std::string_view kField = "national_id";

// DOMAIN.md list of governorate codes.
constexpr std::array<Governorate, 28> kGovernorates = {{
    {1, "Cairo", "القاهرة"},
    {2, "Alexandria", "الإسكندرية"},
    {3, "Port Said", "بورسعيد"},
    {4, "Suez", "السويس"},
    {11, "Damietta", "دمياط"},
    {12, "Dakahlia", "الدقهلية"},
    {13, "Sharqia", "الشرقية"},
    {14, "Qalyubia", "القليوبية"},
    {15, "Kafr El Sheikh", "كفر الشيخ"},
    {16, "Gharbia", "الغربية"},
    {17, "Monufia", "المنوفية"},
    {18, "Beheira", "البحيرة"},
    {19, "Ismailia", "الإسماعيلية"},
    {21, "Giza", "الجيزة"},
    {22, "Beni Suef", "بني سويف"},
    {23, "Fayoum", "الفيوم"},
    {24, "Minya", "المنيا"},
    {25, "Assiut", "أسيوط"},
    {26, "Sohag", "سوهاج"},
    {27, "Qena", "قنا"},
    {28, "Aswan", "أسوان"},
    {29, "Luxor", "الأقصر"},
    {31, "Red Sea", "البحر الأحمر"},
    {32, "New Valley", "الوادي الجديد"},
    {33, "Matrouh", "مطروح"},
    {34, "North Sinai", "شمال سيناء"},
    {35, "South Sinai", "جنوب سيناء"},
    {88, "Born abroad", "خارج الجمهورية"},
}};

Error id_error(std::string message) {
  std::string copy = message;
  return Error::invalid(std::move(message), {{std::string(kField), std::move(copy)}});
}

// Length in bytes of a whitespace-like code point at the start of `s`, or 0: ASCII space and
// controls \t\n\v\f\r, U+00A0 no-break space, U+200E/U+200F LRM/RLM, U+061C Arabic letter mark.
std::size_t blank_prefix(std::string_view s) {
  if (s.empty()) return 0;
  const auto c = static_cast<unsigned char>(s[0]);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0") return 2;
  if (s.size() >= 2 && s.substr(0, 2) == "\xD8\x9C") return 2;
  if (s.size() >= 3 && (s.substr(0, 3) == "\xE2\x80\x8E" || s.substr(0, 3) == "\xE2\x80\x8F")) return 3;
  return 0;
}

// The same at the end of `s`.
std::size_t blank_suffix(std::string_view s) {
  for (std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{3}}) {
    if (s.size() >= n && blank_prefix(s.substr(s.size() - n)) == n) return n;
  }
  return 0;
}

std::string_view trim(std::string_view s) {
  while (std::size_t n = blank_prefix(s)) s.remove_prefix(n);
  while (std::size_t n = blank_suffix(s)) s.remove_suffix(n);
  return s;
}

// Byte length of the UTF-8 sequence starting with `b0` (1 for invalid lead bytes, to move on).
std::size_t utf8_length(unsigned char b0) {
  if (b0 >= 0xF0 && b0 <= 0xF7) return 4;
  if (b0 >= 0xE0) return 3;
  if (b0 >= 0xC0) return 2;
  return 1;
}

std::string describe(std::string_view code_point) {
  if (code_point == " ") return "a space";
  const auto c = static_cast<unsigned char>(code_point[0]);
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return "a letter";
  if (c < 0x80) return "a character that is not a digit";
  return "a non-digit character";
}

int two(const std::string& d, std::size_t pos) {
  return (d[pos] - '0') * 10 + (d[pos + 1] - '0');
}

}  // namespace

std::string_view to_string(Sex sex) {
  return sex == Sex::male ? "male" : "female";
}

std::optional<Sex> sex_from_string(std::string_view text) {
  if (text == "male") return Sex::male;
  if (text == "female") return Sex::female;
  return std::nullopt;
}

std::span<const Governorate> governorates() {
  return kGovernorates;
}

const Governorate* find_governorate(int code) {
  auto it =
      std::find_if(kGovernorates.begin(), kGovernorates.end(), [&](const Governorate& g) { return g.code == code; });
  return it == kGovernorates.end() ? nullptr : &*it;
}

int national_id_check_digit(std::string_view first13) {
  static constexpr std::array<int, 13> kWeights = {2, 7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size(); ++i) sum += (first13[i] - '0') * kWeights[i];
  return (11 - sum % 11) % 10;
}

Result<NationalId> parse_national_id(std::string_view input, const NationalIdOptions& opt, Date today) {
  const std::string_view s = trim(input);
  if (s.empty()) return id_error("national ID is required");

  // Normalise every digit to ASCII; stop at the first code point that is not a digit.
  std::string digits;
  std::size_t position = 0;
  for (std::size_t i = 0; i < s.size();) {
    ++position;
    std::size_t len = 0;
    const int d = decode_digit(s.substr(i), len);
    if (d < 0) {
      const std::size_t n = std::min(utf8_length(static_cast<unsigned char>(s[i])), s.size() - i);
      return id_error("national ID must contain only digits; found " + describe(s.substr(i, n)) + " at position " +
                      std::to_string(position));
    }
    digits.push_back(static_cast<char>('0' + d));
    i += len;
  }
  if (digits.size() != 14) {
    return id_error("national ID must be exactly 14 digits; got " + std::to_string(digits.size()));
  }

  const int century = digits[0] - '0';
  if (century != 2 && century != 3) {
    return id_error("national ID must start with 2 (born 1900-1999) or 3 (born 2000-2099)");
  }
  const Date birth{(century == 2 ? 1900 : 2000) + two(digits, 1), two(digits, 3), two(digits, 5)};
  if (birth.month < 1 || birth.month > 12) {
    return id_error("national ID birth date is impossible: month must be 01-12 (digits 4-5)");
  }
  if (!is_valid_date(birth)) {
    if (birth.month == 2 && birth.day == 29) {
      return id_error("national ID birth date is impossible: 29 February in a year that is not a leap year");
    }
    return id_error("national ID birth date is impossible: day must be 01-" +
                    std::to_string(days_in_month(birth.year, birth.month)) + " for that month (digits 6-7)");
  }
  if (birth > today) return id_error("national ID birth date is in the future");

  const int code = two(digits, 7);
  const Governorate* gov = find_governorate(code);
  if (gov == nullptr) {
    return id_error("national ID governorate code " + digits.substr(7, 2) + " (digits 8-9) is unknown");
  }

  if (opt.verify_check_digit && national_id_check_digit(digits) != digits[13] - '0') {
    return id_error("national ID check digit (last digit) does not match; please re-type the ID");
  }

  NationalId id;
  id.sequence_ = std::stoi(digits.substr(9, 4));
  // DOMAIN.md: the sequence's last digit (13th of the ID) is odd for males, even for females.
  id.sex_ = (digits[12] - '0') % 2 == 1 ? Sex::male : Sex::female;
  id.birth_date_ = birth;
  id.governorate_ = gov;
  id.digits_ = std::move(digits);
  return id;
}

Status check_agreement(const NationalId& id, std::optional<Date> birth_date, std::optional<Sex> sex,
                       std::optional<int> governorate_code) {
  std::vector<FieldError> fields;
  if (birth_date && *birth_date != id.birth_date()) {
    fields.push_back({"birth_date", "birth date does not match the national ID"});
  }
  if (sex && *sex != id.sex()) fields.push_back({"sex", "sex does not match the national ID"});
  if (governorate_code && *governorate_code != id.governorate().code) {
    fields.push_back({"governorate", "governorate does not match the national ID"});
  }
  if (fields.empty()) return ok_status();
  return Error::rule("details do not match the national ID", std::move(fields));
}

std::string mask_national_id(std::string_view digits) {
  if (digits.size() < 4) return std::string(digits.size(), '*');
  std::string out(digits.size(), '*');
  out.front() = digits.front();
  out[out.size() - 2] = digits[digits.size() - 2];
  out.back() = digits.back();
  return out;
}

std::string NationalId::masked() const {
  return mask_national_id(digits_);
}

}  // namespace hf::domain
