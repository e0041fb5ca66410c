// drugs.csv / ingredients.csv loading: exact columns, every bad row reported, all or nothing
// (CONVENTIONS.md "Data files"; API.md bulk upload "all-or-nothing, errors by row").
#include <gtest/gtest.h>

#include <string>

#include "domain/catalog/catalog_loader.hpp"

namespace hf::domain {
namespace {

const std::string kHeader =
    "registration_no,trade_name,trade_name_ar,ingredients,form,route,pack_size,pack_unit,price_egp,atc_code,"
    "controlled_schedule,essential,requires_approval,popularity\n";

const std::string kAugmentin =
    "12345,Augmentin 1g,أوجمنتين ١ جم,amoxicillin:875:mg|clavulanic acid:125:mg,film-coated tablet,oral,14,tablet,"
    "155.50,J01CR02,,1,0,95\n";
const std::string kPanadol = "23456,Panadol,بنادول,paracetamol:500:mg,tablet,oral,24,tablet,30,N02BE01,,1,0,99\n";

const std::string kIngredientHeader =
    "name,name_ar,atc_code,therapeutic_class,allergy_class,max_daily_dose,max_daily_dose_unit,min_age_years,"
    "age_reason_en,age_reason_ar,antibiotic\n";

std::vector<std::string> messages_for(const Error& e, const std::string& line) {
  std::vector<std::string> out;
  for (const auto& f : e.fields)
    if (f.field == line) out.push_back(f.message);
  return out;
}

TEST(CatalogLoader, LoadsAValidFile) {
  auto drugs = load_drugs(kHeader + kAugmentin + kPanadol);
  ASSERT_TRUE(drugs.ok()) << drugs.error().message;
  ASSERT_EQ(drugs->size(), 2u);
  const Drug& a = (*drugs)[0];
  EXPECT_EQ(a.id, "12345");
  EXPECT_EQ(a.trade_name_ar, "أوجمنتين ١ جم");
  ASSERT_EQ(a.ingredients.size(), 2u);
  EXPECT_EQ(a.ingredients[1], (DrugIngredient{"clavulanic acid", 125, "mg"}));
  EXPECT_EQ(a.form, "film-coated tablet");
  EXPECT_EQ(a.pack_size, 14);
  EXPECT_EQ(a.price_piastres, 15550);
  EXPECT_EQ(a.controlled_schedule, 0);
  EXPECT_FALSE(a.controlled());
  EXPECT_TRUE(a.essential);
  EXPECT_EQ(a.popularity, 95);
  EXPECT_EQ(a.status, DrugStatus::active);
  EXPECT_EQ((*drugs)[1].price_piastres, 3000);
}

TEST(CatalogLoader, LoaderReportsEveryBadRowWithLineNumber) {
  const std::string text = kHeader + kAugmentin +                                                           // line 2
                           "2,Bad Price,اسم,paracetamol:500:mg,tablet,oral,10,tablet,abc,N02BE01,,0,0,5\n"  // line 3
                           "3,Bad Form,اسم,paracetamol:500:mg,pill,mouth,10,tablet,1,N02BE01,4,2,0,500\n"   // line 4
                           "4,Short,row\n"                                                                  // line 5
                           "5,Bad Ing,اسم,paracetamol:five:mg|x:1:furlong,tablet,oral,0,tablet,1,N2,,0,0,5\n"
                           "12345,Dup,اسم,paracetamol:500:mg,tablet,oral,10,tablet,1.5,N02BE01,,0,0,5\n";  // line 7
  auto drugs = load_drugs(text);
  ASSERT_FALSE(drugs.ok());
  EXPECT_EQ(drugs.error().kind, ErrorKind::invalid);
  EXPECT_TRUE(messages_for(drugs.error(), "line 2").empty());
  EXPECT_EQ(messages_for(drugs.error(), "line 3"),
            (std::vector<std::string>{"price_egp: not a number (expected a decimal such as 45.50)"}));
  // Line 4 has five problems and all five are reported.
  EXPECT_EQ(messages_for(drugs.error(), "line 4").size(), 5u);
  EXPECT_EQ(messages_for(drugs.error(), "line 5"), (std::vector<std::string>{"expected 14 columns, found 3"}));
  EXPECT_EQ(messages_for(drugs.error(), "line 6").size(), 4u);  // strength, unit, pack_size, atc
  EXPECT_EQ(messages_for(drugs.error(), "line 7"), (std::vector<std::string>{"registration_no: duplicate of line 2"}));
}

TEST(CatalogLoader, LoaderIsAllOrNothing) {
  // One bad row among good ones: no drugs at all, only the error.
  const std::string text =
      kHeader + kAugmentin + kPanadol + "9,Bad,اسم,paracetamol:500:mg,tablet,oral,10,tablet,1,N02BE01,,0,0,0\n";
  auto drugs = load_drugs(text);
  ASSERT_FALSE(drugs.ok());
  ASSERT_EQ(drugs.error().fields.size(), 1u);
  EXPECT_EQ(drugs.error().fields[0].field, "line 4");
  EXPECT_EQ(drugs.error().message, "drugs.csv: 1 problem(s); nothing was loaded");
}

TEST(CatalogLoader, RejectsAnIngredientListedTwiceInOneProduct) {
  auto drugs =
      load_drugs(kHeader + "5,X,س,paracetamol:500:mg|paracetamol:500:mg,tablet,oral,10,tablet,1,N02BE01,,0,0,5\n");
  ASSERT_FALSE(drugs.ok());
  EXPECT_EQ(messages_for(drugs.error(), "line 2"),
            (std::vector<std::string>{"ingredients: 'paracetamol' listed twice"}));
}

TEST(CatalogLoader, RejectsAWrongHeader) {
  auto drugs = load_drugs("registration_no,trade_name\n1,x\n");
  ASSERT_FALSE(drugs.ok());
  EXPECT_EQ(drugs.error().fields.at(0).field, "line 1");
}

TEST(CatalogLoader, RequiresNamesAndQuotedFieldsWork) {
  const std::string text = kHeader +
                           ",,,paracetamol:500:mg,tablet,oral,10,tablet,1,N02BE01,,0,0,5\n"
                           "77,\"Brufen, 400\",بروفين,ibuprofen:400:mg,tablet,oral,20,tablet,22.75,M01AE01,,1,0,80\n";
  auto drugs = load_drugs(text);
  ASSERT_FALSE(drugs.ok());
  EXPECT_EQ(messages_for(drugs.error(), "line 2").size(), 3u);
  EXPECT_TRUE(messages_for(drugs.error(), "line 3").empty());
}

TEST(CatalogLoader, UnknownIngredientIsAnErrorWhenATableIsGiven) {
  auto ingredients = load_ingredients(kIngredientHeader +
                                      "paracetamol,باراسيتامول,N02BE01,analgesic,,4000,mg,,,,0\n"
                                      "amoxicillin,أموكسيسيلين,J01CA04,penicillin,penicillins,6000,mg,,,,1\n");
  ASSERT_TRUE(ingredients.ok()) << ingredients.error().message;
  auto drugs = load_drugs(kHeader + kAugmentin + kPanadol, *ingredients);
  ASSERT_FALSE(drugs.ok());
  EXPECT_EQ(messages_for(drugs.error(), "line 2"),
            (std::vector<std::string>{"ingredients: unknown ingredient 'clavulanic acid' (not in ingredients.csv)"}));
  EXPECT_TRUE(load_drugs(kHeader + kPanadol, *ingredients).ok());
}

TEST(CatalogLoader, LoadsIngredientFacts) {
  auto ingredients =
      load_ingredients(kIngredientHeader +
                       "aspirin,أسبرين,B01AC06,antiplatelet,salicylates,4000,mg,16,Reye's syndrome,"
                       "متلازمة راي,0\n"
                       "doxycycline,دوكسيسيكلين,J01AA02,tetracycline,tetracyclines,,,8,teeth,الأسنان,1\n");
  ASSERT_TRUE(ingredients.ok()) << ingredients.error().message;
  const IngredientInfo& aspirin = (*ingredients)[0];
  EXPECT_EQ(aspirin.therapeutic_class, "antiplatelet");
  EXPECT_EQ(aspirin.max_daily_dose, 4000.0);
  EXPECT_EQ(aspirin.min_age_years, 16.0);
  EXPECT_FALSE((*ingredients)[1].max_daily_dose.has_value());
  EXPECT_TRUE((*ingredients)[1].antibiotic);
}

TEST(CatalogLoader, IngredientFileErrorsNameTheirLines) {
  auto bad = load_ingredients(kIngredientHeader +
                              "aspirin,أسبرين,B01AC06,antiplatelet,,lots,mg,,,,0\n"
                              "aspirin,أسبرين,B01AC06,antiplatelet,,100,kg,x,,,2\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(messages_for(bad.error(), "line 2"), (std::vector<std::string>{"max_daily_dose: not a positive number"}));
  EXPECT_EQ(messages_for(bad.error(), "line 3").size(), 4u);  // unit, age, flag, duplicate
}

}  // namespace
}  // namespace hf::domain
