#pragma once
// Prescriptions, their items and dispensations: the SQL of prescribing and dispensing.

#include <optional>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "store/database.hpp"
#include "store/patient_repository.hpp"

namespace hf::store {

struct ItemRecord {
  std::string id, prescription_id, drug_id;
  int position = 0;
  double dose_amount = 0;
  std::string dose_unit;
  int times_per_day = 0, duration_days = 0, quantity = 0;
  std::string route, instructions;
  bool substitution_allowed = true;
  int repeats = 0, repeat_interval_days = 0;
  std::string sig_en, sig_ar;
  int dispensed_quantity = 0;
  int64_t last_fill_at = 0;
};

struct PrescriptionRecord {
  std::string id, code, patient_id, prescriber_id, facility_id, status;
  std::string diagnosis_codes = "[]";  // JSON text
  std::string notes;
  bool controlled = false;
  int64_t issued_at = 0, expires_at = 0, cancelled_at = 0, decided_at = 0, updated_at = 0;
  std::string cancel_reason, decided_by, decision_reason, qr_token;
  std::string alerts = "[]", overrides = "[]";  // JSON text
  std::vector<ItemRecord> items;
};

// Inside a write unit of the write queue: the summaries of what it inserts are added before its
// batch commits (store/report_pending.hpp).
Status insert_prescription(Connection& c, const PrescriptionRecord& p);
// Loads with items. lock = SELECT ... FOR UPDATE on PostgreSQL (SQLite's write transaction
// already serialises writers), so concurrent dispensings of one prescription queue up.
Result<std::optional<PrescriptionRecord>> find_prescription(Connection& c, const std::string& id, bool lock = false);
Result<std::optional<PrescriptionRecord>> find_prescription_by_code(Connection& c, const std::string& code);
Result<bool> code_exists(Connection& c, const std::string& code);
Status update_prescription_status(Connection& c, const std::string& id, const std::string& status, int64_t now);
Status cancel_prescription(Connection& c, const std::string& id, const std::string& reason, int64_t now);
Status decide_prescription(Connection& c, const std::string& id, const std::string& status, const std::string& by,
                           const std::string& reason, int64_t now);

struct PrescriptionFilter {
  std::string prescriber_id, patient_id, status;
  int limit = 20;
  int64_t before_issued_at = 0;  // keyset cursor (issued_at, id), newest first
  std::string before_id;
};

// A prescription as its answers show it: the record with the names of who wrote it and where, and
// the patient where the view shows them (a pharmacist's verification). Read with the record, so
// that serializing a page is a pure function of it (no query per row).
struct PrescriberName {
  std::string name, name_ar, license_no;
};
struct FacilityName {
  std::string name, name_ar;
};
struct PrescriptionDetails {
  PrescriptionRecord prescription;
  std::optional<PrescriberName> prescriber;
  std::optional<FacilityName> facility;
  std::optional<PatientRow> patient;
};

// A page, newest first, with items and names: 2 statements whatever its length (the rows with their
// names by joins, the items of all of them by one IN).
Result<std::vector<PrescriptionDetails>> list_prescriptions(Connection& c, const PrescriptionFilter& f);
// Several prescriptions by id, with items: 2 statements whatever their number. Unknown ids are
// left out; the order is not that of `ids`.
Result<std::vector<PrescriptionRecord>> find_prescriptions(Connection& c, const std::vector<std::string>& ids);
// The names for one prescription already read: 1 statement (+ the patient's row if asked).
Result<PrescriptionDetails> details_of(Connection& c, PrescriptionRecord p, bool with_patient);

// The database decides over-dispensing (DOMAIN.md): adds `quantity` only if the total stays
// within quantity * (1 + repeats). false = it would exceed.
Result<bool> add_dispensed(Connection& c, const std::string& item_id, int quantity, int64_t now);

struct FillRecord {
  std::string item_id;
  int quantity = 0;
  int64_t at = 0;
};
Result<std::vector<FillRecord>> fills_of(Connection& c, const std::string& prescription_id);

struct DispensationRecord {
  std::string id, prescription_id, pharmacist_id, pharmacy_id;
  bool patient_id_checked = false;
  int64_t dispensed_at = 0;
  struct Line {
    std::string id, item_id, drug_id, batch_no;
    int quantity = 0;
  };
  std::vector<Line> lines;
};
Status insert_dispensation(Connection& c, const DispensationRecord& d);
Result<std::vector<DispensationRecord>> dispensations_of(Connection& c, const std::string& prescription_id);
Result<std::vector<DispensationRecord>> dispensations_at_pharmacy(Connection& c, const std::string& pharmacy_id,
                                                                  int64_t from, int64_t to, int limit);

}  // namespace hf::store
