// The shipped data files (DOMAIN.md "Drug catalogue": real data, at least 300 products; CDS
// knowledge base curated in data/). Reads HF_SOURCE_DIR/data/*.csv; the domain itself never does I/O.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "domain/catalog/arabic.hpp"
#include "domain/catalog/catalog_loader.hpp"
#include "domain/catalog/search_index.hpp"
#include "domain/cds/engine.hpp"
#include "domain/cds/knowledge_base.hpp"

namespace hf::domain {
namespace {

std::string read_data_file(const std::string& name) {
  const std::string path = std::string(HF_SOURCE_DIR) + "/data/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) ADD_FAILURE() << "cannot read " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string describe(const Error& e) {
  std::string out = e.message;
  for (const auto& f : e.fields) out += "\n  " + f.field + ": " + f.message;
  return out;
}

struct RealData {
  std::vector<Drug> drugs;
  std::optional<KnowledgeBase> kb;
};

// Loaded once for the suite; empty drugs when a file is missing or invalid (the test says which).
const RealData& real_data() {
  static const RealData data = [] {
    RealData d;
    auto kb = KnowledgeBase::load(read_data_file("ingredients.csv"), read_data_file("interactions.csv"),
                                  read_data_file("allergy_classes.csv"));
    if (!kb) {
      ADD_FAILURE() << "knowledge base: " << describe(kb.error());
      return d;
    }
    auto drugs = load_drugs(read_data_file("drugs.csv"), kb->ingredients());
    if (!drugs) {
      ADD_FAILURE() << describe(drugs.error());
      return d;
    }
    d.drugs = std::move(drugs).value();
    d.kb.emplace(std::move(kb).value());
    return d;
  }();
  return data;
}

bool contains_ingredient(const Drug& d, std::string_view name) {
  for (const auto& i : d.ingredients)
    if (i.name == name) return true;
  return false;
}

TEST(CatalogRealData, ShippedFilesLoadWithoutErrors) {
  const RealData& data = real_data();
  ASSERT_TRUE(data.kb.has_value());
  EXPECT_GE(data.drugs.size(), 300u);
  EXPECT_GE(data.kb->interactions().size(), 120u);
  EXPECT_FALSE(data.kb->allergy_classes().empty());
}

TEST(CatalogRealData, SearchFindsCommonProductsInBothLanguages) {
  const RealData& data = real_data();
  ASSERT_FALSE(data.drugs.empty());
  const auto index = SearchIndex::build(data.drugs, data.kb->ingredients());

  const auto augm = index.search("augm", 10);
  ASSERT_FALSE(augm.empty());
  EXPECT_EQ(normalize_for_search(augm[0].drug->trade_name).rfind("augmentin", 0), 0u) << augm[0].drug->trade_name;

  const auto augm_ar = index.search("أوجم", 10);
  ASSERT_FALSE(augm_ar.empty());
  EXPECT_NE(normalize_for_search(augm_ar[0].drug->trade_name).find("augmentin"), std::string::npos)
      << augm_ar[0].drug->trade_name;

  const auto paracet = index.search("paracet", 20);
  ASSERT_GE(paracet.size(), 3u);
  for (const SearchHit& hit : paracet) {
    EXPECT_TRUE(contains_ingredient(*hit.drug, "paracetamol") ||
                normalize_for_search(hit.drug->trade_name).find("paracet") != std::string::npos)
        << hit.drug->trade_name;
  }

  // Timing on the real catalogue: printed, not asserted (shared CI cores).
  const char* queries[] = {"a", "pa", "pan", "augm", "أو", "بنا", "amox", "cef", "ol", "xyzq"};
  constexpr int kRounds = 200;
  const auto t0 = std::chrono::steady_clock::now();
  std::size_t hits = 0;
  for (int r = 0; r < kRounds; ++r)
    for (const char* q : queries) hits += index.search(q, 20).size();
  const auto t1 = std::chrono::steady_clock::now();
  std::printf("[ timing ] real catalogue: %zu products, %.1f us per query, index ~%zu KiB (%zu hits)\n",
              index.drugs().size(),
              std::chrono::duration<double, std::micro>(t1 - t0).count() / (kRounds * std::size(queries)),
              index.approx_bytes() / 1024, hits);
}

TEST(CatalogRealData, PenicillinAllergyBlocksAugmentin) {
  const RealData& data = real_data();
  ASSERT_FALSE(data.drugs.empty());
  const Drug* augmentin = nullptr;
  for (const Drug& d : data.drugs)
    if (contains_ingredient(d, "amoxicillin") && contains_ingredient(d, "clavulanic acid")) augmentin = &d;
  ASSERT_NE(augmentin, nullptr) << "no amoxicillin/clavulanic acid product in drugs.csv";
  PatientContext patient;
  patient.allergies = {"penicillin"};
  const auto alerts = check(*data.kb, patient, {ProposedItem{*augmentin, 1, "tablet", 2}});
  ASSERT_FALSE(alerts.empty());
  EXPECT_EQ(alerts[0].kind, AlertKind::allergy);
  EXPECT_TRUE(blocking(alerts[0]));
}

const Drug* first_with(const std::vector<Drug>& drugs, std::string_view ingredient) {
  for (const Drug& d : drugs)
    if (d.ingredients.size() == 1 && d.ingredients[0].name == ingredient && d.route == "oral") return &d;
  return nullptr;
}

TEST(CatalogRealData, WarfarinWithAnNsaidIsBlockingAndTwoStatinsAreDuplicates) {
  const RealData& data = real_data();
  ASSERT_FALSE(data.drugs.empty());
  const Drug* warfarin = first_with(data.drugs, "warfarin");
  const Drug* ibuprofen = first_with(data.drugs, "ibuprofen");
  const Drug* atorvastatin = first_with(data.drugs, "atorvastatin");
  const Drug* rosuvastatin = first_with(data.drugs, "rosuvastatin");
  ASSERT_TRUE(warfarin && ibuprofen && atorvastatin && rosuvastatin);
  PatientContext patient;
  patient.age_years = 60;
  patient.active_items.push_back({warfarin->id, warfarin->trade_name, warfarin->trade_name_ar, warfarin->ingredients});
  const auto alerts = check(*data.kb, patient,
                            {ProposedItem{*ibuprofen, 1, "tablet", 3}, ProposedItem{*atorvastatin, 1, "tablet", 1},
                             ProposedItem{*rosuvastatin, 1, "tablet", 1}});
  ASSERT_FALSE(alerts.empty());
  EXPECT_EQ(alerts[0].kind, AlertKind::interaction);
  EXPECT_TRUE(blocking(alerts[0]));
  EXPECT_EQ(alerts[0].active_drug_ids, (std::vector<std::string>{warfarin->id}));
  bool statins = false;
  for (const Alert& a : alerts)
    statins |= a.kind == AlertKind::duplicate_therapy && a.items == std::vector<std::size_t>{1, 2};
  EXPECT_TRUE(statins);
}

}  // namespace
}  // namespace hf::domain
