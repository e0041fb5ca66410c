#pragma once
// Dispensing use cases (DOMAIN.md "Dispensing"): verify a prescription by its QR token
// or typed code, and dispense all or part, safely under any number of concurrent requests.

#include <optional>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "domain/result.hpp"
#include "http/message.hpp"
#include "service/recall_check.hpp"
#include "store/prescription_repository.hpp"

namespace hf::service {

struct Verification {
  bool signature_ok = true;
  std::optional<store::PrescriptionRecord> prescription;  // absent when the token is forged
  std::string status;                                     // effective status
  std::string reason;                                     // why not valid, if not
  std::vector<RecallNotice> recalls;                      // recalls touching its products
  bool valid() const { return signature_ok && reason.empty(); }
};

// Exactly one of qr_token or code. Unknown code: not_found (audited, and repeated misses by the
// same pharmacist or pharmacy are throttled: rate_limited).
Result<Verification> verify_prescription(app::App& app, const http::Request& req, const std::string& qr_token,
                                         const std::string& code);

struct DispenseLine {
  std::string item_id;
  int quantity = 0;
  std::string dispensed_drug_id;  // empty: the prescribed product
  std::string batch_no;
};

struct Dispensed {
  store::DispensationRecord dispensation;
  store::PrescriptionRecord prescription;  // after the fill
  std::string status;
};

Result<Dispensed> dispense(app::App& app, const http::Request& req, const std::string& prescription_id,
                           const std::vector<DispenseLine>& lines, bool patient_id_checked);

// Its prescriber, its patient, or a pharmacist of a pharmacy that dispensed it.
Result<std::vector<store::DispensationRecord>> dispensations_for(app::App& app, const http::Request& req,
                                                                 const std::string& prescription_id);
// Today's (or a day's) dispensings of the caller's pharmacy.
Result<std::vector<store::DispensationRecord>> pharmacy_dispensations(app::App& app, const http::Request& req,
                                                                      int64_t from, int64_t to, int limit);

}  // namespace hf::service
