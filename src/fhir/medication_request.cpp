// MedicationRequest: one per prescription item, grouped by groupIdentifier = the
// prescription code. A doctor sees what they prescribed, an integrator key what its facility
// prescribed. Reads are audited like the JSON API: a read by id as prescription.read, a search
// naming a patient as patient.history.
#include "fhir/medication_request.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>

#include "app/app.hpp"
#include "domain/date.hpp"
#include "fhir/resources.hpp"
#include "service/audit_log.hpp"
#include "service/prescribing.hpp"

namespace hf::fhir {
namespace {

// The FHIR status computed in SQL from the stored status and the business clock ($5), so that the
// status filter and paging agree with what the resources say.
#define HF_FHIR_STATUS                                                                                    \
  "(CASE WHEN p.status IN ('active', 'partially_dispensed') AND p.expires_at <= $5 THEN 'stopped' "       \
  "WHEN p.status IN ('active', 'partially_dispensed') THEN 'active' WHEN p.status = 'pending_approval' "  \
  "THEN 'on-hold' WHEN p.status = 'dispensed' THEN 'completed' WHEN p.status = 'expired' THEN 'stopped' " \
  "WHEN p.status IN ('cancelled', 'rejected') THEN 'cancelled' ELSE 'unknown' END)"
constexpr const char* kItems =
    "SELECT i.id, p.id FROM prescription_items i JOIN prescriptions p ON p.id = i.prescription_id "
    "WHERE ($1 = '' OR p.facility_id = $1) AND ($2 = '' OR p.prescriber_id = $2) AND ($3 = '' OR p.patient_id = $3) "
    "AND ($4 = '' OR " HF_FHIR_STATUS
    " = $4) AND p.issued_at >= $6 AND p.issued_at < $7 AND ($8 = '' OR i.id = $8) "
    "ORDER BY p.issued_at DESC, p.id, i.position LIMIT $9 OFFSET $10";
#undef HF_FHIR_STATUS
constexpr const char* kPatientExists = "SELECT 1 FROM patients WHERE id = $1";
constexpr const char* kItemOwner =
    "SELECT p.id, p.patient_id FROM prescription_items i JOIN prescriptions p ON p.id = i.prescription_id "
    "WHERE i.id = $1";

struct Scope {
  std::string facility_id, prescriber_id;
};
Scope scope_of(const http::Caller& c) {
  if (is_key(c)) return {key_facility(c), ""};
  return {"", c.id};
}

struct Range {
  int64_t from = 0, to = INT64_MAX;
};
// authoredon=[eq|ge|gt|le|lt]YYYY-MM-DD or an RFC 3339 instant; several narrow the range.
Result<Range> authored_range(const http::Request& req) {
  Range r;
  for (auto [it, end] = req.query.equal_range("authoredon"); it != end; ++it) {
    std::string v = it->second, prefix = "eq";
    if (v.size() > 2 && std::isalpha(static_cast<unsigned char>(v[0]))) {
      prefix = v.substr(0, 2);
      v = v.substr(2);
    }
    int64_t start = 0, end_ms = 0;
    if (v.size() == 10) {
      auto d = domain::parse_iso_date(v);
      if (!d) return Error::invalid("authoredon must be a date (YYYY-MM-DD) or an instant, with eq/ge/gt/le/lt.");
      start = domain::start_of_day_ms(*d);
      end_ms = start + domain::kMillisPerDay;
    } else {
      auto t = domain::parse_rfc3339(v);
      if (!t) return Error::invalid("authoredon must be a date (YYYY-MM-DD) or an instant, with eq/ge/gt/le/lt.");
      start = *t;
      end_ms = *t + 1;
    }
    if (prefix == "eq") {
      r.from = std::max(r.from, start);
      r.to = std::min(r.to, end_ms);
    } else if (prefix == "ge") {
      r.from = std::max(r.from, start);
    } else if (prefix == "gt") {
      r.from = std::max(r.from, end_ms);
    } else if (prefix == "le") {
      r.to = std::min(r.to, end_ms);
    } else if (prefix == "lt") {
      r.to = std::min(r.to, start);
    } else {
      return Error::invalid("authoredon supports the prefixes eq, ge, gt, le and lt.");
    }
  }
  return r;
}

// The resources of the items found, their prescriptions read together (2 statements whatever the
// page's length), in the order of `rows`.
Result<std::vector<json::object>> load(app::App& app, store::Connection& c, const store::QueryResult& rows) {
  std::vector<std::string> ids;
  for (const auto& row : rows.rows)
    if (std::find(ids.begin(), ids.end(), row.text(1)) == ids.end()) ids.push_back(row.text(1));
  auto found = store::find_prescriptions(c, ids);
  if (!found) return found.error();
  std::map<std::string, const store::PrescriptionRecord*> by_id;
  for (const auto& p : *found) by_id.emplace(p.id, &p);
  const auto catalog = app.catalog->index();
  const int64_t now = app::business_now(app);
  std::vector<json::object> out;
  for (const auto& row : rows.rows) {
    auto it = by_id.find(row.text(1));
    if (it == by_id.end()) continue;
    for (const auto& item : it->second->items)
      if (item.id == row.text(0)) out.push_back(medication_request_to_fhir(*catalog, now, *it->second, item));
  }
  return out;
}

}  // namespace

std::string medication_request_status(const std::string& s) {
  if (s == "active" || s == "partially_dispensed") return "active";
  if (s == "pending_approval") return "on-hold";
  if (s == "dispensed") return "completed";
  if (s == "expired") return "stopped";
  if (s == "cancelled" || s == "rejected") return "cancelled";
  if (s == "draft") return "draft";
  return "unknown";
}

json::object medication_request_to_fhir(const domain::SearchIndex& catalog, int64_t now,
                                        const store::PrescriptionRecord& p, const store::ItemRecord& item) {
  const auto* drug = catalog.find(item.drug_id);
  json::object medication = reference("Medication", item.drug_id, drug ? drug->trade_name : "");
  json::object timing_repeat{
      {"frequency", item.times_per_day},
      {"period", 1},
      {"periodUnit", "d"},
      {"boundsDuration",
       json::object{
           {"value", item.duration_days}, {"unit", "days"}, {"system", "http://unitsofmeasure.org"}, {"code", "d"}}}};
  json::object dosage{
      {"sequence", 1},
      {"text", item.sig_en},
      {"timing", json::object{{"repeat", std::move(timing_repeat)}}},
      {"doseAndRate", json::array{json::object{
                          {"doseQuantity", json::object{{"value", item.dose_amount}, {"unit", item.dose_unit}}}}}}};
  // The Arabic directions, as printed on the label, for the patient.
  if (!item.sig_ar.empty()) dosage["patientInstruction"] = item.sig_ar;
  if (!item.route.empty()) dosage["route"] = json::object{{"text", item.route}};
  if (!item.instructions.empty()) {
    dosage["additionalInstruction"] = json::array{json::object{{"text", item.instructions}}};
  }
  json::object dispense{
      {"validityPeriod", json::object{{"start", instant(p.issued_at)}, {"end", instant(p.expires_at)}}},
      {"numberOfRepeatsAllowed", item.repeats},
      {"quantity", json::object{{"value", item.quantity}, {"unit", "pack"}}}};
  if (item.repeat_interval_days > 0) {
    dispense["dispenseInterval"] = json::object{
        {"value", item.repeat_interval_days}, {"unit", "days"}, {"system", "http://unitsofmeasure.org"}, {"code", "d"}};
  }
  json::object r{{"resourceType", "MedicationRequest"},
                 {"id", item.id},
                 {"groupIdentifier", json::object{{"system", kPrescriptionCodeSystem}, {"value", p.code}}},
                 {"status", medication_request_status(service::effective_status(p, now))},
                 {"intent", "order"},
                 {"medicationReference", std::move(medication)},
                 {"subject", reference("Patient", p.patient_id)},
                 {"authoredOn", instant(p.issued_at)},
                 {"requester", reference("Practitioner", p.prescriber_id)},
                 {"dosageInstruction", json::array{std::move(dosage)}},
                 {"dispenseRequest", std::move(dispense)},
                 {"substitution", json::object{{"allowedBoolean", item.substitution_allowed}}}};
  try {
    json::array reasons;
    const json::value codes = json::parse(p.diagnosis_codes);
    for (const auto& code : codes.as_array()) {
      if (!code.is_string()) continue;
      reasons.push_back(
          json::object{{"coding", json::array{json::object{{"system", kIcd10System}, {"code", code.as_string()}}}}});
    }
    if (!reasons.empty()) r["reasonCode"] = std::move(reasons);
  } catch (const std::exception&) {
    // Stored by the service as a JSON array; a bad value leaves the reasons out rather than fail.
  }
  if (!p.notes.empty()) r["note"] = json::array{json::object{{"text", p.notes}}};
  if (p.controlled) r["category"] = json::array{json::object{{"text", "controlled"}}};
  return r;
}

http::Response medication_request_read(app::App& app, http::Request& req) {
  const auto scope = scope_of(req.caller);
  const int64_t now = app::business_now(app);
  std::vector<json::object> found;
  std::string prescription_id;
  {
    auto lease = app.db->acquire();
    if (!lease) return outcome(lease.error());
    auto rows =
        (*lease)->query(kItems, {store::param(scope.facility_id), store::param(scope.prescriber_id), store::param(""),
                                 store::param(""), store::param(now), store::param(int64_t{0}), store::param(INT64_MAX),
                                 store::param(req.param("id")), store::param(1), store::param(0)});
    if (!rows) return outcome(rows.error());
    auto loaded = load(app, **lease, *rows);
    if (!loaded) return outcome(loaded.error());
    found = std::move(loaded).value();
    if (!found.empty()) prescription_id = rows->first().text(1);
    if (found.empty()) {
      // Another facility's or doctor's prescription: 404 as if it did not exist, but the attempt
      // is recorded (outcome denied) and shows in the patient's access log.
      auto owner = (*lease)->query(kItemOwner, {store::param(req.param("id"))});
      if (!owner) return outcome(owner.error());
      if (!owner->empty()) {
        auto denied = service::audit_entry(req, "prescription.read", "denied");
        denied.patient_id = owner->first().text(1);
        denied.record_type = "prescription";
        denied.record_id = owner->first().text(0);
        lease->release();
        if (auto s = app.audit->append(denied, service::now_ms()); !s) return outcome(s.error());
      }
    }
  }
  if (found.empty()) return outcome(404, "There is no MedicationRequest with this id.");
  auto audit = service::audit_entry(req, "prescription.read");
  audit.patient_id =
      reference_id(std::string(found.front()["subject"].as_object()["reference"].as_string()), "Patient");
  audit.record_type = "prescription";
  audit.record_id = prescription_id;
  if (auto s = app.audit->append(audit, service::now_ms()); !s) return outcome(s.error());
  return resource_response(200, found.front());
}

http::Response medication_request_search(app::App& app, http::Request& req) {
  auto paging = read_paging(req, {"patient", "subject", "status", "authoredon", "_id"});
  if (!paging) return outcome(paging.error());
  auto range = authored_range(req);
  if (!range) return outcome(range.error());
  std::string patient;
  if (auto given = req.query_param("patient").value_or(req.query_param("subject").value_or("")); !given.empty()) {
    patient = reference_id(given, "Patient");
    if (patient.empty()) return resource_response(200, searchset(req, {}, *paging));
    if (auto s = check_id_param(req.query_param("patient") ? "patient" : "subject", patient); !s)
      return outcome(s.error());
  }
  if (auto id = req.query_param("_id"); id && !id->empty()) {
    if (auto s = check_id_param("_id", *id); !s) return outcome(s.error());
  }
  std::string status = req.query_param("status").value_or("");
  const auto scope = scope_of(req.caller);
  const int64_t now = app::business_now(app);
  std::vector<json::object> found;
  {
    auto lease = app.db->acquire();
    if (!lease) return outcome(lease.error());
    auto rows = (*lease)->query(
        kItems, {store::param(scope.facility_id), store::param(scope.prescriber_id), store::param(patient),
                 store::param(status), store::param(now), store::param(range->from), store::param(range->to),
                 store::param(req.query_param("_id").value_or("")), store::param(paging->count + 1),
                 store::param(paging->offset)});
    if (!rows) return outcome(rows.error());
    // An unknown patient has an empty searchset and nothing to record; asked only when nothing
    // matched, so a page costs no more than its own statements.
    if (rows->empty() && !patient.empty()) {
      auto exists = (*lease)->query(kPatientExists, {store::param(patient)});
      if (!exists) return outcome(exists.error());
      if (exists->empty()) return resource_response(200, searchset(req, {}, *paging));
    }
    auto loaded = load(app, **lease, *rows);
    if (!loaded) return outcome(loaded.error());
    found = std::move(loaded).value();
  }
  if (!patient.empty()) {
    // As GET /patients/{id}/prescriptions: opening a patient's prescriptions is recorded.
    auto audit = service::audit_entry(req, "patient.history");
    audit.patient_id = patient;
    audit.record_type = "patient";
    audit.record_id = patient;
    audit.reason = "FHIR API";
    if (auto s = app.audit->append(audit, service::now_ms()); !s) return outcome(s.error());
  }
  return resource_response(200, searchset(req, std::move(found), *paging));
}

}  // namespace hf::fhir
