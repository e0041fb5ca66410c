// libFuzzer target: JSON request bodies into domain types, as the handlers read them:
// parse_object (Content-Type, depth limit, objects only), the typed Fields readers, and the
// prescription body (POST /prescriptions and /prescriptions/check) against a small catalogue.
// Invariants: never crashes or throws; a parsed prescription has 1-10 items of known drugs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/json_io.hpp"
#include "api/prescription_body.hpp"
#include "domain/catalog/catalog_loader.hpp"
#include "domain/catalog/search_index.hpp"

namespace {

const hf::domain::SearchIndex& catalogue() {
  static const auto index = [] {
    constexpr std::string_view kCsv =
        "registration_no,trade_name,trade_name_ar,ingredients,form,route,pack_size,pack_unit,price_egp,atc_code,"
        "controlled_schedule,essential,requires_approval,popularity\n"
        "EG-1,Panadol 500 mg,Panadol,paracetamol:500:mg,film-coated tablet,oral,24,tablet,57.00,N02BE01,,1,0,95\n"
        "EG-2,Augmentin 1 g,Augmentin,amoxicillin:875:mg|clavulanic acid:125:mg,film-coated tablet,oral,14,"
        "tablet,120.00,J01CR02,,1,0,90\n"
        "EG-3,Tramal 50 mg,Tramal,tramadol:50:mg,capsule,oral,10,capsule,30.00,N02AX02,2,0,0,40\n";
    auto drugs = hf::domain::load_drugs(kCsv);
    if (!drugs) std::abort();
    return hf::domain::SearchIndex::build(std::move(drugs).value());
  }();
  return index;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace hf;
  http::Request req;
  req.method = "POST";
  req.headers.emplace_back("content-type", "application/json; charset=utf-8");
  req.body.assign(reinterpret_cast<const char*>(data), size);
  auto body = api::parse_object(req);
  if (!body) return 0;

  api::Fields f(*body);
  (void)f.text("username", true, 100);
  (void)f.text("full_name_ar", false);
  (void)f.integer("quantity", false, 1, 1000);
  (void)f.number("dose_amount", false, 0.001, 10000);
  (void)f.boolean("substitution_allowed", false);
  (void)f.text_list("facility_ids", false, 20);
  (void)f.array("items", false, 10);
  (void)f.error();  // every key not read above is reported

  for (bool overrides : {false, true}) {
    auto draft = api::parse_prescription_body(*body, catalogue(), api::PrescriptionBodyOptions{overrides});
    if (!draft) continue;
    if (draft->items.empty() || draft->items.size() > 10) std::abort();
    for (const auto& item : draft->items)
      if (!catalogue().find(item.drug_id)) std::abort();
  }
  return 0;
}
