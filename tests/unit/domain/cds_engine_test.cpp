// Clinical decision support (DOMAIN.md "Clinical decision support (on check and on sign)").
// The knowledge base is written in the real file formats (CONVENTIONS.md "Data files") so the
// loader is exercised too.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "domain/cds/engine.hpp"

namespace hf::domain {
namespace {

const char* kIngredientsCsv =
    "name,name_ar,atc_code,therapeutic_class,allergy_class,max_daily_dose,max_daily_dose_unit,min_age_years,"
    "age_reason_en,age_reason_ar,antibiotic\n"
    "warfarin,وارفارين,B01AA03,anticoagulant,,,,,,,0\n"
    "ibuprofen,إيبوبروفين,M01AE01,nsaid,,3200,mg,,,,0\n"
    "diclofenac,ديكلوفيناك,M01AB05,nsaid,,150,mg,,,,0\n"
    "aspirin,أسبرين,B01AC06,antiplatelet,salicylates,4,g,16,Reye's syndrome,متلازمة راي,0\n"
    "amoxicillin,أموكسيسيلين,J01CA04,penicillin,penicillins,,,,,,1\n"
    "clavulanic acid,حمض الكلافولانيك,J01CR02,beta_lactamase_inhibitor,,,,,,,0\n"
    "cephalexin,سيفالكسين,J01DB01,cephalosporin,cephalosporins,4000,mg,,,,1\n"
    "doxycycline,دوكسيسيكلين,J01AA02,tetracycline,tetracyclines,200,mg,8,Tooth discolouration,تلون الأسنان,1\n"
    "paracetamol,باراسيتامول,N02BE01,analgesic,,4000,mg,,,,0\n"
    "caffeine,كافيين,N06BC01,stimulant,,,,,,,0\n"
    "atorvastatin,أتورفاستاتين,C10AA05,statin,,80,mg,,,,0\n"
    "simvastatin,سيمفاستاتين,C10AA01,statin,,80,mg,,,,0\n"
    "clarithromycin,كلاريثروميسين,J01FA09,macrolide,macrolides,1000,mg,,,,1\n"
    "omeprazole,أوميبرازول,A02BC01,ppi,,,,,,,0\n"
    "salbutamol,سالبيوتامول,R03AC02,beta2_agonist,,1600,mcg,,,,0\n";

const char* kInteractionsCsv =
    "a,b,severity,reason_en,reason_ar,source\n"
    "warfarin,class:nsaid,major,Bleeding risk,خطر النزيف,BNF\n"
    "warfarin,aspirin,major,Bleeding risk with antiplatelet,خطر النزيف مع مضاد الصفائح,BNF\n"
    "simvastatin,clarithromycin,contraindicated,Myopathy risk,خطر اعتلال العضلات,SmPC\n"
    "ibuprofen,warfarin,moderate,Specific but milder (test only),اختبار,test\n"
    "class:nsaid,aspirin,minor,Reduced antiplatelet effect,نقص تأثير مضاد الصفائح,BNF\n";

const char* kAllergyCsv =
    "allergy_class,label_en,label_ar,cross_sensitive_with\n"
    "penicillins,Penicillins,البنسلينات,cephalosporins|carbapenems\n"
    "cephalosporins,Cephalosporins,السيفالوسبورينات,\n"
    "carbapenems,Carbapenems,الكاربابينيمات,\n"
    "salicylates,Salicylates,الساليسيلات,\n"
    "tetracyclines,Tetracyclines,التتراسيكلينات,\n"
    "macrolides,Macrolides,الماكروليدات,\n"
    "sulfonamides,\"Sulfonamide antibacterials (sulfamethoxazole)\",السلفوناميدات (سلفاميثوكسازول),\n";

const KnowledgeBase& kb() {
  static const KnowledgeBase instance = [] {
    auto loaded = KnowledgeBase::load(kIngredientsCsv, kInteractionsCsv, kAllergyCsv);
    if (!loaded) {
      for (const auto& f : loaded.error().fields) ADD_FAILURE() << f.field << ": " << f.message;
      std::abort();
    }
    return std::move(loaded).value();
  }();
  return instance;
}

Drug product(const std::string& id, std::vector<DrugIngredient> ingredients, std::string form = "tablet",
             std::string route = "oral") {
  Drug d;
  d.id = id;
  d.registration_no = id;
  d.trade_name = "Product " + id;
  d.trade_name_ar = "منتج " + id;
  d.ingredients = std::move(ingredients);
  d.form = std::move(form);
  d.route = std::move(route);
  d.popularity = 50;
  return d;
}

ProposedItem item(Drug d, double amount = 1, std::string unit = "tablet", int times = 1) {
  return ProposedItem{std::move(d), amount, std::move(unit), times};
}

ProposedItem tablet(std::string id, std::string ingredient, double mg, double amount = 1, int times = 1) {
  return item(product(std::move(id), {{std::move(ingredient), mg, "mg"}}), amount, "tablet", times);
}

std::vector<Alert> of_kind(const std::vector<Alert>& alerts, AlertKind kind) {
  std::vector<Alert> out;
  for (const Alert& a : alerts)
    if (a.kind == kind) out.push_back(a);
  return out;
}

bool mentions(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// --- interactions -------------------------------------------------------------------------------

TEST(CdsInteraction, WarfarinWithIbuprofenIsMajorInteraction) {
  // The class rule (warfarin + class:nsaid, major) outranks the milder named rule.
  const auto alerts = check(kb(), {}, {tablet("w", "warfarin", 5), tablet("i", "ibuprofen", 400)});
  const auto found = of_kind(alerts, AlertKind::interaction);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::major);
  EXPECT_EQ(found[0].items, (std::vector<std::size_t>{0, 1}));
  EXPECT_TRUE(mentions(found[0].message_en, "Bleeding risk"));
  EXPECT_TRUE(mentions(found[0].message_ar, "خطر النزيف"));
  EXPECT_TRUE(mentions(found[0].message_ar, "وارفارين"));
  EXPECT_TRUE(blocking(found[0]));
}

TEST(CdsInteraction, ClassRuleCoversEveryMemberOfTheClassInEitherOrder) {
  const auto alerts = check(kb(), {}, {tablet("d", "diclofenac", 50), tablet("w", "warfarin", 5)});
  ASSERT_EQ(of_kind(alerts, AlertKind::interaction).size(), 1u);
  EXPECT_EQ(of_kind(alerts, AlertKind::interaction)[0].severity, Severity::major);
}

TEST(CdsInteraction, SimvastatinWithClarithromycinIsContraindicated) {
  const auto alerts = check(kb(), {}, {tablet("s", "simvastatin", 20), tablet("c", "clarithromycin", 500)});
  ASSERT_FALSE(alerts.empty());
  EXPECT_EQ(alerts[0].severity, Severity::contraindicated);
  EXPECT_EQ(alerts[0].kind, AlertKind::interaction);
}

TEST(CdsInteraction, InteractionWithAnActivePrescriptionNamesTheActiveDrug) {
  PatientContext patient;
  patient.active_items.push_back({"active-warfarin", "Marevan", "ماريفان", {{"warfarin", 5, "mg"}}});
  const auto alerts = check(kb(), patient, {tablet("d", "diclofenac", 50)});
  const auto found = of_kind(alerts, AlertKind::interaction);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].items, (std::vector<std::size_t>{0}));
  EXPECT_EQ(found[0].active_drug_ids, (std::vector<std::string>{"active-warfarin"}));
  EXPECT_TRUE(mentions(found[0].message_en, "Marevan"));
}

TEST(CdsInteraction, ActivePrescriptionsAreNotCheckedAgainstEachOther) {
  PatientContext patient;
  patient.active_items.push_back({"a1", "", "", {{"warfarin", 5, "mg"}}});
  patient.active_items.push_back({"a2", "", "", {{"ibuprofen", 400, "mg"}}});
  EXPECT_TRUE(check(kb(), patient, {tablet("p", "paracetamol", 500)}).empty());
}

TEST(CdsInteraction, MinorInteractionDoesNotBlock) {
  const auto alerts = check(kb(), {}, {tablet("a", "aspirin", 75), tablet("i", "ibuprofen", 400)});
  const auto found = of_kind(alerts, AlertKind::interaction);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::minor);
  EXPECT_FALSE(blocking(found[0]));
}

// --- allergy --------------------------------------------------------------------------------------

TEST(CdsAllergy, PenicillinAllergyFlagsAmoxicillinAsContraindicated) {
  PatientContext patient;
  patient.allergies = {"penicillin"};
  const auto alerts =
      check(kb(), patient,
            {item(product("aug", {{"amoxicillin", 875, "mg"}, {"clavulanic acid", 125, "mg"}}), 1, "tablet", 2)});
  const auto found = of_kind(alerts, AlertKind::allergy);
  ASSERT_EQ(found.size(), 1u);  // clavulanic acid carries no allergy class
  EXPECT_EQ(found[0].severity, Severity::contraindicated);
  EXPECT_TRUE(mentions(found[0].message_en, "amoxicillin"));
  EXPECT_TRUE(mentions(found[0].message_ar, "البنسلينات"));
}

TEST(CdsAllergy, PenicillinAllergyFlagsCephalosporinAsCrossSensitivity) {
  PatientContext patient;
  patient.allergies = {"penicillins"};
  const auto alerts = check(kb(), patient, {tablet("k", "cephalexin", 500, 1, 4)});
  const auto found = of_kind(alerts, AlertKind::allergy);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::major);
  EXPECT_TRUE(mentions(found[0].message_en, "cross-sensitivity"));
  EXPECT_TRUE(blocking(found[0]));
}

TEST(CdsAllergy, CrossSensitivityIsMutual) {
  PatientContext patient;
  patient.allergies = {"cephalosporins"};
  const auto found = of_kind(check(kb(), patient, {tablet("a", "amoxicillin", 500)}), AlertKind::allergy);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::major);
}

TEST(CdsAllergy, AllergyNamesAreNormalised) {
  // Each way a doctor might record a penicillin allergy flags cephalexin as a cross-reaction.
  for (const char* allergy :
       {"Penicillin", "  PENICILLINS ", "penicillins", "البنسلينات", "amoxicillin", "Amoxicillin", "أموكسيسيلين"}) {
    PatientContext patient;
    patient.allergies = {allergy};
    const auto found = of_kind(check(kb(), patient, {tablet("k", "cephalexin", 500)}), AlertKind::allergy);
    ASSERT_EQ(found.size(), 1u) << allergy;
    EXPECT_EQ(found[0].severity, Severity::major) << allergy;
  }
}

TEST(CdsAllergy, LabelsMatchWithoutTheirExplanation) {
  IngredientInfo smx;
  smx.name = "sulfamethoxazole";
  smx.therapeutic_class = "sulfonamide";
  smx.allergy_class = "sulfonamides";
  for (const char* allergy : {"Sulfonamide antibacterials", "السلفوناميدات", "sulfonamide", "SULFONAMIDES"}) {
    PatientContext patient;
    patient.allergies = {allergy};
    const auto found = of_kind(check(kb(), patient, {tablet("s", "sulfamethoxazole", 800)}), AlertKind::allergy);
    EXPECT_TRUE(found.empty()) << "sulfamethoxazole is not in this fixture's ingredient table: " << allergy;
  }
  PatientContext patient;
  patient.allergies = {"Sulfonamide antibacterials"};
  auto with_smx = KnowledgeBase::build({smx}, {}, kb().allergy_classes());
  ASSERT_TRUE(with_smx.ok());
  const auto found = of_kind(check(*with_smx, patient, {tablet("s", "sulfamethoxazole", 800)}), AlertKind::allergy);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::contraindicated);
}

TEST(CdsAllergy, IngredientAllergyIsDirectAndUnknownNamesStillMatch) {
  PatientContext patient;
  patient.allergies = {"Omeprazole", "latex", "metamizole"};
  auto found = of_kind(check(kb(), patient, {tablet("o", "omeprazole", 20)}), AlertKind::allergy);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::contraindicated);
  // metamizole is not in the knowledge base, but a product containing it still matches by name.
  found = of_kind(check(kb(), patient, {tablet("n", "metamizole", 500)}), AlertKind::allergy);
  ASSERT_EQ(found.size(), 1u);
}

TEST(CdsAllergy, NoAlertForUnrelatedDrugs) {
  PatientContext patient;
  patient.age_years = 40;
  patient.allergies = {"penicillin"};
  patient.active_items.push_back({"a1", "", "", {{"metformin", 500, "mg"}}});
  EXPECT_TRUE(check(kb(), patient,
                    {tablet("p", "paracetamol", 500, 2, 3), tablet("o", "omeprazole", 20),
                     tablet("c", "clarithromycin", 500, 1, 2)})
                  .empty());
}

// --- duplicate therapy ----------------------------------------------------------------------------

TEST(CdsDuplicate, DuplicateStatinsFlagged) {
  const auto alerts = check(kb(), {}, {tablet("a", "atorvastatin", 20), tablet("s", "simvastatin", 20)});
  const auto found = of_kind(alerts, AlertKind::duplicate_therapy);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::moderate);
  EXPECT_FALSE(blocking(found[0]));
  EXPECT_TRUE(mentions(found[0].message_en, "statin"));
  EXPECT_EQ(found[0].items, (std::vector<std::size_t>{0, 1}));
}

TEST(CdsDuplicate, SameIngredientTwiceFlaggedAlsoAgainstActivePrescriptions) {
  const auto alerts = check(
      kb(), {},
      {tablet("p", "paracetamol", 500), item(product("px", {{"paracetamol", 500, "mg"}, {"caffeine", 65, "mg"}}))});
  const auto found = of_kind(alerts, AlertKind::duplicate_therapy);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(mentions(found[0].message_en, "both contain paracetamol"));

  PatientContext patient;
  patient.active_items.push_back({"lipitor", "Lipitor", "ليبيتور", {{"atorvastatin", 40, "mg"}}});
  const auto vs_active = of_kind(check(kb(), patient, {tablet("s", "simvastatin", 20)}), AlertKind::duplicate_therapy);
  ASSERT_EQ(vs_active.size(), 1u);
  EXPECT_EQ(vs_active[0].active_drug_ids, (std::vector<std::string>{"lipitor"}));
}

TEST(CdsDuplicate, DifferentClassesAreNotDuplicates) {
  EXPECT_TRUE(of_kind(check(kb(), {}, {tablet("p", "paracetamol", 500), tablet("o", "omeprazole", 20)}),
                      AlertKind::duplicate_therapy)
                  .empty());
}

// --- maximum daily dose ---------------------------------------------------------------------------

TEST(CdsMaxDose, DoseAboveMaximumFlagged) {
  // 2 × 500 mg, 5 times a day = 5000 mg > 4000 mg.
  const auto alerts = check(kb(), {}, {tablet("p", "paracetamol", 500, 2, 5)});
  const auto found = of_kind(alerts, AlertKind::max_dose);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::major);
  EXPECT_TRUE(mentions(found[0].message_en, "5000 mg"));
  EXPECT_TRUE(mentions(found[0].message_en, "4000 mg"));
  EXPECT_TRUE(blocking(found[0]));
}

TEST(CdsMaxDose, DoseAtMaximumIsAllowed) {
  EXPECT_TRUE(check(kb(), {}, {tablet("p", "paracetamol", 500, 2, 4)}).empty());
}

TEST(CdsMaxDose, LiquidDoseUsesConcentrationPer5mL) {
  const Drug syrup = product("s", {{"paracetamol", 250, "mg/5mL"}}, "syrup");
  EXPECT_EQ(daily_amount(item(syrup, 10, "mL", 4), syrup.ingredients[0], "mg"), 2000.0);
  EXPECT_TRUE(of_kind(check(kb(), {}, {item(syrup, 10, "mL", 4)}), AlertKind::max_dose).empty());
  EXPECT_EQ(of_kind(check(kb(), {}, {item(syrup, 20, "mL", 5)}), AlertKind::max_dose).size(), 1u);  // 5000 mg
}

TEST(CdsMaxDose, DailyAmountConvertsUnitsAndRefusesTheUncomputable) {
  const Drug aspirin = product("a", {{"aspirin", 500, "mg"}});
  EXPECT_EQ(daily_amount(item(aspirin, 2, "tablet", 3), aspirin.ingredients[0], "g"), 3.0);
  EXPECT_EQ(daily_amount(item(aspirin, 300, "mg", 2), aspirin.ingredients[0], "mg"), 600.0);
  const Drug inhaler = product("v", {{"salbutamol", 100, "mcg/dose"}}, "inhaler", "inhalation");
  EXPECT_EQ(daily_amount(item(inhaler, 2, "puff", 4), inhaler.ingredients[0], "mcg"), 800.0);
  const Drug drops = product("d", {{"paracetamol", 100, "mg/mL"}}, "drops");
  EXPECT_EQ(daily_amount(item(drops, 5, "drop", 3), drops.ingredients[0], "mg"), std::nullopt);
  EXPECT_EQ(daily_amount(item(drops, 1, "mL", 3), drops.ingredients[0], "mg"), 300.0);
  const Drug combo = product("c", {{"paracetamol", 500, "mg"}, {"caffeine", 65, "mg"}});
  EXPECT_EQ(daily_amount(item(combo, 500, "mg", 3), combo.ingredients[0], "mg"), std::nullopt);  // mg of what?
  EXPECT_EQ(daily_amount(item(aspirin, 1, "tablet", 0), aspirin.ingredients[0], "mg"), std::nullopt);
  EXPECT_EQ(daily_amount(item(aspirin, 1, "tablet", 1), aspirin.ingredients[0], "IU"), std::nullopt);
}

TEST(CdsMaxDose, SameIngredientInSeveralItemsCountsTogether) {
  // 4000 mg from one item plus 1000 mg from a combination product: 5000 mg in total.
  const auto alerts =
      check(kb(), {},
            {tablet("p", "paracetamol", 500, 2, 4),
             item(product("px", {{"paracetamol", 500, "mg"}, {"caffeine", 65, "mg"}}), 1, "tablet", 2)});
  const auto found = of_kind(alerts, AlertKind::max_dose);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].items, (std::vector<std::size_t>{0, 1}));
  EXPECT_TRUE(mentions(found[0].message_en, "combined"));
}

TEST(CdsMaxDose, OralMaximumIsNotAppliedToInjections) {
  // 75 mg IM three times a day exceeds the 150 mg oral maximum but is not judged by it; the same
  // amount by mouth is.
  const Drug ampoule = product("inj", {{"diclofenac", 25, "mg/mL"}}, "injection", "im");
  EXPECT_TRUE(of_kind(check(kb(), {}, {item(ampoule, 3, "mL", 3)}), AlertKind::max_dose).empty());
  EXPECT_EQ(of_kind(check(kb(), {}, {tablet("o", "diclofenac", 75, 1, 3)}), AlertKind::max_dose).size(), 1u);
}

TEST(CdsMaxDose, UncomputableDoseIsSkippedNotGuessed) {
  const Drug drops = product("d", {{"paracetamol", 100, "mg/mL"}}, "drops");
  EXPECT_TRUE(check(kb(), {}, {item(drops, 100, "drop", 10)}).empty());
}

// --- age ------------------------------------------------------------------------------------------

TEST(CdsAge, AspirinUnder16Flagged) {
  PatientContext child;
  child.age_years = 10;
  const auto found = of_kind(check(kb(), child, {tablet("a", "aspirin", 75)}), AlertKind::age);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(blocking(found[0]));
  EXPECT_TRUE(mentions(found[0].message_en, "Reye's syndrome"));
  EXPECT_TRUE(mentions(found[0].message_ar, "متلازمة راي"));
  EXPECT_TRUE(mentions(found[0].message_en, "under 16"));
}

TEST(CdsAge, AgeLimitBoundaryAndUnknownAge) {
  PatientContext sixteen;
  sixteen.age_years = 16;
  EXPECT_TRUE(of_kind(check(kb(), sixteen, {tablet("a", "aspirin", 75)}), AlertKind::age).empty());
  PatientContext almost;
  almost.age_years = 15.9;
  EXPECT_EQ(of_kind(check(kb(), almost, {tablet("a", "aspirin", 75)}), AlertKind::age).size(), 1u);
  EXPECT_TRUE(of_kind(check(kb(), {}, {tablet("a", "aspirin", 75)}), AlertKind::age).empty());
}

TEST(CdsAge, TetracyclineUnder8FlaggedButNotATopicalForm) {
  PatientContext child;
  child.age_years = 5;
  EXPECT_EQ(of_kind(check(kb(), child, {tablet("d", "doxycycline", 100)}), AlertKind::age).size(), 1u);
  const Drug ointment = product("e", {{"doxycycline", 1, "%"}}, "ointment", "ophthalmic");
  EXPECT_TRUE(of_kind(check(kb(), child, {item(ointment, 1, "application", 2)}), AlertKind::age).empty());
}

// --- ordering and vocabulary ----------------------------------------------------------------------

TEST(CdsEngine, AlertsOrderedMostSevereFirstAndDeterministically) {
  PatientContext patient;
  patient.age_years = 12;
  patient.allergies = {"penicillin"};
  const std::vector<ProposedItem> items = {
      tablet("at", "atorvastatin", 20),          // duplicate with simvastatin (moderate)
      tablet("s", "simvastatin", 20),            // contraindicated with clarithromycin
      tablet("c", "clarithromycin", 500, 1, 2),  //
      tablet("a", "aspirin", 500, 3, 4),         // age (major) and 6000 mg > 4 g (major)
      tablet("k", "cephalexin", 500),            // cross-sensitivity (major)
  };
  const auto alerts = check(kb(), patient, items);
  ASSERT_GE(alerts.size(), 5u);
  for (std::size_t i = 1; i < alerts.size(); ++i) EXPECT_LE(alerts[i - 1].severity, alerts[i].severity);
  EXPECT_EQ(alerts.front().severity, Severity::contraindicated);
  EXPECT_EQ(alerts.back().kind, AlertKind::duplicate_therapy);
  // Allergy comes before other major alerts.
  EXPECT_EQ(alerts[1].kind, AlertKind::allergy);

  const auto again = check(kb(), patient, items);
  ASSERT_EQ(again.size(), alerts.size());
  for (std::size_t i = 0; i < alerts.size(); ++i) EXPECT_EQ(again[i].message_en, alerts[i].message_en);
}

TEST(CdsEngine, BlockingMeansContraindicatedOrMajor) {
  const std::pair<Severity, bool> cases[] = {{Severity::contraindicated, true},
                                             {Severity::major, true},
                                             {Severity::moderate, false},
                                             {Severity::minor, false}};
  for (const auto& [severity, blocks] : cases) {
    Alert a;
    a.severity = severity;
    EXPECT_EQ(blocking(a), blocks) << to_string(severity);
  }
}

TEST(CdsEngine, KindAndSeverityStringsRoundTrip) {
  for (const char* k : {"interaction", "allergy", "duplicate_therapy", "max_dose", "age"}) {
    ASSERT_TRUE(parse_alert_kind(k).has_value()) << k;
    EXPECT_EQ(to_string(*parse_alert_kind(k)), k);
  }
  EXPECT_FALSE(parse_alert_kind("other").has_value());
  for (const char* s : {"contraindicated", "major", "moderate", "minor"}) EXPECT_EQ(to_string(*parse_severity(s)), s);
  EXPECT_FALSE(parse_severity("severe").has_value());
}

TEST(CdsEngine, NoItemsNoAlerts) {
  EXPECT_TRUE(check(kb(), {}, {}).empty());
}

}  // namespace
}  // namespace hf::domain
