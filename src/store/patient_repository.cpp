#include "store/patient_repository.hpp"

#include <boost/json.hpp>

#include "security/data_cipher.hpp"
#include "store/protected_columns.hpp"

namespace hf::store {
namespace {

namespace json = boost::json;

// national_id and phone are sealed; national_id_index is their blind index (exact lookup, UNIQUE).
constexpr const char* kInsertPatient =
    "INSERT INTO patients (id, national_id, full_name, full_name_ar, birth_date, sex, governorate, phone, allergies, "
    "conditions, created_by, created_at, national_id_index) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
constexpr const char* kSelectPatientById =
    "SELECT id, national_id, full_name, full_name_ar, birth_date, sex, governorate, phone, allergies, conditions, "
    "created_by, created_at FROM patients WHERE id = $1";
constexpr const char* kSelectPatientByNationalId =
    "SELECT id, national_id, full_name, full_name_ar, birth_date, sex, governorate, phone, allergies, conditions, "
    "created_by, created_at FROM patients WHERE national_id_index = $1";
constexpr const char* kPatientIdByNationalId = "SELECT id FROM patients WHERE national_id_index = $1";
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

Result<PatientRow> read_row(const Connection& c, const Row& r) {
  PatientRow p;
  p.id = r.text(0);
  auto national_id = columns::opened(c, columns::kPatientNationalId, r, 1);
  if (!national_id) return national_id.error();
  p.national_id = std::move(national_id).value();
  p.full_name = r.text(2);
  p.full_name_ar = r.opt_text(3);
  p.birth_date = r.text(4);
  p.sex = r.text(5);
  p.governorate = r.text(6);
  auto phone = columns::opened_optional(c, columns::kPatientPhone, r, 7);
  if (!phone) return phone.error();
  p.phone = std::move(phone).value();
  p.allergies = parse_list(r.text(8));
  p.conditions = parse_list(r.text(9));
  p.created_by = r.text(10);
  p.created_at = r.integer(11);
  return p;
}

Result<std::optional<PatientRow>> one(const Connection& c, Result<QueryResult> r) {
  if (!r) return r.error();
  if (r->empty()) return std::optional<PatientRow>{};
  auto p = read_row(c, r->first());
  if (!p) return p.error();
  return std::optional<PatientRow>{std::move(p).value()};
}

}  // namespace

Status insert_patient(Connection& conn, const PatientRow& p) {
  auto national_id = columns::sealed(conn, columns::kPatientNationalId, p.national_id);
  if (!national_id) return national_id.error();
  auto phone = columns::sealed(conn, columns::kPatientPhone, p.phone);
  if (!phone) return phone.error();
  auto index = conn.cipher().blind_index(columns::kPatientNationalId, p.national_id);
  if (!index) return index.error();
  auto r = conn.query(
      kInsertPatient,
      {param(p.id), *national_id, param(p.full_name), param(p.full_name_ar), param(p.birth_date), param(p.sex),
       param(p.governorate), *phone, param(list_json(p.allergies)), param(list_json(p.conditions)),
       p.created_by.empty() ? Param{nullptr} : param(p.created_by), param(p.created_at), param(*index)});
  if (!r) return r.error();
  return ok_status();
}

Result<std::optional<PatientRow>> find_patient(Connection& conn, const std::string& id) {
  return one(conn, conn.query(kSelectPatientById, {param(id)}));
}

Result<std::optional<PatientRow>> find_patient_by_national_id(Connection& conn, const std::string& national_id) {
  // The index under the current key first, then under each previous key (a rotation in progress).
  for (const auto& index : conn.cipher().blind_indexes(columns::kPatientNationalId, national_id)) {
    auto found = one(conn, conn.query(kSelectPatientByNationalId, {param(index)}));
    if (!found || *found) return found;
  }
  return std::optional<PatientRow>{};
}

Result<std::optional<std::string>> find_patient_id_by_national_id(Connection& conn, const std::string& national_id) {
  for (const auto& index : conn.cipher().blind_indexes(columns::kPatientNationalId, national_id)) {
    auto r = conn.query(kPatientIdByNationalId, {param(index)});
    if (!r) return r.error();
    if (!r->empty()) return std::optional<std::string>{r->first().text(0)};
  }
  return std::optional<std::string>{};
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
