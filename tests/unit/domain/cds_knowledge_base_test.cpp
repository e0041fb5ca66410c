// Loading the curated knowledge base (DOMAIN.md "Clinical decision support": curated data with
// sources; CONVENTIONS.md "Data files").
#include <gtest/gtest.h>

#include <string>

#include "domain/cds/knowledge_base.hpp"

namespace hf::domain {
namespace {

const std::string kIngredientHeader =
    "name,name_ar,atc_code,therapeutic_class,allergy_class,max_daily_dose,max_daily_dose_unit,min_age_years,"
    "age_reason_en,age_reason_ar,antibiotic\n";
const std::string kIngredients = kIngredientHeader +
                                 "warfarin,وارفارين,B01AA03,anticoagulant,,,,,,,0\n"
                                 "ibuprofen,إيبوبروفين,M01AE01,nsaid,,3200,mg,,,,0\n"
                                 "amoxicillin,أموكسيسيلين,J01CA04,penicillin,penicillins,,,,,,1\n"
                                 "cephalexin,سيفالكسين,J01DB01,cephalosporin,cephalosporins,4000,mg,,,,1\n";
const std::string kInteractionHeader = "a,b,severity,reason_en,reason_ar,source\n";
const std::string kInteractions = kInteractionHeader + "warfarin,class:nsaid,major,Bleeding,نزيف,BNF\n";
const std::string kAllergyHeader = "allergy_class,label_en,label_ar,cross_sensitive_with\n";
const std::string kAllergies = kAllergyHeader +
                               "penicillins,Penicillins,البنسلينات,cephalosporins\n"
                               "cephalosporins,Cephalosporins,السيفالوسبورينات,\n";

std::vector<std::string> fields_of(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field + ": " + f.message);
  return out;
}

TEST(CdsKnowledgeBase, LoadsAndAnswersLookups) {
  auto kb = KnowledgeBase::load(kIngredients, kInteractions, kAllergies);
  ASSERT_TRUE(kb.ok()) << kb.error().message;
  ASSERT_NE(kb->ingredient("ibuprofen"), nullptr);
  EXPECT_EQ(kb->ingredient("ibuprofen")->max_daily_dose, 3200.0);
  EXPECT_EQ(kb->ingredient("aspirin"), nullptr);
  EXPECT_EQ(kb->allergy_class("penicillins")->label_ar, "البنسلينات");
  EXPECT_EQ(kb->interactions_between("ibuprofen", "warfarin").size(), 1u);  // class side, swapped order
  EXPECT_EQ(kb->interactions_between("warfarin", "ibuprofen").size(), 1u);
  EXPECT_TRUE(kb->interactions_between("amoxicillin", "warfarin").empty());
  EXPECT_TRUE(kb->cross_sensitive("penicillins", "cephalosporins"));
  EXPECT_TRUE(kb->cross_sensitive("cephalosporins", "penicillins"));
  EXPECT_FALSE(kb->cross_sensitive("penicillins", "penicillins"));
}

TEST(CdsKnowledgeBase, ReportsEveryProblemWithFileAndLine) {
  const std::string interactions = kInteractionHeader +
                                   "warfarin,class:nsaids,major,Bleeding,نزيف,BNF\n"  // line 2: unknown class
                                   "warfarin,ibuprofen,severe,Bleeding,نزيف,BNF\n"    // line 3: bad severity
                                   "ibuprofen,warfarin,major,,,\n"                    // line 4: no reasons/source
                                   "warfarin,ibuprofen,major,x,y,z\n";                // line 5: duplicate of 4
  const std::string allergies = kAllergyHeader +
                                "penicillins,Penicillins,البنسلينات,cephalosporins|carbapenems\n"  // line 2
                                "cephalosporins,Cephalosporins,السيفالوسبورينات,\n";
  auto kb = KnowledgeBase::load(kIngredients, interactions, allergies);
  ASSERT_FALSE(kb.ok());
  const auto fields = fields_of(kb.error());
  // Parse errors first (the bad severity); cross-file checks wait until every file parses.
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0], "interactions.csv line 3: severity: must be contraindicated, major, moderate or minor");

  const std::string fixed = kInteractionHeader +
                            "warfarin,class:nsaids,major,Bleeding,نزيف,BNF\n"
                            "ibuprofen,warfarin,major,,,\n"
                            "warfarin,ibuprofen,major,x,y,z\n";
  kb = KnowledgeBase::load(kIngredients, fixed, allergies);
  ASSERT_FALSE(kb.ok());
  EXPECT_EQ(fields_of(kb.error()),
            (std::vector<std::string>{
                "allergy_classes.csv line 2: cross_sensitive_with: unknown allergy class 'carbapenems'",
                "interactions.csv line 2: b: unknown ingredient or class 'class:nsaids'",
                "interactions.csv line 3: reason_en: required",
                "interactions.csv line 3: reason_ar: required",
                "interactions.csv line 3: source: required",
                "interactions.csv line 4: duplicate interaction warfarin + ibuprofen",
            }));
}

TEST(CdsKnowledgeBase, IngredientAllergyClassMustExist) {
  const std::string allergies = kAllergyHeader + "penicillins,Penicillins,البنسلينات,\n";
  auto kb = KnowledgeBase::load(kIngredients, kInteractions, allergies);
  ASSERT_FALSE(kb.ok());
  EXPECT_EQ(fields_of(kb.error()),
            (std::vector<std::string>{
                "ingredients.csv line 5: allergy_class: 'cephalosporins' is not in allergy_classes.csv"}));
}

TEST(CdsKnowledgeBase, FileErrorsAreLabelledWithTheFile) {
  auto kb = KnowledgeBase::load(kIngredientHeader + "x,,,,,,,,,,7\n", "a,b\n", kAllergies);
  ASSERT_FALSE(kb.ok());
  const auto fields = fields_of(kb.error());
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(kb.error().message, "knowledge base: 3 problem(s); nothing was loaded");
  EXPECT_EQ(fields[0], "ingredients.csv line 2: therapeutic_class: required");
  EXPECT_EQ(fields[1], "ingredients.csv line 2: antibiotic: must be 0 or 1");
  EXPECT_EQ(fields[2].rfind("interactions.csv line 1: header must be exactly", 0), 0u) << fields[2];
}

TEST(CdsKnowledgeBase, BuildFromTablesChecksTheSameRules) {
  IngredientInfo warfarin;
  warfarin.name = "warfarin";
  warfarin.therapeutic_class = "anticoagulant";
  auto kb = KnowledgeBase::build({warfarin}, {{"warfarin", "class:statin", Severity::major, "r", "ر", "s"}}, {});
  ASSERT_FALSE(kb.ok());
  EXPECT_EQ(fields_of(kb.error()),
            (std::vector<std::string>{"interactions[0]: b: unknown ingredient or class 'class:statin'"}));
  EXPECT_TRUE(KnowledgeBase::build({warfarin}, {}, {}).ok());
}

}  // namespace
}  // namespace hf::domain
