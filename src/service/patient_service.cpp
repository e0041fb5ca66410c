#include "service/patient_service.hpp"

#include <cstdio>

#include "domain/national_id.hpp"
#include "security/random.hpp"
#include "service/audit_log.hpp"
#include "service/patient_rules.hpp"

namespace hf::service {
namespace {

// parse_national_id answers ErrorKind::invalid; for a well-formed request it is a broken rule (422).
Error as_rule(Error e) {
  e.kind = ErrorKind::rule_broken;
  return e;
}

Result<domain::NationalId> parse_id(const app::App& app, const std::string& text) {
  domain::NationalIdOptions opt;
  opt.verify_check_digit = app.config.verify_national_id_check_digit;
  auto id = domain::parse_national_id(text, opt, domain::date_of(now_ms()));
  if (!id) return as_rule(id.error());
  return id;
}

std::string governorate_code(int code) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", code);
  return buf;
}

AuditEntry patient_audit(const http::Request& req, const char* action, const std::string& patient_id,
                         const std::string& reason) {
  AuditEntry e = audit_entry(req, action);
  e.patient_id = patient_id;
  e.record_type = "patient";
  e.record_id = patient_id;
  e.reason = reason;
  return e;
}

}  // namespace

Result<store::PatientRow> register_patient(app::App& app, const http::Request& req, const NewPatient& p) {
  std::vector<FieldError> errors;
  auto id = parse_id(app, p.national_id);
  if (!id) return id.error();

  std::optional<domain::Date> birth;
  if (p.birth_date) {
    auto d = domain::parse_iso_date(*p.birth_date);
    if (!d)
      errors.push_back({"birth_date", "must be a date written YYYY-MM-DD"});
    else
      birth = *d;
  }
  std::optional<domain::Sex> sex;
  if (p.sex) {
    sex = domain::sex_from_string(*p.sex);
    if (!sex) errors.push_back({"sex", "must be \"male\" or \"female\""});
  }
  std::optional<int> governorate;
  if (p.governorate) {
    governorate = parse_governorate(*p.governorate);
    if (!governorate) errors.push_back({"governorate", "is not a governorate code or name"});
  }
  if (errors.empty()) {
    if (auto agree = domain::check_agreement(*id, birth, sex, governorate); !agree) {
      for (const auto& f : agree.error().fields)
        errors.push_back({f.field, f.message.empty() ? "does not agree with the national ID" : f.message});
    }
  }
  std::optional<std::string> phone;
  if (p.phone) {
    phone = normalize_egyptian_mobile(*p.phone);
    if (!phone) errors.push_back({"phone", "must be an Egyptian mobile number, e.g. 01012345678 or +201012345678"});
  }
  std::vector<std::string> allergies;
  if (auto a = normalize_allergies(app.catalog->knowledge(), p.allergies); !a) {
    for (const auto& f : a.error().fields) errors.push_back(f);
  } else {
    allergies = std::move(a).value();
  }
  std::vector<std::string> conditions;
  if (auto c = normalize_conditions(p.conditions); !c) {
    for (const auto& f : c.error().fields) errors.push_back(f);
  } else {
    conditions = std::move(c).value();
  }
  if (!errors.empty()) return Error::rule("The patient record breaks some rules.", std::move(errors));

  store::PatientRow row;
  row.id = security::uuid_v4();
  row.national_id = id->digits();
  row.full_name = p.full_name;
  row.full_name_ar = p.full_name_ar;
  row.birth_date = domain::to_iso_date(id->birth_date());
  row.sex = std::string(domain::to_string(id->sex()));
  row.governorate = governorate_code(id->governorate().code);
  row.phone = phone;
  row.allergies = std::move(allergies);
  row.conditions = std::move(conditions);
  row.created_by = req.caller.id;
  row.created_at = now_ms();

  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  auto existing = store::find_patient_by_national_id(**lease, row.national_id);
  if (!existing) return existing.error();
  if (*existing) return Error::conflict("A patient with this national ID is already registered.");
  if (auto s = store::insert_patient(**lease, row); !s) {
    if (s.error().kind == ErrorKind::conflict)
      return Error::conflict("A patient with this national ID is already registered.");
    return s.error();
  }
  if (auto s = append_audit(**lease, patient_audit(req, "patient.create", row.id, {}), row.created_at); !s)
    return s.error();
  if (auto s = tx->commit(); !s) {
    if (s.error().kind == ErrorKind::conflict)
      return Error::conflict("A patient with this national ID is already registered.");
    return s.error();
  }
  return row;
}

Result<std::vector<store::PatientRow>> find_patients_by_national_id(app::App& app, const http::Request& req,
                                                                    const std::string& national_id,
                                                                    const std::string& reason) {
  auto id = parse_id(app, national_id);
  if (!id) return id.error();
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto found = store::find_patient_by_national_id(**lease, id->digits());
  if (!found) return found.error();
  std::vector<store::PatientRow> out;
  if (*found) {
    if (auto s = app.audit->append(patient_audit(req, "patient.read", (*found)->id, reason), now_ms()); !s)
      return s.error();
    out.push_back(std::move(**found));
  }
  return out;
}

Result<store::PatientRow> read_patient(app::App& app, const http::Request& req, const std::string& id,
                                       const std::string& reason) {
  static const Error kUnknown = Error::not_found("No such patient.");
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto found = store::find_patient(**lease, id);
  if (!found) return found.error();
  if (!*found) return kUnknown;
  lease->release();
  // DOMAIN.md: a patient sees only their own record; another patient's id answers 404, not 403,
  // and the attempt shows in that patient's access log.
  if (req.caller.role == "patient" && req.caller.patient_id != id)
    return refuse_and_audit(*app.audit, patient_audit(req, "patient.read", id, reason), kUnknown);
  if (auto s = app.audit->append(patient_audit(req, "patient.read", id, reason), now_ms()); !s) return s.error();
  return std::move(**found);
}

}  // namespace hf::service
