#include "domain/sig.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace hf::domain {
namespace {

Sig make(double amount, std::string unit, int times, int days, std::string route = "", std::string instr = "") {
  return Sig{amount, std::move(unit), times, days, std::move(route), std::move(instr)};
}

TEST(Sig, DoseAmountsUseSafeNotation) {
  struct Case {
    double amount;
    const char* text;
  };
  const std::vector<Case> cases = {{0.5, "0.5"},   {1, "1"},         {1.0, "1"},     {2.5, "2.5"},
                                   {0.25, "0.25"}, {0.125, "0.125"}, {10, "10"},     {100, "100"},
                                   {1.10, "1.1"},  {0.1, "0.1"},     {5000, "5000"}, {1.2346, "1.235"}};
  for (const auto& c : cases) EXPECT_EQ(format_dose_amount(c.amount), c.text) << c.amount;
}

TEST(Sig, EnglishTextHasRightPluralsRoutesAndFrequencies) {
  struct Case {
    Sig sig;
    const char* en;
  };
  const std::vector<Case> cases = {
      {make(1, "tablet", 3, 7), "Take 1 tablet 3 times a day for 7 days"},
      {make(2, "tablet", 2, 5, "oral"), "Take 2 tablets by mouth twice a day for 5 days"},
      {make(0.5, "tablet", 1, 30, "oral"), "Take 0.5 tablet by mouth once a day for 30 days"},
      {make(0.25, "tablet", 1, 1), "Take 0.25 tablet once a day for 1 day"},
      {make(1.5, "tablet", 2, 10), "Take 1.5 tablets twice a day for 10 days"},
      {make(5, "mL", 3, 7, "oral", "after meals"), "Take 5 mL by mouth 3 times a day for 7 days, after meals"},
      {make(2.5, "ml", 3, 5), "Take 2.5 mL 3 times a day for 5 days"},
      {make(1, "mL", 1, 2), "Take 1 mL once a day for 2 days"},
      {make(500, "mg", 2, 1), "Take 500 mg twice a day for 1 day"},
      {make(0.125, "mg", 1, 90), "Take 0.125 mg once a day for 90 days"},
      {make(2, "drop", 4, 10, "ophthalmic"), "Use 2 drops in the eye 4 times a day for 10 days"},
      {make(1, "drop", 3, 5, "otic"), "Use 1 drop in the ear 3 times a day for 5 days"},
      {make(2, "puff", 2, 30, "inhalation"), "Inhale 2 puffs twice a day for 30 days"},
      {make(1, "puff", 1, 30), "Inhale 1 puff once a day for 30 days"},
      {make(1, "sachet", 1, 3), "Take 1 sachet once a day for 3 days"},
      {make(10, "unit", 1, 30, "sc"), "Inject 10 units under the skin once a day for 30 days"},
      {make(1, "application", 2, 14, "topical"), "Apply 1 application to the skin twice a day for 14 days"},
      {make(1, "capsule", 24, 1), "Take 1 capsule 24 times a day for 1 day"},
      {make(1, "tablet", 1, 7, "sublingual"), "Place 1 tablet under the tongue once a day for 7 days"},
      {make(1, "application", 1, 7, "vaginal"), "Insert 1 application vaginally once a day for 7 days"},
  };
  for (const auto& c : cases) {
    auto r = write_sig(c.sig);
    ASSERT_TRUE(r.ok()) << c.en << ": " << r.error().message;
    EXPECT_EQ(r->en, c.en);
  }
}

TEST(Sig, ArabicTextMatchesTheLabelExampleWithArabicIndicDigits) {
  auto r = write_sig(make(1, "tablet", 3, 7), ArabicDigits::arabic_indic);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ar, "قرص واحد ٣ مرات يومياً لمدة ٧ أيام");
}

TEST(Sig, ArabicTextHandlesDualPluralAndCountedForms) {
  struct Case {
    Sig sig;
    const char* ar;
  };
  const std::vector<Case> cases = {
      {make(1, "tablet", 3, 7), "قرص واحد 3 مرات يومياً لمدة 7 أيام"},
      {make(2, "tablet", 2, 2, "oral"), "قرصين عن طريق الفم مرتين يومياً لمدة يومين"},
      {make(1, "capsule", 1, 1), "كبسولة واحدة مرة واحدة يومياً لمدة يوم واحد"},
      {make(3, "capsule", 3, 10), "3 كبسولات 3 مرات يومياً لمدة 10 أيام"},
      {make(0.5, "tablet", 1, 11), "نصف قرص مرة واحدة يومياً لمدة 11 يوماً"},
      {make(0.25, "tablet", 1, 14), "ربع قرص مرة واحدة يومياً لمدة 14 يوماً"},
      {make(0.75, "tablet", 1, 30), "ثلاثة أرباع قرص مرة واحدة يومياً لمدة 30 يوماً"},
      {make(1.5, "tablet", 2, 100), "قرص ونصف مرتين يومياً لمدة 100 يوم"},
      {make(2.5, "tablet", 2, 103), "قرصين ونصف مرتين يومياً لمدة 103 أيام"},
      {make(3.5, "tablet", 2, 365), "3 أقراص ونصف مرتين يومياً لمدة 365 يوماً"},
      {make(5, "mL", 12, 5), "5 مل 12 مرة يومياً لمدة 5 أيام"},
      {make(250, "mg", 10, 5), "250 مجم 10 مرات يومياً لمدة 5 أيام"},
      {make(2, "drop", 4, 7, "ophthalmic"), "نقطتين في العين 4 مرات يومياً لمدة 7 أيام"},
      {make(1, "sachet", 1, 3), "كيس واحد مرة واحدة يومياً لمدة 3 أيام"},
      {make(12, "unit", 1, 30, "sc"), "12 وحدة تحت الجلد مرة واحدة يومياً لمدة 30 يوماً"},
      {make(2, "puff", 2, 30, "inhalation"), "بختين بالاستنشاق مرتين يومياً لمدة 30 يوماً"},
      {make(1, "tablet", 3, 5, "oral", "بعد الأكل"), "قرص واحد عن طريق الفم 3 مرات يومياً لمدة 5 أيام، بعد الأكل"},
  };
  for (const auto& c : cases) {
    auto r = write_sig(c.sig);
    ASSERT_TRUE(r.ok()) << c.ar << ": " << r.error().message;
    EXPECT_EQ(r->ar, c.ar);
  }
}

TEST(Sig, ArabicIndicDigitsIncludeTheDecimalSeparatorButNotTheInstructions) {
  auto r = write_sig(make(2.5, "mL", 3, 14, "", "before 8 pm"), ArabicDigits::arabic_indic);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ar, "٢٫٥ مل ٣ مرات يومياً لمدة ١٤ يوماً، before 8 pm");
  EXPECT_EQ(r->en, "Take 2.5 mL 3 times a day for 14 days, before 8 pm");
}

TEST(Sig, DoseUnitsRoundTripAndCcIsNeverAUnit) {
  for (auto u : {DoseUnit::tablet, DoseUnit::capsule, DoseUnit::mL, DoseUnit::mg, DoseUnit::drop, DoseUnit::puff,
                 DoseUnit::sachet, DoseUnit::unit, DoseUnit::application}) {
    EXPECT_EQ(dose_unit_from_string(to_string(u)), u) << to_string(u);
  }
  EXPECT_EQ(to_string(DoseUnit::mL), "mL");
  EXPECT_EQ(dose_unit_from_string("ML"), DoseUnit::mL);
  EXPECT_EQ(dose_unit_from_string("cc"), std::nullopt);
  EXPECT_EQ(dose_unit_from_string("tablets"), std::nullopt);
}

TEST(Sig, NoTextEverContainsCcOrANakedDecimalPoint) {
  for (double amount : {0.1, 0.5, 1.0, 2.5, 10.0}) {
    auto r = write_sig(make(amount, "mL", 2, 3));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->en.find("cc"), std::string::npos);
    EXPECT_EQ(r->en.find(" ."), std::string::npos) << r->en;
    EXPECT_EQ(r->en.find(".0 "), std::string::npos) << r->en;
  }
}

TEST(Sig, ValidationNamesEveryBadField) {
  struct Case {
    Sig sig;
    std::vector<std::string> fields;
    const char* message_part;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<Case> cases = {
      {make(0, "tablet", 1, 1), {"dose_amount"}, "greater than 0"},
      {make(-1, "tablet", 1, 1), {"dose_amount"}, "greater than 0"},
      {make(nan, "tablet", 1, 1), {"dose_amount"}, "greater than 0"},
      {make(inf, "tablet", 1, 1), {"dose_amount"}, "greater than 0"},
      {make(11, "tablet", 1, 1), {"dose_amount"}, "largest sane single dose of 10 tablets"},
      {make(0.3, "tablet", 1, 1), {"dose_amount"}, "quarters"},
      {make(0.5, "capsule", 1, 1), {"dose_amount"}, "capsules cannot be split"},
      {make(1.5, "drop", 1, 1), {"dose_amount"}, "drops cannot be split"},
      {make(0.5, "puff", 1, 1), {"dose_amount"}, "puffs cannot be split"},
      {make(0.25, "sachet", 1, 1), {"dose_amount"}, "halved"},
      {make(2.55, "mL", 1, 1), {"dose_amount"}, "0.1 mL"},
      {make(101, "mL", 1, 1), {"dose_amount"}, "check the unit"},
      {make(5001, "mg", 1, 1), {"dose_amount"}, "check the unit"},
      // Vanishing doses: below one step of the unit the directions would read "Take 0 tablet".
      {make(1e-300, "tablet", 1, 1), {"dose_amount"}, "smallest dose of 0.25 tablet"},
      {make(1e-8, "tablet", 1, 1), {"dose_amount"}, "smallest dose of 0.25 tablet"},
      {make(0.2499, "tablet", 1, 1), {"dose_amount"}, "smallest dose of 0.25 tablet"},
      {make(1e-9, "capsule", 1, 1), {"dose_amount"}, "smallest dose of 1 capsule"},
      {make(0.05, "mL", 1, 1), {"dose_amount"}, "smallest dose of 0.1 mL"},
      {make(1e-12, "mL", 1, 1), {"dose_amount"}, "smallest dose of 0.1 mL"},
      {make(1e-10, "mg", 1, 1), {"dose_amount"}, "smallest dose of 0.001 mg"},
      {make(1e-7, "sachet", 1, 1), {"dose_amount"}, "smallest dose of 0.5 sachet"},
      {make(1e-7, "drop", 1, 1), {"dose_amount"}, "smallest dose of 1 drop"},
      {make(1e-7, "puff", 1, 1), {"dose_amount"}, "smallest dose of 1 puff"},
      {make(1e-7, "unit", 1, 1), {"dose_amount"}, "smallest dose of 1 unit"},
      {make(1e-7, "application", 1, 1), {"dose_amount"}, "smallest dose of 1 application"},
      {make(1, "cc", 1, 1), {"dose_unit"}, "never cc"},
      {make(1, "spoon", 1, 1), {"dose_unit"}, "must be one of"},
      {make(1, "", 1, 1), {"dose_unit"}, "must be one of"},
      {make(1, "tablet", 0, 1), {"times_per_day"}, "between 1 and 24"},
      {make(1, "tablet", 25, 1), {"times_per_day"}, "between 1 and 24"},
      {make(1, "tablet", 1, 0), {"duration_days"}, "between 1 and 365"},
      {make(1, "tablet", 1, 366), {"duration_days"}, "between 1 and 365"},
      {make(1, "tablet", 1, 1, "mouth"), {"route"}, "route must be one of"},
      {make(1, "tablet", 1, 1, "", std::string(501, 'x')), {"instructions"}, "500"},
      {make(0, "cc", 0, 0, "x"), {"dose_unit", "dose_amount", "times_per_day", "duration_days", "route"}, ""},
  };
  for (const auto& c : cases) {
    auto s = validate_sig(c.sig);
    ASSERT_FALSE(s.ok()) << c.message_part;
    EXPECT_EQ(s.error().kind, ErrorKind::invalid);
    std::vector<std::string> got;
    std::string messages;
    for (const auto& f : s.error().fields) {
      got.push_back(f.field);
      messages += f.message + "|";
    }
    EXPECT_EQ(got, c.fields) << messages;
    EXPECT_NE(messages.find(c.message_part), std::string::npos) << messages;
    EXPECT_FALSE(write_sig(c.sig).ok());
  }
}

TEST(Sig, ValidationAcceptsTheBoundaries) {
  for (const Sig& s :
       {make(10, "tablet", 24, 365), make(0.25, "tablet", 1, 1), make(0.1, "mL", 1, 1), make(100, "mL", 1, 1),
        make(0.001, "mg", 1, 1), make(5000, "mg", 1, 1), make(40, "drop", 1, 1), make(0.5, "sachet", 1, 1),
        make(100000, "unit", 1, 1), make(1, "application", 1, 1, "topical", std::string(500, 'x'))}) {
    auto st = validate_sig(s);
    EXPECT_TRUE(st.ok()) << s.dose_amount << " " << s.dose_unit << ": "
                         << (st.ok() ? "" : st.error().fields.at(0).message);
  }
}

}  // namespace
}  // namespace hf::domain
