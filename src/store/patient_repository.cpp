#include "store/patient_repository.hpp"

#include <boost/json.hpp>

namespace hf::store {
namespace {

namespace json = boost::json;

constexpr const char* kInsertPatient =
    "INSERT INTO patients (id, national_id, full_name, full_name_ar, birth_date, sex, governorate, phone, allergies, "
    "conditions, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
constexpr const char* kSelectPatientById =
    "SELECT id, national_id, full_name, full_name_ar, birth_date, sex, governorate, phone, allergies, conditions, "
    "created_by, created_at FROM patients WHERE id = $1";
constexpr const char* kSelectPatientByNationalId =
    "SELECT id, national_id, full_name, full_name_ar, birth_date, sex, governorate, phone, allergies, conditions, "
    "created_by, created_at FROM patients WHERE national_id = $1";
constexpr const char* kActiveDrugIds =
    "SELECT i.drug_id FROM prescription_items i JOIN prescriptions p ON p.id = i.prescription_id "
    "WHERE p.patient_id = $1 AND p.status IN ('pending_approval', 'active', 'partially_dispensed') "
    "AND p.expires_at > $2 AND p.id <> $3 ORDER BY p.issued_at, i.position";

std::string list_json(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return json::serialize(a);
}

std::vector<std::string> parse_list(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array())
    if (e.is_string()) out.emplace_back(e.as_string());
  return out;
}

PatientRow read_row(const Row& r) {
  PatientRow p;
  p.id = r.text(0);
  p.national_id = r.text(1);
  p.full_name = r.text(2);
  p.full_name_ar = r.opt_text(3);
  p.birth_date = r.text(4);
  p.sex = r.text(5);
  p.governorate = r.text(6);
  p.phone = r.opt_text(7);
  p.allergies = parse_list(r.text(8));
  p.conditions = parse_list(r.text(9));
  p.created_by = r.text(10);
  p.created_at = r.integer(11);
  return p;
}

Result<std::optional<PatientRow>> one(Result<QueryResult> r) {
  if (!r) return r.error();
  if (r->empty()) return std::optional<PatientRow>{};
  return std::optional<PatientRow>{read_row(r->first())};
}

}  // namespace

Status insert_patient(Connection& conn, const PatientRow& p) {
  auto r =
      conn.query(kInsertPatient, {param(p.id), param(p.national_id), param(p.full_name), param(p.full_name_ar),
                                  param(p.birth_date), param(p.sex), param(p.governorate), param(p.phone),
                                  param(list_json(p.allergies)), param(list_json(p.conditions)),
                                  p.created_by.empty() ? Param{nullptr} : param(p.created_by), param(p.created_at)});
  if (!r) return r.error();
  return ok_status();
}

Result<std::optional<PatientRow>> find_patient(Connection& conn, const std::string& id) {
  return one(conn.query(kSelectPatientById, {param(id)}));
}

Result<std::optional<PatientRow>> find_patient_by_national_id(Connection& conn, const std::string& national_id) {
  return one(conn.query(kSelectPatientByNationalId, {param(national_id)}));
}

Result<std::vector<std::string>> active_prescription_drug_ids(Connection& conn, const std::string& patient_id,
                                                              int64_t now_ms,
                                                              const std::string& except_prescription_id) {
  auto r = conn.query(kActiveDrugIds, {param(patient_id), param(now_ms), param(except_prescription_id)});
  if (!r) return r.error();
  std::vector<std::string> out;
  for (const Row& row : r->rows) out.push_back(row.text(0));
  return out;
}

}  // namespace hf::store
