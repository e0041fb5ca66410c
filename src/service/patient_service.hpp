#pragma once
// Patients (API.md "Patients"; DOMAIN.md "Egyptian national ID", "Audit"): register, find by
// national ID, read. Every read and change appends an audit entry; a change and its entry commit
// together.

#include <optional>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "domain/result.hpp"
#include "http/message.hpp"
#include "store/patient_repository.hpp"

namespace hf::service {

struct NewPatient {
  std::string national_id;  // as typed: ASCII or Arabic-Indic digits
  std::string full_name;
  std::optional<std::string> full_name_ar;
  std::optional<std::string> phone;
  std::vector<std::string> allergies;
  std::vector<std::string> conditions;
  // Optional values given beside the ID; each must agree with what the ID says.
  std::optional<std::string> birth_date;   // YYYY-MM-DD
  std::optional<std::string> sex;          // male | female
  std::optional<std::string> governorate;  // code or name
};

// 422 (rule_broken) naming the field for an invalid ID, a disagreeing birth_date/sex/governorate,
// a phone that is not an Egyptian mobile, unknown allergies; 409 for a national ID already
// registered.
Result<store::PatientRow> register_patient(app::App& app, const http::Request& req, const NewPatient& p);

// Exact match after normalisation (Arabic-Indic digits, spaces around); empty when none.
Result<std::vector<store::PatientRow>> find_patients_by_national_id(app::App& app, const http::Request& req,
                                                                    const std::string& national_id,
                                                                    const std::string& reason);

// A doctor reads any patient; a patient only their own record (another id answers 404, never 403).
Result<store::PatientRow> read_patient(app::App& app, const http::Request& req, const std::string& id,
                                       const std::string& reason);

}  // namespace hf::service
