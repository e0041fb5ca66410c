#include "store/prescription_repository.hpp"

#include <algorithm>
#include <unordered_map>

#include "store/report_pending.hpp"

namespace hf::store {
namespace {

constexpr const char* kInsertPrescription =
    "INSERT INTO prescriptions (id, code, patient_id, prescriber_id, facility_id, status, diagnosis_codes, notes, "
    "controlled, issued_at, expires_at, qr_token, alerts, overrides, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $10)";
constexpr const char* kInsertItem =
    "INSERT INTO prescription_items (id, prescription_id, position, drug_id, dose_amount, dose_unit, times_per_day, "
    "duration_days, quantity, route, instructions, substitution_allowed, repeats, repeat_interval_days, sig_en, "
    "sig_ar) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";
#define HF_PRESCRIPTION_COLUMNS                                                                               \
  "SELECT p.id, p.code, p.patient_id, p.prescriber_id, p.facility_id, p.status, p.diagnosis_codes, p.notes, " \
  "p.controlled, p.issued_at, p.expires_at, p.cancelled_at, p.cancel_reason, p.decided_by, p.decided_at, "    \
  "p.decision_reason, p.qr_token, p.alerts, p.overrides, p.updated_at "
constexpr const char* kById = HF_PRESCRIPTION_COLUMNS "FROM prescriptions p WHERE p.id = $1";
constexpr const char* kByIdForUpdate = HF_PRESCRIPTION_COLUMNS "FROM prescriptions p WHERE p.id = $1 FOR UPDATE";
constexpr const char* kByCode = HF_PRESCRIPTION_COLUMNS "FROM prescriptions p WHERE p.code = $1";
constexpr const char* kByIds = HF_PRESCRIPTION_COLUMNS "FROM prescriptions p WHERE p.id IN ";
// A page of the list with the names its answers show, by joins (columns 20-26).
constexpr const char* kList = HF_PRESCRIPTION_COLUMNS
    ", u.id, u.full_name, u.full_name_ar, u.license_no, f.id, f.name, f.name_ar FROM prescriptions p "
    "LEFT JOIN users u ON u.id = p.prescriber_id LEFT JOIN facilities f ON f.id = p.facility_id "
    "WHERE ($1 = '' OR p.prescriber_id = $1) AND ($2 = '' OR p.patient_id = $2) AND ($3 = '' OR p.status = $3) "
    "AND ($4 = 0 OR p.issued_at < $4 OR (p.issued_at = $4 AND p.id < $5)) "
    "ORDER BY p.issued_at DESC, p.id DESC LIMIT $6";
#undef HF_PRESCRIPTION_COLUMNS
// The same names for one prescription (columns 0-6, as columns 20-26 of kList).
constexpr const char* kNames =
    "SELECT u.id, u.full_name, u.full_name_ar, u.license_no, f.id, f.name, f.name_ar FROM (SELECT 1 AS one) x "
    "LEFT JOIN users u ON u.id = $1 LEFT JOIN facilities f ON f.id = $2";
#define HF_ITEM_COLUMNS                                                                                             \
  "SELECT id, prescription_id, position, drug_id, dose_amount, dose_unit, times_per_day, duration_days, quantity, " \
  "route, instructions, substitution_allowed, repeats, repeat_interval_days, sig_en, sig_ar, dispensed_quantity, "  \
  "last_fill_at FROM prescription_items "
constexpr const char* kItems = HF_ITEM_COLUMNS "WHERE prescription_id = $1 ORDER BY position";
constexpr const char* kItemsOf = HF_ITEM_COLUMNS "WHERE prescription_id IN ";
#undef HF_ITEM_COLUMNS
constexpr const char* kCodeExists = "SELECT 1 FROM prescriptions WHERE code = $1";
constexpr const char* kSetStatus = "UPDATE prescriptions SET status = $2, updated_at = $3 WHERE id = $1";
constexpr const char* kCancel =
    "UPDATE prescriptions SET status = 'cancelled', cancelled_at = $3, cancel_reason = $2, updated_at = $3 "
    "WHERE id = $1";
constexpr const char* kDecide =
    "UPDATE prescriptions SET status = $2, decided_by = $3, decision_reason = $4, decided_at = $5, updated_at = $5 "
    "WHERE id = $1 AND status = 'pending_approval'";
constexpr const char* kAddDispensed =
    "UPDATE prescription_items SET dispensed_quantity = dispensed_quantity + $2, last_fill_at = $3 "
    "WHERE id = $1 AND dispensed_quantity + $2 <= quantity * (1 + repeats)";
constexpr const char* kFills =
    "SELECT di.item_id, di.quantity, d.dispensed_at FROM dispensation_items di "
    "JOIN dispensations d ON d.id = di.dispensation_id WHERE d.prescription_id = $1 ORDER BY d.dispensed_at, di.id";
constexpr const char* kInsertDispensation =
    "INSERT INTO dispensations (id, prescription_id, pharmacist_id, pharmacy_id, patient_id_checked, dispensed_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
constexpr const char* kInsertLine =
    "INSERT INTO dispensation_items (id, dispensation_id, item_id, drug_id, quantity, batch_no) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
constexpr const char* kDispensationsOf =
    "SELECT d.id, d.prescription_id, d.pharmacist_id, d.pharmacy_id, d.patient_id_checked, d.dispensed_at, di.id, "
    "di.item_id, di.drug_id, di.quantity, di.batch_no FROM dispensations d "
    "JOIN dispensation_items di ON di.dispensation_id = d.id WHERE d.prescription_id = $1 "
    "ORDER BY d.dispensed_at, d.id, di.id";
// The limit counts dispensations, not their lines: a page never ends inside a dispensation.
constexpr const char* kDispensationsAt =
    "SELECT d.id, d.prescription_id, d.pharmacist_id, d.pharmacy_id, d.patient_id_checked, d.dispensed_at, di.id, "
    "di.item_id, di.drug_id, di.quantity, di.batch_no FROM dispensations d "
    "JOIN dispensation_items di ON di.dispensation_id = d.id "
    "WHERE d.id IN (SELECT id FROM dispensations WHERE pharmacy_id = $1 AND dispensed_at >= $2 AND dispensed_at < $3 "
    "ORDER BY dispensed_at DESC, id LIMIT $4) "
    "ORDER BY d.dispensed_at DESC, d.id, di.id";

Param opt(const std::string& s) {
  return s.empty() ? Param{nullptr} : param(s);
}

Status done(const Result<QueryResult>& r) {
  if (!r) return r.error();
  return ok_status();
}

PrescriptionRecord from_row(const Row& r) {
  PrescriptionRecord p;
  p.id = r.text(0);
  p.code = r.text(1);
  p.patient_id = r.text(2);
  p.prescriber_id = r.text(3);
  p.facility_id = r.text(4);
  p.status = r.text(5);
  p.diagnosis_codes = r.text(6);
  p.notes = r.text(7);
  p.controlled = r.flag(8);
  p.issued_at = r.integer(9);
  p.expires_at = r.integer(10);
  p.cancelled_at = r.integer(11);
  p.cancel_reason = r.text(12);
  p.decided_by = r.text(13);
  p.decided_at = r.integer(14);
  p.decision_reason = r.text(15);
  p.qr_token = r.text(16);
  p.alerts = r.text(17);
  p.overrides = r.text(18);
  p.updated_at = r.integer(19);
  return p;
}

ItemRecord item_from_row(const Row& row) {
  ItemRecord i;
  i.id = row.text(0);
  i.prescription_id = row.text(1);
  i.position = static_cast<int>(row.integer(2));
  i.drug_id = row.text(3);
  i.dose_amount = row.real(4);
  i.dose_unit = row.text(5);
  i.times_per_day = static_cast<int>(row.integer(6));
  i.duration_days = static_cast<int>(row.integer(7));
  i.quantity = static_cast<int>(row.integer(8));
  i.route = row.text(9);
  i.instructions = row.text(10);
  i.substitution_allowed = row.flag(11);
  i.repeats = static_cast<int>(row.integer(12));
  i.repeat_interval_days = static_cast<int>(row.integer(13));
  i.sig_en = row.text(14);
  i.sig_ar = row.text(15);
  i.dispensed_quantity = static_cast<int>(row.integer(16));
  i.last_fill_at = row.integer(17);
  return i;
}

Status load_items(Connection& c, PrescriptionRecord& p) {
  auto r = c.query(kItems, {param(p.id)});
  if (!r) return r.error();
  for (const auto& row : r->rows) p.items.push_back(item_from_row(row));
  return ok_status();
}

// "($1, $2, ...)" for `keys`, bound as parameters. The list is padded (the last key repeated) to
// a power of two, so a statement prepared once per connection serves every page of up to that
// many rows instead of one statement text per length.
std::string in_list(const std::vector<std::string>& keys, std::vector<Param>& params) {
  size_t slots = 8;
  while (slots < keys.size()) slots *= 2;
  std::string sql = "(";
  for (size_t i = 0; i < slots; ++i) {
    params.push_back(param(keys[std::min(i, keys.size() - 1)]));
    sql += (i ? ", $" : "$") + std::to_string(params.size());
  }
  return sql + ")";
}

// The items of every prescription given, in one statement whatever their number.
Status load_items(Connection& c, std::vector<PrescriptionRecord>& list) {
  if (list.empty()) return ok_status();
  std::vector<std::string> ids;
  ids.reserve(list.size());
  for (const auto& p : list) ids.push_back(p.id);
  std::vector<Param> params;
  const std::string sql = std::string(kItemsOf) + in_list(ids, params) + " ORDER BY prescription_id, position";
  auto r = c.query(sql, params);
  if (!r) return r.error();
  std::unordered_map<std::string, PrescriptionRecord*> by_id;
  for (auto& p : list) by_id.emplace(p.id, &p);
  for (const auto& row : r->rows) {
    if (auto it = by_id.find(row.text(1)); it != by_id.end()) it->second->items.push_back(item_from_row(row));
  }
  return ok_status();
}

// Columns first..first+6 of a row: the prescriber's and the facility's names (NULL when absent).
void names_from_row(const Row& row, size_t first, PrescriptionDetails& d) {
  if (!row.is_null(first)) d.prescriber = PrescriberName{row.text(first + 1), row.text(first + 2), row.text(first + 3)};
  if (!row.is_null(first + 4)) d.facility = FacilityName{row.text(first + 5), row.text(first + 6)};
}

Result<std::optional<PrescriptionRecord>> one(Connection& c, const char* sql, const std::string& key) {
  auto r = c.query(sql, {param(key)});
  if (!r) return r.error();
  if (r->empty()) return std::optional<PrescriptionRecord>{};
  auto p = from_row(r->first());
  if (auto s = load_items(c, p); !s) return s.error();
  return std::optional<PrescriptionRecord>{std::move(p)};
}

std::vector<DispensationRecord> group(const QueryResult& r) {
  std::vector<DispensationRecord> out;
  for (const auto& row : r.rows) {
    if (out.empty() || out.back().id != row.text(0)) {
      DispensationRecord d;
      d.id = row.text(0);
      d.prescription_id = row.text(1);
      d.pharmacist_id = row.text(2);
      d.pharmacy_id = row.text(3);
      d.patient_id_checked = row.flag(4);
      d.dispensed_at = row.integer(5);
      out.push_back(std::move(d));
    }
    out.back().lines.push_back({row.text(6), row.text(7), row.text(8), row.text(10), static_cast<int>(row.integer(9))});
  }
  return out;
}

}  // namespace

Status insert_prescription(Connection& c, const PrescriptionRecord& p) {
  // SQLite: its report summaries are added once per group commit (store/report_pending.hpp).
  // PostgreSQL commits each prescription in a transaction of its own, where a fold per prescription
  // costs more than the row triggers it would replace: the triggers keep the summaries there.
  if (c.dialect() == Dialect::sqlite) {
    if (auto s = mark_report_pending(c, p.id); !s) return s;
  }
  auto r = c.query(kInsertPrescription,
                   {param(p.id), param(p.code), param(p.patient_id), param(p.prescriber_id), param(p.facility_id),
                    param(p.status), param(p.diagnosis_codes), opt(p.notes), param(p.controlled), param(p.issued_at),
                    param(p.expires_at), param(p.qr_token), param(p.alerts), param(p.overrides)});
  if (!r) return r.error();
  for (const auto& i : p.items) {
    auto ri = c.query(kInsertItem, {param(i.id), param(p.id), param(i.position), param(i.drug_id), param(i.dose_amount),
                                    param(i.dose_unit), param(i.times_per_day), param(i.duration_days),
                                    param(i.quantity), opt(i.route), opt(i.instructions), param(i.substitution_allowed),
                                    param(i.repeats), param(i.repeat_interval_days), param(i.sig_en), param(i.sig_ar)});
    if (!ri) return ri.error();
  }
  return ok_status();
}

Result<std::optional<PrescriptionRecord>> find_prescription(Connection& c, const std::string& id, bool lock) {
  return one(c, lock && c.dialect() == Dialect::postgres ? kByIdForUpdate : kById, id);
}
Result<std::optional<PrescriptionRecord>> find_prescription_by_code(Connection& c, const std::string& code) {
  return one(c, kByCode, code);
}
Result<bool> code_exists(Connection& c, const std::string& code) {
  auto r = c.query(kCodeExists, {param(code)});
  if (!r) return r.error();
  return !r->empty();
}
Status update_prescription_status(Connection& c, const std::string& id, const std::string& status, int64_t now) {
  return done(c.query(kSetStatus, {param(id), param(status), param(now)}));
}
Status cancel_prescription(Connection& c, const std::string& id, const std::string& reason, int64_t now) {
  return done(c.query(kCancel, {param(id), param(reason), param(now)}));
}
Status decide_prescription(Connection& c, const std::string& id, const std::string& status, const std::string& by,
                           const std::string& reason, int64_t now) {
  auto r = c.query(kDecide, {param(id), param(status), param(by), opt(reason), param(now)});
  if (!r) return r.error();
  if (r->affected != 1) return Error::conflict("The prescription is no longer pending approval.");
  return ok_status();
}

Result<std::vector<PrescriptionRecord>> find_prescriptions(Connection& c, const std::vector<std::string>& ids) {
  std::vector<PrescriptionRecord> out;
  if (ids.empty()) return out;
  std::vector<Param> params;
  const std::string sql = std::string(kByIds) + in_list(ids, params);
  auto r = c.query(sql, params);
  if (!r) return r.error();
  out.reserve(r->rows.size());
  for (const auto& row : r->rows) out.push_back(from_row(row));
  if (auto s = load_items(c, out); !s) return s.error();
  return out;
}

Result<std::vector<PrescriptionDetails>> list_prescriptions(Connection& c, const PrescriptionFilter& f) {
  auto r = c.query(kList, {param(f.prescriber_id), param(f.patient_id), param(f.status), param(f.before_issued_at),
                           param(f.before_id), param(f.limit)});
  if (!r) return r.error();
  std::vector<PrescriptionRecord> records;
  records.reserve(r->rows.size());
  for (const auto& row : r->rows) records.push_back(from_row(row));
  if (auto s = load_items(c, records); !s) return s.error();
  std::vector<PrescriptionDetails> out(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    names_from_row(r->rows[i], 20, out[i]);
    out[i].prescription = std::move(records[i]);
  }
  return out;
}

Result<PrescriptionDetails> details_of(Connection& c, PrescriptionRecord p, bool with_patient) {
  PrescriptionDetails d;
  auto names = c.query(kNames, {param(p.prescriber_id), param(p.facility_id)});
  if (!names) return names.error();
  if (!names->empty()) names_from_row(names->first(), 0, d);
  if (with_patient) {
    auto patient = find_patient(c, p.patient_id);
    if (!patient) return patient.error();
    d.patient = std::move(*patient);
  }
  d.prescription = std::move(p);
  return d;
}

Result<bool> add_dispensed(Connection& c, const std::string& item_id, int quantity, int64_t now) {
  auto r = c.query(kAddDispensed, {param(item_id), param(quantity), param(now)});
  if (!r) return r.error();
  return r->affected == 1;
}

Result<std::vector<FillRecord>> fills_of(Connection& c, const std::string& prescription_id) {
  auto r = c.query(kFills, {param(prescription_id)});
  if (!r) return r.error();
  std::vector<FillRecord> out;
  for (const auto& row : r->rows) out.push_back({row.text(0), static_cast<int>(row.integer(1)), row.integer(2)});
  return out;
}

Status insert_dispensation(Connection& c, const DispensationRecord& d) {
  auto r = c.query(kInsertDispensation, {param(d.id), param(d.prescription_id), param(d.pharmacist_id),
                                         param(d.pharmacy_id), param(d.patient_id_checked), param(d.dispensed_at)});
  if (!r) return r.error();
  for (const auto& l : d.lines) {
    if (auto s = done(c.query(kInsertLine, {param(l.id), param(d.id), param(l.item_id), param(l.drug_id),
                                            param(l.quantity), opt(l.batch_no)}));
        !s)
      return s;
  }
  return ok_status();
}

Result<std::vector<DispensationRecord>> dispensations_of(Connection& c, const std::string& prescription_id) {
  auto r = c.query(kDispensationsOf, {param(prescription_id)});
  if (!r) return r.error();
  return group(*r);
}

Result<std::vector<DispensationRecord>> dispensations_at_pharmacy(Connection& c, const std::string& pharmacy_id,
                                                                  int64_t from, int64_t to, int limit) {
  auto r = c.query(kDispensationsAt, {param(pharmacy_id), param(from), param(to), param(limit)});
  if (!r) return r.error();
  return group(*r);
}

}  // namespace hf::store
