// MedicationDispense: one per dispensed line. A doctor sees what was dispensed against
// their prescriptions; an integrator key what its pharmacy dispensed or what was dispensed against
// its facility's prescriptions. Audited like the JSON API's reads.
#include "fhir/common.hpp"
#include "fhir/resources.hpp"
#include "service/audit_log.hpp"
#include "store/database.hpp"

namespace hf::fhir {
namespace {

constexpr const char* kLines =
    "SELECT di.id, d.id, d.prescription_id, d.pharmacist_id, d.pharmacy_id, d.dispensed_at, di.item_id, di.drug_id, "
    "di.quantity, di.batch_no, p.patient_id, i.drug_id FROM dispensation_items di "
    "JOIN dispensations d ON d.id = di.dispensation_id JOIN prescriptions p ON p.id = d.prescription_id "
    "JOIN prescription_items i ON i.id = di.item_id "
    "WHERE ($1 = '' OR d.pharmacy_id = $1 OR p.facility_id = $1) AND ($2 = '' OR p.prescriber_id = $2) "
    "AND ($3 = '' OR p.patient_id = $3) AND ($4 = '' OR di.id = $4) AND ($5 = '' OR di.item_id = $5) "
    "ORDER BY d.dispensed_at DESC, di.id LIMIT $6 OFFSET $7";
constexpr const char* kLineOwner =
    "SELECT p.patient_id FROM dispensation_items di JOIN dispensations d ON d.id = di.dispensation_id "
    "JOIN prescriptions p ON p.id = d.prescription_id WHERE di.id = $1";

// A dispensed line outside the caller's scope: 404 as if it did not exist, but when it exists the
// attempt is recorded (outcome denied) and shows in the patient's access log.
Status record_refusal(app::App& app, const http::Request& req, const std::string& line_id) {
  service::AuditEntry denied = service::audit_entry(req, "dispensation.read", "denied");
  {
    auto lease = app.db->acquire();
    if (!lease) return lease.error();
    auto owner = (*lease)->query(kLineOwner, {store::param(line_id)});
    if (!owner) return owner.error();
    if (owner->empty()) return ok_status();
    denied.patient_id = owner->first().text(0);
    denied.record_type = "dispensation";
    denied.record_id = line_id;
  }
  return app.audit->append(denied, service::now_ms());
}

json::object to_fhir(const app::App& app, const store::Row& row) {
  const auto index = app.catalog->index();
  const auto* drug = index->find(row.text(7));
  json::object r{{"resourceType", "MedicationDispense"},
                 {"id", row.text(0)},
                 {"identifier", json::array{json::object{{"system", kDispensationSystem}, {"value", row.text(1)}}}},
                 {"status", "completed"},
                 {"medicationReference", reference("Medication", row.text(7), drug ? drug->trade_name : "")},
                 {"subject", reference("Patient", row.text(10))},
                 {"performer", json::array{json::object{{"actor", reference("Practitioner", row.text(3))}}}},
                 {"authorizingPrescription", json::array{reference("MedicationRequest", row.text(6))}},
                 {"quantity", json::object{{"value", row.integer(8)}, {"unit", "pack"}}},
                 {"whenHandedOver", instant(row.integer(5))},
                 {"substitution", json::object{{"wasSubstituted", row.text(7) != row.text(11)}}}};
  if (!row.text(9).empty()) {
    r["note"] = json::array{json::object{{"text", "batch " + row.text(9)}}};
  }
  return r;
}

struct Query {
  std::string patient, id, item;
  int limit = 1, offset = 0;
};

Result<std::vector<json::object>> find(app::App& app, const http::Request& req, const Query& q,
                                       std::vector<std::string>* patients) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  const std::string prescriber = is_key(req.caller) ? "" : req.caller.id;
  auto rows = (*lease)->query(
      kLines, {store::param(key_facility(req.caller)), store::param(prescriber), store::param(q.patient),
               store::param(q.id), store::param(q.item), store::param(q.limit), store::param(q.offset)});
  if (!rows) return rows.error();
  std::vector<json::object> out;
  for (const auto& row : rows->rows) {
    out.push_back(to_fhir(app, row));
    if (patients) patients->push_back(row.text(10));
  }
  return out;
}

}  // namespace

http::Response medication_dispense_read(app::App& app, http::Request& req) {
  std::vector<std::string> patients;
  auto found = find(app, req, Query{"", req.param("id"), "", 1, 0}, &patients);
  if (!found) return outcome(found.error());
  if (found->empty()) {
    if (auto s = record_refusal(app, req, req.param("id")); !s) return outcome(s.error());
    return outcome(404, "There is no MedicationDispense with this id.");
  }
  auto audit = service::audit_entry(req, "dispensation.read");
  audit.patient_id = patients.front();
  audit.record_type = "dispensation";
  audit.record_id = req.param("id");
  if (auto s = app.audit->append(audit, service::now_ms()); !s) return outcome(s.error());
  return resource_response(200, found->front());
}

http::Response medication_dispense_search(app::App& app, http::Request& req) {
  auto paging = read_paging(req, {"patient", "subject", "prescription", "_id"});
  if (!paging) return outcome(paging.error());
  Query q;
  if (auto given = req.query_param("patient").value_or(req.query_param("subject").value_or("")); !given.empty()) {
    q.patient = reference_id(given, "Patient");
    if (q.patient.empty()) return resource_response(200, searchset(req, {}, *paging));
    if (auto s = check_id_param(req.query_param("patient") ? "patient" : "subject", q.patient); !s)
      return outcome(s.error());
  }
  if (auto given = req.query_param("prescription")) {
    q.item = reference_id(*given, "MedicationRequest");
    if (q.item.empty()) return resource_response(200, searchset(req, {}, *paging));
    if (auto s = check_id_param("prescription", q.item); !s) return outcome(s.error());
  }
  q.id = req.query_param("_id").value_or("");
  if (!q.id.empty()) {
    if (auto s = check_id_param("_id", q.id); !s) return outcome(s.error());
  }
  q.limit = paging->count + 1;
  q.offset = paging->offset;
  auto found = find(app, req, q, nullptr);
  if (!found) return outcome(found.error());
  if (!q.patient.empty()) {
    auto audit = service::audit_entry(req, "patient.history");
    audit.patient_id = q.patient;
    audit.record_type = "patient";
    audit.record_id = q.patient;
    audit.reason = "FHIR API";
    if (auto s = app.audit->append(audit, service::now_ms()); !s) return outcome(s.error());
  }
  return resource_response(200, searchset(req, std::move(found).value(), *paging));
}

}  // namespace hf::fhir
