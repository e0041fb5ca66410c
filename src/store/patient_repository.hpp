#pragma once
// The patients table (migrations/0001_initial.up.sql, 0010: national ID and phone sealed) and what clinical decision
// support reads about a patient's other active prescriptions. SQL as named constants in the .cpp; the caller owns the
// transaction (STYLE.md "Storage").

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

struct PatientRow {
  std::string id;
  std::string national_id;  // 14 ASCII digits
  std::string full_name;
  std::optional<std::string> full_name_ar;
  std::string birth_date;            // YYYY-MM-DD
  std::string sex;                   // male | female
  std::string governorate;           // two-digit code, e.g. "01"
  std::optional<std::string> phone;  // E.164
  std::vector<std::string> allergies;
  std::vector<std::string> conditions;
  std::string created_by;
  int64_t created_at = 0;
};

// ErrorKind::conflict when the national ID (or id) already exists.
Status insert_patient(Connection& conn, const PatientRow& p);
Result<std::optional<PatientRow>> find_patient(Connection& conn, const std::string& id);
// By blind index (the column is sealed): `national_id` is the 14 ASCII digits.
Result<std::optional<PatientRow>> find_patient_by_national_id(Connection& conn, const std::string& national_id);
Result<std::optional<std::string>> find_patient_id_by_national_id(Connection& conn, const std::string& national_id);

// Products on the patient's prescriptions that are still in force at `now_ms` (pending approval,
// active or partially dispensed, not expired), excluding `except_prescription_id` when given.
Result<std::vector<std::string>> active_prescription_drug_ids(Connection& conn, const std::string& patient_id,
                                                              int64_t now_ms,
                                                              const std::string& except_prescription_id = {});

}  // namespace hf::store
