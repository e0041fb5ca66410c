#include "api/patients.hpp"

#include "api/json_io.hpp"
#include "domain/date.hpp"
#include "domain/national_id.hpp"
#include "http/problem.hpp"
#include "service/patient_service.hpp"

namespace hf::api::patients {
namespace {

// The governorate is answered as an object so that portals need no table of their own:
// {"code":"01","name":"Cairo","name_ar":"القاهرة"} (docs/api/openapi.yaml, Patient).
json::value governorate_json(const std::string& code) {
  const domain::Governorate* g = code.empty() ? nullptr : domain::find_governorate(std::atoi(code.c_str()));
  if (!g) return json::object{{"code", code}, {"name", nullptr}, {"name_ar", nullptr}};
  return json::object{{"code", code}, {"name", g->name_en}, {"name_ar", g->name_ar}};
}

json::object patient_json(const store::PatientRow& p) {
  json::array allergies, conditions;
  for (const auto& a : p.allergies) allergies.emplace_back(a);
  for (const auto& c : p.conditions) conditions.emplace_back(c);
  json::object o{{"id", p.id},
                 {"national_id", p.national_id},
                 {"full_name", p.full_name},
                 {"birth_date", p.birth_date},
                 {"sex", p.sex},
                 {"governorate", governorate_json(p.governorate)},
                 {"allergies", std::move(allergies)},
                 {"conditions", std::move(conditions)},
                 {"created_at", domain::to_rfc3339(p.created_at)}};
  o["full_name_ar"] = p.full_name_ar ? json::value(*p.full_name_ar) : json::value(nullptr);
  o["phone"] = p.phone ? json::value(*p.phone) : json::value(nullptr);
  return o;
}

// A value given beside the ID as text or (governorate) a number.
std::optional<std::string> text_or_number(Fields& f, const char* name) {
  const auto* v = f.raw(name);
  if (v && (v->is_int64() || v->is_uint64())) return json::serialize(*v);
  return f.text(name, false, 64);
}

std::string reason_of(const http::Request& req) {
  auto r = req.query_param("reason").value_or("");
  if (r.size() > 500) r.resize(500);
  return r;
}

}  // namespace

http::Response create(app::App& app, http::Request& req) {
  auto body = parse_object(req);
  if (!body) return http::problem(body.error());
  Fields f(*body);
  service::NewPatient p;
  p.national_id = f.text("national_id", true, 64).value_or("");
  p.full_name = f.text("full_name", true, 200).value_or("");
  p.full_name_ar = f.text("full_name_ar", false, 200);
  p.phone = f.text("phone", false, 32);
  p.allergies = f.text_list("allergies", false, 50, 100);
  p.conditions = f.text_list("conditions", false, 50, 100);
  p.birth_date = f.text("birth_date", false, 10);
  p.sex = f.text("sex", false, 6);
  p.governorate = text_or_number(f, "governorate");
  if (!f.ok()) return http::problem(f.error());
  auto created = service::register_patient(app, req, p);
  if (!created) return http::problem(created.error());
  auto res = json_response(201, patient_json(*created));
  res.set_header("Location", "/api/v1/patients/" + created->id);
  return res;
}

http::Response find(app::App& app, http::Request& req) {
  auto nid = req.query_param("national_id");
  if (!nid || nid->empty()) {
    return http::problem(Error::invalid("Give ?national_id= to find a patient.", {{"national_id", "is required"}}));
  }
  auto found = service::find_patients_by_national_id(app, req, *nid, reason_of(req));
  if (!found) return http::problem(found.error());
  json::array items;
  for (const auto& p : *found) items.push_back(patient_json(p));
  return json_response(200, json::object{{"items", std::move(items)}, {"next_cursor", nullptr}});
}

http::Response get(app::App& app, http::Request& req) {
  auto found = service::read_patient(app, req, req.param("id"), reason_of(req));
  if (!found) return http::problem(found.error());
  return json_response(200, patient_json(*found));
}

}  // namespace hf::api::patients
