#pragma once
// A prescription as the doctor proposes it (API.md "Prescriptions": the body of POST
// /prescriptions/check and POST /prescriptions), after the HTTP edge has parsed and validated it
// (api/prescription_body.hpp). Plain data: the services that check or create it read this.

#include <optional>
#include <string>
#include <vector>

#include "domain/sig.hpp"

namespace hf::service {

struct DraftItem {
  std::string drug_id;  // a product of the catalogue (checked by the parser)
  domain::Sig sig;      // dose_amount, dose_unit, times_per_day, duration_days, route, instructions
  int quantity = 0;     // packs
  bool substitution_allowed = true;
  int repeats = 0;               // 0-5
  int repeat_interval_days = 0;  // >= 1 when repeats > 0, else 0
  domain::SigText sig_text;      // sig_en / sig_ar written from `sig`
};

struct Override {
  std::string alert_kind;  // "interaction", "allergy", ...
  std::string reason;
};

struct PrescriptionDraft {
  std::string patient_id;
  std::string facility_id;
  std::vector<std::string> diagnosis_codes;  // ICD-10, upper case
  std::vector<DraftItem> items;              // 1-10
  std::optional<std::string> notes;
  std::vector<Override> overrides;  // POST /prescriptions only; empty for check
  std::optional<std::string> totp;  // POST /prescriptions only
};

}  // namespace hf::service
