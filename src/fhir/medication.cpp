// Medication: products of the catalogue, coded with their WHO ATC code and their EDA
// registration number. Ids come from the drugs table (paging); details from the in-memory index.
#include "fhir/medication.hpp"
#include "fhir/common.hpp"
#include "fhir/resources.hpp"
#include "store/database.hpp"

namespace hf::fhir {
namespace {

constexpr const char* kDrugIds =
    "SELECT id FROM drugs WHERE ($1 = '' OR id = $1) AND ($2 = '' OR atc_code = $2) "
    "AND ($3 = '' OR registration_no = $3) ORDER BY id LIMIT $4 OFFSET $5";

}  // namespace

json::object medication_to_fhir(const domain::Drug& d) {
  json::array ingredients;
  for (const auto& i : d.ingredients) {
    ingredients.push_back(
        json::object{{"itemCodeableConcept", json::object{{"text", i.name}}},
                     {"isActive", true},
                     {"strength", json::object{{"numerator", json::object{{"value", i.strength}, {"unit", i.unit}}},
                                               {"denominator", json::object{{"value", 1}, {"unit", d.form}}}}}});
  }
  json::object r{
      {"resourceType", "Medication"},
      {"id", d.id},
      {"identifier", json::array{json::object{{"system", kRegistrationSystem}, {"value", d.registration_no}}}},
      {"code", json::object{{"coding", json::array{json::object{{"system", kAtcSystem}, {"code", d.atc_code}}}},
                            {"text", d.trade_name}}},
      {"status", d.status == domain::DrugStatus::active ? "active" : "inactive"},
      {"form", json::object{{"text", d.form}}},
      {"amount", json::object{{"numerator", json::object{{"value", d.pack_size}, {"unit", d.pack_unit}}},
                              {"denominator", json::object{{"value", 1}, {"unit", "pack"}}}}}};
  if (!ingredients.empty()) r["ingredient"] = std::move(ingredients);
  return r;
}

http::Response medication_read(app::App& app, http::Request& req) {
  const auto index = app.catalog->index();
  const auto* d = index->find(req.param("id"));
  if (!d) return outcome(404, "There is no Medication with this id.");
  return resource_response(200, medication_to_fhir(*d));
}

http::Response medication_search(app::App& app, http::Request& req) {
  auto paging = read_paging(req, {"code", "identifier", "_id"});
  if (!paging) return outcome(paging.error());
  std::string atc, registration;
  if (auto given = req.query_param("code")) {
    auto v = token_value(*given, kAtcSystem);
    if (!v || v->empty()) return resource_response(200, searchset(req, {}, *paging));
    atc = *v;
  }
  if (auto given = req.query_param("identifier")) {
    auto v = token_value(*given, kRegistrationSystem);
    if (!v || v->empty()) return resource_response(200, searchset(req, {}, *paging));
    registration = *v;
  }
  std::vector<std::string> ids;
  {
    auto lease = app.db->acquire();
    if (!lease) return outcome(lease.error());
    auto rows = (*lease)->query(
        kDrugIds, {store::param(req.query_param("_id").value_or("")), store::param(atc), store::param(registration),
                   store::param(paging->count + 1), store::param(paging->offset)});
    if (!rows) return outcome(rows.error());
    for (const auto& row : rows->rows) ids.push_back(row.text(0));
  }
  const auto index = app.catalog->index();
  std::vector<json::object> found;
  for (const auto& id : ids)
    if (const auto* d = index->find(id)) found.push_back(medication_to_fhir(*d));
  return resource_response(200, searchset(req, std::move(found), *paging));
}

}  // namespace hf::fhir
