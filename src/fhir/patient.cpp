// Patient: the national ID as identifier, names in English and Arabic. Doctors read any
// patient, as in the JSON API; an integrator key reads only patients its facility prescribed for
// or dispensed to. Every read goes through the patient service, so it is audited the same way.
#include "domain/national_id.hpp"
#include "fhir/common.hpp"
#include "fhir/resources.hpp"
#include "service/audit_log.hpp"
#include "service/patient_service.hpp"
#include "store/patient_repository.hpp"

namespace hf::fhir {
namespace {

constexpr const char* kLinkedToFacility =
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM prescriptions WHERE patient_id = $1 AND facility_id = $2) "
    "OR EXISTS (SELECT 1 FROM dispensations d JOIN prescriptions p ON p.id = d.prescription_id "
    "WHERE p.patient_id = $1 AND d.pharmacy_id = $2) THEN 1 ELSE 0 END";
constexpr const char* kPatientExists = "SELECT 1 FROM patients WHERE id = $1";
constexpr const char* kReason = "FHIR API";

json::object to_fhir(const store::PatientRow& p) {
  json::array names{json::object{{"use", "official"}, {"text", p.full_name}}};
  if (p.full_name_ar && !p.full_name_ar->empty())
    names.push_back(json::object{{"use", "usual"}, {"text", *p.full_name_ar}});
  json::object r{{"resourceType", "Patient"},
                 {"id", p.id},
                 {"identifier", json::array{json::object{
                                    {"use", "official"}, {"system", kNationalIdSystem}, {"value", p.national_id}}}},
                 {"name", std::move(names)},
                 {"gender", p.sex == "female" ? "female" : "male"},
                 {"birthDate", p.birth_date}};
  if (p.phone && !p.phone->empty()) {
    r["telecom"] = json::array{json::object{{"system", "phone"}, {"value", *p.phone}, {"use", "mobile"}}};
  }
  json::object address{{"country", "EG"}};
  int code = 0;
  try {
    code = std::stoi(p.governorate);
  } catch (const std::exception&) {
  }
  if (const auto* g = domain::find_governorate(code)) address["state"] = std::string(g->name_en);
  r["address"] = json::array{std::move(address)};
  return r;
}

// A key may see a patient only when its facility prescribed for them or dispensed to them.
Result<bool> visible_to(app::App& app, const http::Request& req, const std::string& patient_id) {
  const auto facility = key_facility(req.caller);
  if (facility.empty()) return true;
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto r = (*lease)->query(kLinkedToFacility, {store::param(patient_id), store::param(facility)});
  if (!r) return r.error();
  return !r->empty() && r->first().flag(0);
}

// A key asked for a patient its facility has no link to: when the patient exists, the refused
// attempt is recorded (outcome denied), so it shows in that patient's access log.
Status record_refusal(app::App& app, const http::Request& req, const std::string& patient_id) {
  {
    auto lease = app.db->acquire();
    if (!lease) return lease.error();
    auto r = (*lease)->query(kPatientExists, {store::param(patient_id)});
    if (!r) return r.error();
    if (r->empty()) return ok_status();
  }
  service::AuditEntry e = service::audit_entry(req, "patient.read", "denied");
  e.patient_id = patient_id;
  e.record_type = "patient";
  e.record_id = patient_id;
  e.reason = kReason;
  return app.audit->append(e, service::now_ms());
}

}  // namespace

http::Response patient_read(app::App& app, http::Request& req) {
  const auto& id = req.param("id");
  auto visible = visible_to(app, req, id);
  if (!visible) return outcome(visible.error());
  if (!*visible) {
    if (auto s = record_refusal(app, req, id); !s) return outcome(s.error());
    return outcome(404, "There is no Patient with this id.");
  }
  auto p = service::read_patient(app, req, id, kReason);
  if (!p) return outcome(p.error());
  return resource_response(200, to_fhir(*p));
}

http::Response patient_search(app::App& app, http::Request& req) {
  auto paging = read_paging(req, {"identifier", "_id"});
  if (!paging) return outcome(paging.error());
  std::vector<json::object> found;
  if (auto id = req.query_param("_id")) {
    if (auto s = check_id_param("_id", *id); !s) return outcome(s.error());
    auto visible = visible_to(app, req, *id);
    if (!visible) return outcome(visible.error());
    if (*visible) {
      auto p = service::read_patient(app, req, *id, kReason);
      if (p)
        found.push_back(to_fhir(*p));
      else if (p.error().kind != ErrorKind::not_found)
        return outcome(p.error());
    } else if (auto s = record_refusal(app, req, *id); !s) {
      return outcome(s.error());
    }
  } else if (auto given = req.query_param("identifier")) {
    auto value = token_value(*given, kNationalIdSystem);
    bool allowed = value && !value->empty();
    if (allowed && is_key(req.caller)) {
      // Decide visibility before the service reads (and audits) anything for a key.
      std::string patient_id;
      {
        auto lease = app.db->acquire();
        if (!lease) return outcome(lease.error());
        auto found = store::find_patient_id_by_national_id(**lease, *value);
        if (!found) return outcome(found.error());
        if (*found) patient_id = **found;
      }
      allowed = false;
      if (!patient_id.empty()) {
        auto visible = visible_to(app, req, patient_id);
        if (!visible) return outcome(visible.error());
        allowed = *visible;
        if (!allowed)
          if (auto s = record_refusal(app, req, patient_id); !s) return outcome(s.error());
      }
    }
    if (allowed) {
      // As the JSON API's find by national ID: exact match, audited as a patient read.
      auto list = service::find_patients_by_national_id(app, req, *value, kReason);
      if (!list) {
        if (list.error().kind != ErrorKind::rule_broken && list.error().kind != ErrorKind::invalid)
          return outcome(list.error());
      } else {
        for (const auto& p : *list) {
          auto visible = visible_to(app, req, p.id);
          if (!visible) return outcome(visible.error());
          if (*visible) found.push_back(to_fhir(p));
        }
      }
    }
  } else {
    // Listing every patient is not offered (as in the JSON API): name the one you mean.
    return outcome(400, "Search Patient by identifier (" + std::string(kNationalIdSystem) + "|<national ID>) or _id.",
                   "required");
  }
  if (paging->offset > 0) found.clear();
  return resource_response(200, searchset(req, std::move(found), *paging));
}

}  // namespace hf::fhir
