// Organization: clinics, hospitals and pharmacies with their licence as identifier.
// Doctors see every facility; an integrator key sees its own facility only.
#include "domain/national_id.hpp"
#include "fhir/common.hpp"
#include "fhir/resources.hpp"
#include "store/database.hpp"

namespace hf::fhir {
namespace {

constexpr const char* kFacilities =
    "SELECT id, type, name, name_ar, license_no, governorate, address, status FROM facilities "
    "WHERE ($1 = '' OR id = $1) AND ($2 = '' OR id = $2) AND ($3 = '' OR license_no = $3) "
    "ORDER BY id LIMIT $4 OFFSET $5";

json::object to_fhir(const store::Row& row) {
  const std::string type = row.text(1);
  json::object address{{"text", row.text(6)}, {"country", "EG"}};
  int code = 0;
  try {
    code = std::stoi(row.text(5));
  } catch (const std::exception&) {
  }
  if (const auto* g = domain::find_governorate(code)) address["state"] = std::string(g->name_en);
  json::object r{
      {"resourceType", "Organization"},
      {"id", row.text(0)},
      {"identifier", json::array{json::object{{"system", kFacilityLicenceSystem}, {"value", row.text(4)}}}},
      {"active", row.text(7) == "active"},
      {"type",
       json::array{json::object{
           {"coding", json::array{json::object{{"system", "http://terminology.hl7.org/CodeSystem/organization-type"},
                                               {"code", "prov"},
                                               {"display", "Healthcare Provider"}}}},
           {"text", type}}}},
      {"name", row.text(2)},
      {"address", json::array{std::move(address)}}};
  if (!row.text(3).empty()) r["alias"] = json::array{json::value(row.text(3))};
  return r;
}

Result<std::vector<json::object>> find(app::App& app, const http::Request& req, const std::string& id,
                                       const std::string& licence, int limit, int offset) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto rows = (*lease)->query(kFacilities, {store::param(key_facility(req.caller)), store::param(id),
                                            store::param(licence), store::param(limit), store::param(offset)});
  if (!rows) return rows.error();
  std::vector<json::object> out;
  for (const auto& row : rows->rows) out.push_back(to_fhir(row));
  return out;
}

}  // namespace

http::Response organization_read(app::App& app, http::Request& req) {
  auto found = find(app, req, req.param("id"), "", 1, 0);
  if (!found) return outcome(found.error());
  if (found->empty()) return outcome(404, "There is no Organization with this id.");
  return resource_response(200, found->front());
}

http::Response organization_search(app::App& app, http::Request& req) {
  auto paging = read_paging(req, {"identifier", "_id"});
  if (!paging) return outcome(paging.error());
  std::string licence;
  if (auto given = req.query_param("identifier")) {
    auto v = token_value(*given, kFacilityLicenceSystem);
    if (!v || v->empty()) return resource_response(200, searchset(req, {}, *paging));
    licence = *v;
  }
  if (auto id = req.query_param("_id"); id && !id->empty()) {
    if (auto s = check_id_param("_id", *id); !s) return outcome(s.error());
  }
  auto found = find(app, req, req.query_param("_id").value_or(""), licence, paging->count + 1, paging->offset);
  if (!found) return outcome(found.error());
  return resource_response(200, searchset(req, std::move(found).value(), *paging));
}

}  // namespace hf::fhir
