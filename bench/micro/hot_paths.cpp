// Google Benchmark micro-suite for the hot pure functions (issue 11): national ID parsing, QR token
// sign/verify (Ed25519), JWT verify (HS256), the CDS engine on a 3-item prescription, and the drug
// search index on the real catalogue in data/. Run: build/micro_bench (make bench does).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "domain/catalog/catalog_loader.hpp"
#include "domain/catalog/search_index.hpp"
#include "domain/cds/engine.hpp"
#include "domain/cds/knowledge_base.hpp"
#include "domain/national_id.hpp"
#include "security/init.hpp"
#include "security/jwt.hpp"
#include "security/signed_token.hpp"
#include "security/signing.hpp"

namespace {

std::string data_file(const std::string& name) {
  const std::string root = HF_SOURCE_DIR;
  std::ifstream in(root + "/data/" + name, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s/data/%s\n", root.c_str(), name.c_str());
    std::abort();
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

template <typename T>
T must(hf::Result<T> r) {
  if (!r) std::abort();
  return std::move(r).value();
}

struct Catalogue {
  std::vector<hf::domain::IngredientInfo> ingredients;
  hf::domain::KnowledgeBase kb;
  hf::domain::SearchIndex index;
  static Catalogue& get() {
    static Catalogue c = [] {
      auto ingredients = must(hf::domain::load_ingredients(data_file("ingredients.csv")));
      auto kb = must(hf::domain::KnowledgeBase::load(data_file("ingredients.csv"), data_file("interactions.csv"),
                                                     data_file("allergy_classes.csv")));
      auto drugs = must(hf::domain::load_drugs(data_file("drugs.csv"), ingredients));
      auto index = hf::domain::SearchIndex::build(std::move(drugs), ingredients);
      return Catalogue{std::move(ingredients), std::move(kb), std::move(index)};
    }();
    return c;
  }
};

void BM_NationalIdParse(benchmark::State& state) {
  const hf::domain::Date today{2026, 11, 29};
  for (auto _ : state) {
    auto r = hf::domain::parse_national_id("29001010112341", {}, today);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_NationalIdParse);

const hf::security::SigningKey& signing_key() {
  static const auto key = [] {
    (void)hf::security::initialize();
    return hf::security::SigningKey::generate();
  }();
  return key;
}
const std::string kQrPayload =
    R"({"v":1,"id":"3f1c2a9e-6b7d-4e21-9a0b-8c5d4e3f2a1b","code":"HF-7K3M-9Q2X","exp":1767225600})";

void BM_QrTokenSign(benchmark::State& state) {
  const auto& key = signing_key();
  for (auto _ : state) {
    auto t = hf::security::sign_token(key, hf::security::as_bytes(kQrPayload));
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_QrTokenSign);

void BM_QrTokenVerify(benchmark::State& state) {
  const auto& key = signing_key();
  const auto token = hf::security::sign_token(key, hf::security::as_bytes(kQrPayload));
  const hf::security::KeyLookup lookup = [&](std::string_view kid) -> std::optional<hf::security::PublicKey> {
    if (kid == key.kid()) return key.public_key();
    return std::nullopt;
  };
  for (auto _ : state) {
    auto r = hf::security::verify_token(token, lookup);
    if (!r) state.SkipWithError("verify failed");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_QrTokenVerify);

void BM_JwtVerify(benchmark::State& state) {
  (void)hf::security::initialize();
  const std::string secret(32, 'k');
  const auto key = hf::security::as_bytes(secret);
  hf::security::jwt::Claims c;
  c.sub = "3f1c2a9e-6b7d-4e21-9a0b-8c5d4e3f2a1b";
  c.role = "pharmacist";
  c.sid = "9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e";
  c.iss = "healthflow";
  c.aud = "healthflow-api";
  c.jti = "a1b2c3d4";
  c.iat = 1764374400;
  c.exp = c.iat + 900;
  const auto token = must(hf::security::jwt::sign(c, key));
  const hf::security::jwt::Expected expected{"healthflow", "healthflow-api", hf::security::jwt::TokenType::access};
  for (auto _ : state) {
    auto r = hf::security::jwt::verify(token, key, expected, c.iat + 10);
    if (!r) state.SkipWithError("verify failed");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_JwtVerify);

const hf::domain::Drug& drug(const std::string& trade_name) {
  for (const auto& d : Catalogue::get().index.drugs())
    if (d.trade_name == trade_name) return d;
  std::fprintf(stderr, "no %s in data/drugs.csv\n", trade_name.c_str());
  std::abort();
}

void BM_CdsCheck3Items(benchmark::State& state) {
  auto& cat = Catalogue::get();
  std::vector<hf::domain::ProposedItem> items;
  for (const char* name : {"Panadol 500 mg", "Augmentin 1 g", "Brufen 400 mg"})
    items.push_back({drug(name), 1, "tablet", 3});
  hf::domain::PatientContext patient;
  patient.age_years = 45;
  patient.allergies = {"penicillins"};
  hf::domain::ActiveItem active;
  active.drug_id = "active";
  active.ingredients = drug("Nexium 40 mg").ingredients;
  patient.active_items.push_back(active);
  for (auto _ : state) {
    auto alerts = hf::domain::check(cat.kb, patient, items);
    benchmark::DoNotOptimize(alerts);
  }
}
BENCHMARK(BM_CdsCheck3Items);

void BM_SearchPrefix(benchmark::State& state) {
  auto& cat = Catalogue::get();
  const std::vector<std::string> queries = {"pan", "aug", "amox", "nexi", "para", "بانا", "أوجمنتين", "cipro"};
  size_t i = 0;
  for (auto _ : state) {
    auto hits = cat.index.search(queries[i++ % queries.size()], 20);
    benchmark::DoNotOptimize(hits);
  }
  state.counters["drugs"] = static_cast<double>(cat.index.drugs().size());
}
BENCHMARK(BM_SearchPrefix);

void BM_SearchFragment(benchmark::State& state) {
  auto& cat = Catalogue::get();
  for (auto _ : state) {
    auto hits = cat.index.search("cillin", 20);
    benchmark::DoNotOptimize(hits);
  }
}
BENCHMARK(BM_SearchFragment);

}  // namespace
