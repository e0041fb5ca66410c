// Practitioner: doctors and pharmacists, with their professional licence as identifier.
// Doctors see the whole directory; an integrator key sees its facility's staff only.
#include "fhir/common.hpp"
#include "fhir/resources.hpp"
#include "store/database.hpp"

namespace hf::fhir {
namespace {

constexpr const char* kPractitioners =
    "SELECT u.id, u.role, u.full_name, u.full_name_ar, u.license_no, u.status FROM users u "
    "WHERE u.role IN ('doctor', 'pharmacist') AND ($1 = '' OR u.id = $1) AND ($2 = '' OR u.license_no = $2) "
    "AND ($3 = '' OR EXISTS (SELECT 1 FROM user_facilities uf WHERE uf.user_id = u.id AND uf.facility_id = $3)) "
    "ORDER BY u.id LIMIT $4 OFFSET $5";

json::object to_fhir(const store::Row& row) {
  json::array names{json::object{{"use", "official"}, {"text", row.text(2)}}};
  if (!row.text(3).empty()) names.push_back(json::object{{"use", "usual"}, {"text", row.text(3)}});
  json::object r{{"resourceType", "Practitioner"},
                 {"id", row.text(0)},
                 {"active", row.text(5) == "active"},
                 {"name", std::move(names)}};
  if (!row.text(4).empty()) {
    r["identifier"] = json::array{json::object{{"system", kLicenceSystem}, {"value", row.text(4)}}};
    // The licence that lets them practise: doctor (Egyptian Medical Syndicate) or pharmacist.
    r["qualification"] = json::array{
        json::object{{"identifier", json::array{json::object{{"system", kLicenceSystem}, {"value", row.text(4)}}}},
                     {"code", json::object{{"text", row.text(1)}}}}};
  }
  return r;
}

Result<std::vector<json::object>> find(app::App& app, const http::Request& req, const std::string& id,
                                       const std::string& licence, int limit, int offset) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto rows =
      (*lease)->query(kPractitioners, {store::param(id), store::param(licence), store::param(key_facility(req.caller)),
                                       store::param(limit), store::param(offset)});
  if (!rows) return rows.error();
  std::vector<json::object> out;
  for (const auto& row : rows->rows) out.push_back(to_fhir(row));
  return out;
}

}  // namespace

http::Response practitioner_read(app::App& app, http::Request& req) {
  auto found = find(app, req, req.param("id"), "", 1, 0);
  if (!found) return outcome(found.error());
  if (found->empty()) return outcome(404, "There is no Practitioner with this id.");
  return resource_response(200, found->front());
}

http::Response practitioner_search(app::App& app, http::Request& req) {
  auto paging = read_paging(req, {"identifier", "_id"});
  if (!paging) return outcome(paging.error());
  std::string licence;
  if (auto given = req.query_param("identifier")) {
    auto v = token_value(*given, kLicenceSystem);
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
