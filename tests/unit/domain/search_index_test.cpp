// Drug search and generic equivalents (DOMAIN.md "Drug catalogue", "Dispensing": substitution).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "domain/catalog/search_index.hpp"

namespace hf::domain {
namespace {

Drug make_drug(std::string reg, std::string en, std::string ar, std::vector<DrugIngredient> ings, int popularity,
               std::string form = "tablet", std::int64_t price = 1000) {
  Drug d;
  d.id = reg;
  d.registration_no = std::move(reg);
  d.trade_name = std::move(en);
  d.trade_name_ar = std::move(ar);
  d.ingredients = std::move(ings);
  d.form = std::move(form);
  d.route = "oral";
  d.popularity = popularity;
  d.price_piastres = price;
  return d;
}

std::vector<Drug> fixture() {
  return {
      make_drug("1", "Augmentin 1g", "أوجمنتين ١ جم", {{"amoxicillin", 875, "mg"}, {"clavulanic acid", 125, "mg"}}, 95,
                "film-coated tablet"),
      make_drug("2", "Hibiotic 1g", "هاي بيوتك ١ جم", {{"amoxicillin", 875, "mg"}, {"clavulanic acid", 125, "mg"}}, 80,
                "film-coated tablet", 900),
      make_drug("3", "Panadol", "بنادول", {{"paracetamol", 500, "mg"}}, 99),
      make_drug("4", "Panadol Extra", "بنادول اكسترا", {{"paracetamol", 500, "mg"}, {"caffeine", 65, "mg"}}, 90),
      make_drug("5", "Abimol", "أبيمول", {{"paracetamol", 0.5, "g"}}, 70),
      make_drug("6", "Cetal", "سيتال", {{"paracetamol", 500, "mg"}}, 40, "effervescent tablet"),
      make_drug("7", "Pan", "بان", {{"pantoprazole", 40, "mg"}}, 10),
      make_drug("8", "Span", "سبان", {{"ibuprofen", 200, "mg"}}, 100),
      make_drug("9", "Brufen", "بروفين", {{"ibuprofen", 400, "mg"}}, 85),
  };
}

std::vector<IngredientInfo> arabic_ingredients() {
  IngredientInfo para;
  para.name = "paracetamol";
  para.name_ar = "باراسيتامول";
  IngredientInfo amox;
  amox.name = "amoxicillin";
  amox.name_ar = "أموكسيسيلين";
  return {para, amox};
}

std::vector<std::string> ids(const std::vector<SearchHit>& hits) {
  std::vector<std::string> out;
  for (const SearchHit& h : hits) out.push_back(h.drug->id);
  return out;
}

TEST(SearchIndex, SearchRanksExactBeforePrefixBeforeFragment) {
  const auto index = SearchIndex::build(fixture());
  // "pan": exact "Pan" (popularity 10) first, then prefixes by popularity (Panadol 99, Panadol Extra
  // 90), then the fragment inside "Span" although Span is the most popular product of all.
  const auto hits = index.search("pan", 10);
  ASSERT_EQ(ids(hits), (std::vector<std::string>{"7", "3", "4", "8"}));
  EXPECT_EQ(hits[0].match, MatchKind::exact);
  EXPECT_EQ(hits[1].match, MatchKind::prefix);
  EXPECT_EQ(hits[3].match, MatchKind::fragment);
}

TEST(SearchIndex, PrefixOfAnyWordAndOfGenericNamesMatches) {
  const auto index = SearchIndex::build(fixture());
  EXPECT_EQ(ids(index.search("extra", 10)), (std::vector<std::string>{"4"}));
  // Generic name prefix: every product containing clavulanic acid, most popular first.
  EXPECT_EQ(ids(index.search("clav", 10)), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(ids(index.search("paracet", 10)), (std::vector<std::string>{"3", "4", "5", "6"}));
}

TEST(SearchIndex, OneHitPerProductAndLimitRespected) {
  const auto index = SearchIndex::build(fixture());
  // "amoxicillin" matches the ingredient of two products; each appears once.
  EXPECT_EQ(ids(index.search("amoxicillin", 10)), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(index.search("a", 3).size(), 3u);
  EXPECT_TRUE(index.search("a", 0).empty());
  EXPECT_TRUE(index.search("   ", 10).empty());
  EXPECT_TRUE(index.search("zzz", 10).empty());
}

TEST(SearchIndex, FilteredSearchSkipsRejectedProductsBeforeTheLimit) {
  auto drugs = fixture();
  drugs[2].status = DrugStatus::permanently_disabled;  // Panadol
  const auto index = SearchIndex::build(std::move(drugs));
  auto prescribable = [](const Drug& d) { return d.status == DrugStatus::active; };
  EXPECT_EQ(ids(index.search("panadol", 1, prescribable)), (std::vector<std::string>{"4"}));
  EXPECT_EQ(ids(index.search("panadol", 1)), (std::vector<std::string>{"3"}));
  EXPECT_EQ(ids(index.search("pan", 10, prescribable)), (std::vector<std::string>{"7", "4", "8"}));
}

TEST(SearchIndex, CaseInsensitiveInEnglish) {
  const auto index = SearchIndex::build(fixture());
  EXPECT_EQ(ids(index.search("AUGM", 5)), (std::vector<std::string>{"1"}));
  EXPECT_EQ(ids(index.search("  Brufen ", 5)), (std::vector<std::string>{"9"}));
  EXPECT_EQ(index.search("brufen", 5).at(0).match, MatchKind::exact);
}

TEST(SearchIndex, ArabicSearchIgnoresDiacriticsAndHamza) {
  const auto index = SearchIndex::build(fixture(), arabic_ingredients());
  EXPECT_EQ(ids(index.search("أوجم", 5)), (std::vector<std::string>{"1"}));
  EXPECT_EQ(ids(index.search("اوجم", 5)), (std::vector<std::string>{"1"}));    // no hamza typed
  EXPECT_EQ(ids(index.search("أُوجْمَن", 5)), (std::vector<std::string>{"1"}));   // with tashkeel
  EXPECT_EQ(ids(index.search("ابيمول", 5)), (std::vector<std::string>{"5"}));  // stored with hamza
  EXPECT_EQ(ids(index.search("اكسترا", 5)), (std::vector<std::string>{"4"}));  // second Arabic word
  // Arabic generic name, fragment in the middle of a word.
  EXPECT_EQ(ids(index.search("سيتامول", 5)), (std::vector<std::string>{"3", "4", "5", "6"}));
  EXPECT_EQ(ids(index.search("اموكسي", 5)), (std::vector<std::string>{"1", "2"}));
}

TEST(SearchIndex, EquivalentsShareIngredientsStrengthsAndForm) {
  const auto index = SearchIndex::build(fixture());
  const Drug& augmentin = *index.find("1");
  const auto eq = index.equivalents(augmentin);
  ASSERT_EQ(eq.size(), 1u);
  EXPECT_EQ(eq[0]->id, "2");
  // Panadol 500 mg tablet and Abimol 0.5 g tablet are the same; Cetal is effervescent, Panadol
  // Extra adds caffeine.
  const auto panadol = index.equivalents(*index.find("3"));
  ASSERT_EQ(panadol.size(), 1u);
  EXPECT_EQ(panadol[0]->id, "5");
  EXPECT_TRUE(index.equivalents(*index.find("6")).empty());
  EXPECT_TRUE(index.equivalents(*index.find("9")).empty());  // different strength from Span
  EXPECT_EQ(index.find("nope"), nullptr);
}

TEST(SearchIndex, HitsStayValidAfterTheIndexMoves) {
  auto built = SearchIndex::build(fixture());
  SearchIndex moved = std::move(built);
  EXPECT_EQ(moved.find("3")->trade_name, "Panadol");
  EXPECT_EQ(moved.search("panadol", 1).at(0).drug->id, "3");
}

TEST(SearchIndex, PrefixSearchTimingOnFiveHundredProducts) {
  // Prints timings; asserts only correctness (timing on shared CI cores is noise).
  static const char* kSyllables[] = {"am", "ox", "ci", "la", "vu", "pa", "ra", "ce", "ta", "mo", "ibu", "pro", "fen"};
  std::vector<Drug> drugs;
  for (int i = 0; i < 500; ++i) {
    std::string name;
    for (int k = 0; k < 4; ++k) name += kSyllables[(i * 7 + k * 3 + i / 13) % 13];
    name += " " + std::to_string(i);
    drugs.push_back(make_drug("r" + std::to_string(i), name, "دواء " + std::to_string(i),
                              {{kSyllables[i % 13] + std::string("zole"), 10.0 + i % 7, "mg"}}, 1 + i % 100));
  }
  const auto start_build = std::chrono::steady_clock::now();
  const auto index = SearchIndex::build(std::move(drugs));
  const auto built = std::chrono::steady_clock::now();
  const char* queries[] = {"a", "am", "amo", "amox", "ibupro", "دو", "zole", "fenta", "xyz", "ce 4"};
  constexpr int kRounds = 200;
  std::size_t total_hits = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int r = 0; r < kRounds; ++r)
    for (const char* q : queries) total_hits += index.search(q, 20).size();
  const auto t1 = std::chrono::steady_clock::now();
  const double per_query_us =
      std::chrono::duration<double, std::micro>(t1 - t0).count() / (kRounds * std::size(queries));
  std::printf("[ timing ] build %.0f us; %.1f us per query (limit 20) over %zu products; index ~%zu KiB\n",
              std::chrono::duration<double, std::micro>(built - start_build).count(), per_query_us,
              index.drugs().size(), index.approx_bytes() / 1024);
  EXPECT_GT(total_hits, 0u);
  EXPECT_EQ(index.search("amox", 500).size(), index.search("amox", 1000).size());
  EXPECT_GT(index.approx_bytes(), 500u * sizeof(Drug));
}

}  // namespace
}  // namespace hf::domain
