#include "domain/national_id.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hf::domain {
namespace {

constexpr Date kToday{2026, 11, 29};
const NationalIdOptions kDefault{};

struct Valid {
  std::string input;
  Date birth;
  int governorate;
  Sex sex;
  std::string normalised;
};

// DOMAIN.md "Egyptian national ID": C YYMMDD GG SSSS K, century 2 = 1900s, 3 = 2000s.
const std::vector<Valid> kValid = {
    {"29001010112345", {1990, 1, 1}, 1, Sex::female, "29001010112345"},
    {"29001010112355", {1990, 1, 1}, 1, Sex::male, "29001010112355"},
    {"30002290212341", {2000, 2, 29}, 2, Sex::female, "30002290212341"},  // 2000 is a leap year (÷400)
    {"30402290112371", {2004, 2, 29}, 1, Sex::male, "30402290112371"},
    {"29602291300011", {1996, 2, 29}, 13, Sex::male, "29602291300011"},
    {"32402291400027", {2024, 2, 29}, 14, Sex::female, "32402291400027"},
    {"28506158800123", {1985, 6, 15}, 88, Sex::female, "28506158800123"},  // born abroad
    {"20001010100000", {1900, 1, 1}, 1, Sex::female, "20001010100000"},
    {"29912312112345", {1999, 12, 31}, 21, Sex::female, "29912312112345"},
    {"30001012112395", {2000, 1, 1}, 21, Sex::male, "30001012112395"},
    {"32611293500019", {2026, 11, 29}, 35, Sex::male, "32611293500019"},  // born today
    {"29004302900000", {1990, 4, 30}, 29, Sex::female, "29004302900000"},
    {"٢٩٠٠١٠١٠١١٢٣٤٥", {1990, 1, 1}, 1, Sex::female, "29001010112345"},  // Arabic-Indic digits
    {"۲۹۰۰۱۰۱۰۱۱۲۳۵۵", {1990, 1, 1}, 1, Sex::male, "29001010112355"},    // Eastern Arabic-Indic digits
    {"29001٠١٠١١۲۳٤٥", {1990, 1, 1}, 1, Sex::female, "29001010112345"},  // mixed digit sets
    {"  29001010112345\t\n", {1990, 1, 1}, 1, Sex::female, "29001010112345"},
    {"\xC2\xA0"
     "29001010112345"
     "\xC2\xA0",
     {1990, 1, 1},
     1,
     Sex::female,
     "29001010112345"},  // no-break spaces
    {"\xE2\x80\x8F"
     "٢٩٠٠١٠١٠١١٢٣٤٥"
     "\xE2\x80\x8F",
     {1990, 1, 1},
     1,
     Sex::female,
     "29001010112345"},  // RLM
};

struct Invalid {
  std::string input;
  std::string message_part;
};

const std::vector<Invalid> kInvalid = {
    // impossible dates
    {"20002290112345", "29 February in a year that is not a leap year"},  // 1900 is not a leap year (÷100)
    {"30102290112345", "29 February in a year that is not a leap year"},
    {"32302290112345", "29 February in a year that is not a leap year"},
    {"29902290112345", "29 February in a year that is not a leap year"},
    {"32402300112345", "day must be 01-29"},
    {"29002290112345", "29 February"},
    {"29000010112345", "month must be 01-12"},
    {"29013010112345", "month must be 01-12"},
    {"29001000112345", "day must be 01-31"},
    {"29001320112345", "day must be 01-31"},
    {"29004310112345", "day must be 01-30"},
    {"29011310112345", "day must be 01-30"},
    // future dates
    {"32611300112345", "in the future"},
    {"32612010112345", "in the future"},
    {"32701010112345", "in the future"},
    {"39901010112345", "in the future"},
    // century digit
    {"19001010112345", "must start with 2"},
    {"49001010112345", "must start with 2"},
    {"09001010112345", "must start with 2"},
    // unknown governorates
    {"29001010012345", "governorate code 00 (digits 8-9) is unknown"},
    {"29001010512345", "governorate code 05"},
    {"29001011012345", "governorate code 10"},
    {"29001012012345", "governorate code 20"},
    {"29001013012345", "governorate code 30"},
    {"29001013612345", "governorate code 36"},
    {"29001018712345", "governorate code 87"},
    {"29001018912345", "governorate code 89"},
    {"29001019912345", "governorate code 99"},
    // length
    {"", "required"},
    {"   ", "required"},
    {"2900101011234", "exactly 14 digits; got 13"},
    {"290010101123456", "exactly 14 digits; got 15"},
    {"2", "exactly 14 digits; got 1"},
    {"٢٩٠٠١٠١٠١١٢٣٤", "exactly 14 digits; got 13"},
    // non-digits
    {"2900101011234A", "found a letter at position 14"},
    {"A9001010112345", "found a letter at position 1"},
    {"2900101 0112345", "found a space at position 8"},
    {"2900101\t0112345", "at position 8"},
    {"29001010-112345", "at position 9"},
    {"2 9001010112345", "found a space at position 2"},
    {"٢٩٠٠١٠١٠١١٢٣٤ب", "found a non-digit character at position 14"},
    {"２9001010112345", "found a non-digit character at position 1"},  // fullwidth digit is not accepted
    {"2900101011234.5", "at position 14"},
    {"+29001010112345", "at position 1"},
    {"29001010112345x", "at position 15"},
};

TEST(NationalId, AcceptsValidIdsAndDerivesBirthDateSexAndGovernorate) {
  for (const auto& c : kValid) {
    auto r = parse_national_id(c.input, kDefault, kToday);
    ASSERT_TRUE(r.ok()) << c.input << ": " << r.error().message;
    EXPECT_EQ(r->digits(), c.normalised) << c.input;
    EXPECT_EQ(r->birth_date(), c.birth) << c.input;
    EXPECT_EQ(r->governorate().code, c.governorate) << c.input;
    EXPECT_EQ(r->sex(), c.sex) << c.input;
  }
}

TEST(NationalId, RefusesInvalidIdsNamingTheProblem) {
  for (const auto& c : kInvalid) {
    auto r = parse_national_id(c.input, kDefault, kToday);
    ASSERT_FALSE(r.ok()) << c.input;
    EXPECT_EQ(r.error().kind, ErrorKind::invalid) << c.input;
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos)
        << c.input << " -> " << r.error().message << " (wanted: " << c.message_part << ")";
    ASSERT_EQ(r.error().fields.size(), 1u);
    EXPECT_EQ(r.error().fields[0].field, "national_id");
  }
}

TEST(NationalId, TableCoversAtLeastFortyFiveIds) {
  EXPECT_GE(kValid.size() + kInvalid.size(), 45u);
}

TEST(NationalId, ErrorMessagesNeverEchoTheId) {
  for (const auto& c : kInvalid) {
    if (c.input.size() < 10) continue;
    auto r = parse_national_id(c.input, kDefault, kToday);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message.find(c.input.substr(0, 10)), std::string::npos) << r.error().message;
  }
}

TEST(NationalId, FutureIsJudgedAgainstTheGivenToday) {
  EXPECT_FALSE(parse_national_id("32611300112345", kDefault, kToday).ok());
  EXPECT_TRUE(parse_national_id("32611300112345", kDefault, {2026, 11, 30}).ok());
  EXPECT_FALSE(parse_national_id("29001010112345", kDefault, {1989, 12, 31}).ok());
}

TEST(NationalId, EveryListedGovernorateIsAcceptedAndNoOther) {
  const std::set<int> listed = {1,  2,  3,  4,  11, 12, 13, 14, 15, 16, 17, 18, 19, 21,
                                22, 23, 24, 25, 26, 27, 28, 29, 31, 32, 33, 34, 35, 88};
  EXPECT_EQ(governorates().size(), listed.size());
  for (int code = 0; code <= 99; ++code) {
    char gg[3];
    gg[0] = static_cast<char>('0' + code / 10);
    gg[1] = static_cast<char>('0' + code % 10);
    gg[2] = 0;
    const std::string id = std::string("2900101") + gg + "12345";
    auto r = parse_national_id(id, kDefault, kToday);
    EXPECT_EQ(r.ok(), listed.count(code) == 1) << code;
    if (r.ok()) {
      EXPECT_EQ(r->governorate().code, code);
      EXPECT_FALSE(r->governorate().name_en.empty());
      EXPECT_FALSE(r->governorate().name_ar.empty());
    }
  }
  EXPECT_EQ(find_governorate(1)->name_en, "Cairo");
  EXPECT_EQ(find_governorate(1)->name_ar, "القاهرة");
  EXPECT_EQ(find_governorate(88)->name_en, "Born abroad");
  EXPECT_EQ(find_governorate(21)->name_en, "Giza");
  EXPECT_EQ(find_governorate(20), nullptr);
}

TEST(NationalId, SexFollowsTheParityOfTheThirteenthDigit) {
  for (int d = 0; d <= 9; ++d) {
    const std::string id = "29001010112" + std::to_string(d) + std::to_string(d) + "5";
    auto r = parse_national_id(id, kDefault, kToday);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->sex(), d % 2 == 1 ? Sex::male : Sex::female) << id;
  }
}

TEST(NationalId, EveryDayOfLeapAndCommonYearsParses) {
  for (int year : {1900, 1999, 2000, 2023, 2024}) {
    int accepted = 0;
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= 31; ++d) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%d%02d%02d%02d0112345", year < 2000 ? 2 : 3, year % 100, m, d);
        const bool real = is_valid_date(year, m, d);
        EXPECT_EQ(parse_national_id(buf, kDefault, kToday).ok(), real) << buf;
        accepted += real ? 1 : 0;
      }
    }
    EXPECT_EQ(accepted, is_leap_year(year) ? 366 : 365);
  }
}

std::string with_check_digit(const std::string& first13) {
  return first13 + std::to_string(national_id_check_digit(first13));
}

TEST(NationalId, CheckDigitIsIgnoredByDefault) {
  const std::string good = with_check_digit("2900101011234");
  for (char k = '0'; k <= '9'; ++k) {
    std::string id = good;
    id.back() = k;
    EXPECT_TRUE(parse_national_id(id, kDefault, kToday).ok()) << id;
  }
}

TEST(NationalId, CheckDigitIsVerifiedWhenEnabled) {
  const NationalIdOptions strict{.verify_check_digit = true};
  for (const std::string body : {"2900101011234", "3000229021234", "2850615880012", "3240229140002"}) {
    const std::string good = with_check_digit(body);
    EXPECT_TRUE(parse_national_id(good, strict, kToday).ok()) << good;
    int refused = 0;
    for (char k = '0'; k <= '9'; ++k) {
      if (k == good.back()) continue;
      std::string id = good;
      id.back() = k;
      auto r = parse_national_id(id, strict, kToday);
      ASSERT_FALSE(r.ok()) << id;
      EXPECT_NE(r.error().message.find("check digit"), std::string::npos);
      ++refused;
    }
    EXPECT_EQ(refused, 9);
  }
}

TEST(NationalId, CheckDigitFollowsTheWeightedModElevenScheme) {
  // 2*2 + 9*7 + 0*6 + 0*5 + 1*4 + 0*3 + 1*2 + 0*7 + 1*6 + 1*5 + 2*4 + 3*3 + 4*2 = 109; 109 mod 11 = 10;
  // 11 - 10 = 1.
  EXPECT_EQ(national_id_check_digit("2900101011234"), 1);
  // All zeros but the century: 2*2 = 4 -> 11 - 4 = 7.
  EXPECT_EQ(national_id_check_digit("2000000000000"), 7);
  // 3*2 + 2*4 + 2*3 + 9*2 + 2*6 + 1*5 + 2*4 + 3*3 + 4*2 = 80; 80 mod 11 = 3; 11 - 3 = 8.
  EXPECT_EQ(national_id_check_digit("3000229021234"), 8);
  // Remainder 1 gives 10, written 0; remainder 0 gives 11, written 1.
  EXPECT_EQ(national_id_check_digit("2000000000004"), 0);  // sum 12
  EXPECT_EQ(national_id_check_digit("2000000000009"), 1);  // sum 22
}

TEST(NationalId, AgreementAcceptsMatchingOrAbsentValues) {
  auto id = parse_national_id("29001010112355", kDefault, kToday);
  ASSERT_TRUE(id.ok());
  EXPECT_TRUE(check_agreement(*id, std::nullopt, std::nullopt, std::nullopt).ok());
  EXPECT_TRUE(check_agreement(*id, Date{1990, 1, 1}, Sex::male, 1).ok());
}

TEST(NationalId, AgreementNamesEveryDisagreeingField) {
  auto id = parse_national_id("29001010112355", kDefault, kToday);
  ASSERT_TRUE(id.ok());
  struct Case {
    std::optional<Date> birth;
    std::optional<Sex> sex;
    std::optional<int> gov;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {Date{1990, 1, 2}, std::nullopt, std::nullopt, {"birth_date"}},
      {std::nullopt, Sex::female, std::nullopt, {"sex"}},
      {std::nullopt, std::nullopt, 2, {"governorate"}},
      {Date{1991, 1, 1}, Sex::female, 88, {"birth_date", "sex", "governorate"}},
      {Date{1990, 1, 1}, Sex::female, 1, {"sex"}},
  };
  for (const auto& c : cases) {
    auto s = check_agreement(*id, c.birth, c.sex, c.gov);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().kind, ErrorKind::rule_broken);
    std::vector<std::string> got;
    for (const auto& f : s.error().fields) got.push_back(f.field);
    EXPECT_EQ(got, c.fields);
  }
}

TEST(NationalId, MaskShowsOnlyFirstDigitAndLastTwo) {
  auto id = parse_national_id("٢٩٠٠١٠١٠١١٢٣٤٥", kDefault, kToday);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->masked(), "2***********45");
  EXPECT_EQ(mask_national_id("29001010112345"), "2***********45");
  EXPECT_EQ(mask_national_id("1234"), "1*34");
  EXPECT_EQ(mask_national_id("123"), "***");
  EXPECT_EQ(mask_national_id(""), "");
}

TEST(NationalId, SexNamesRoundTrip) {
  EXPECT_EQ(to_string(Sex::male), "male");
  EXPECT_EQ(to_string(Sex::female), "female");
  EXPECT_EQ(sex_from_string("female"), Sex::female);
  EXPECT_EQ(sex_from_string("male"), Sex::male);
  EXPECT_EQ(sex_from_string("M"), std::nullopt);
}

}  // namespace
}  // namespace hf::domain
