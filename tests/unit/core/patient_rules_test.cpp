// Patient record rules beside the national ID (service/patient_rules.hpp): Egyptian mobile numbers,
// allergies named by class, label or ingredient, ICD-10 conditions, governorates by code or name.
#include <gtest/gtest.h>

#include <string>

#include "service/catalog.hpp"
#include "service/patient_rules.hpp"

namespace hf::service {
namespace {

const domain::KnowledgeBase& kb() {
  static const domain::KnowledgeBase k = [] {
    auto r = load_knowledge_base(std::string(HF_SOURCE_DIR) + "/data");
    if (!r) ADD_FAILURE() << r.error().message;
    return std::move(r).value();
  }();
  return k;
}

struct PhoneCase {
  const char* input;
  const char* expected;  // nullptr: refused
};

TEST(PatientRules, EgyptianMobileNumbersNormaliseToE164) {
  const PhoneCase cases[] = {
      {"01012345678", "+201012345678"},
      {"01112345678", "+201112345678"},
      {"01212345678", "+201212345678"},
      {"01512345678", "+201512345678"},
      {"+201012345678", "+201012345678"},
      {"+20 101 234 5678", "+201012345678"},
      {"0020-10-1234-5678", "+201012345678"},
      {"201012345678", "+201012345678"},
      {"(010) 1234 5678", "+201012345678"},
      {"٠١٠١٢٣٤٥٦٧٨", "+201012345678"},
      {"+٢٠١٠١٢٣٤٥٦٧٨", "+201012345678"},
      {"01312345678", nullptr},   // no such operator prefix
      {"0101234567", nullptr},    // too short
      {"010123456789", nullptr},  // too long
      {"0223456789", nullptr},    // Cairo landline
      {"+441012345678", nullptr},
      {"0101234567a", nullptr},
      {"", nullptr},
      {"+", nullptr},
      {"01012+345678", nullptr},
  };
  for (const auto& c : cases) {
    auto got = normalize_egyptian_mobile(c.input);
    if (c.expected) {
      ASSERT_TRUE(got.has_value()) << c.input;
      EXPECT_EQ(*got, c.expected) << c.input;
    } else {
      EXPECT_FALSE(got.has_value()) << c.input << " -> " << got.value_or("");
    }
  }
}

TEST(PatientRules, AllergyNamedByClassSingularLabelOrIngredientNormalises) {
  EXPECT_EQ(normalize_allergy(kb(), "penicillins"), "penicillins");
  EXPECT_EQ(normalize_allergy(kb(), "Penicillin"), "penicillins");
  EXPECT_EQ(normalize_allergy(kb(), "  PENICILLIN "), "penicillins");
  EXPECT_EQ(normalize_allergy(kb(), "البنسلينات"), "penicillins");
  EXPECT_EQ(normalize_allergy(kb(), "Cephalosporins"), "cephalosporins");
  EXPECT_EQ(normalize_allergy(kb(), "amoxicillin"), "amoxicillin");
  EXPECT_EQ(normalize_allergy(kb(), "Sulfonamides"), "sulfonamides");
}

TEST(PatientRules, UnknownAllergyIsRefusedNamingTheEntry) {
  EXPECT_FALSE(normalize_allergy(kb(), "cats").has_value());
  EXPECT_FALSE(normalize_allergy(kb(), "").has_value());
  auto r = normalize_allergies(kb(), {"penicillin", "cats", "Penicillins"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::rule_broken);
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "allergies[1]");
}

TEST(PatientRules, AllergiesAreDeduplicatedAfterNormalisation) {
  auto r = normalize_allergies(kb(), {"penicillin", "Penicillins", "amoxicillin"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (std::vector<std::string>{"penicillins", "amoxicillin"}));
}

TEST(PatientRules, ConditionsAcceptIcd10CodesAndShortText) {
  auto r = normalize_conditions({"e11.9", "I10", "Type 2 diabetes", "I10"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (std::vector<std::string>{"E11.9", "I10", "Type 2 diabetes"}));
  auto bad = normalize_conditions({"x", std::string(400, 'a')});
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().fields.size(), 2u);
  EXPECT_EQ(bad.error().fields[0].field, "conditions[0]");
  EXPECT_EQ(bad.error().fields[1].field, "conditions[1]");
}

TEST(PatientRules, GovernorateByCodeOrName) {
  EXPECT_EQ(parse_governorate("01"), 1);
  EXPECT_EQ(parse_governorate("1"), 1);
  EXPECT_EQ(parse_governorate("٢١"), 21);
  EXPECT_EQ(parse_governorate("88"), 88);
  EXPECT_EQ(parse_governorate("Cairo"), 1);
  EXPECT_EQ(parse_governorate("giza"), 21);
  EXPECT_FALSE(parse_governorate("20").has_value());
  EXPECT_FALSE(parse_governorate("Atlantis").has_value());
  EXPECT_FALSE(parse_governorate("").has_value());
}

}  // namespace
}  // namespace hf::service
