#pragma once
// Clinical decision support against the database (DOMAIN.md "Clinical decision support (on check
// and on sign)"): gathers the patient's age, allergies and the ingredients of their other active
// prescriptions, and runs the pure engine (domain/cds/engine.hpp) on the proposed items.

#include <cstdint>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "domain/cds/engine.hpp"
#include "domain/result.hpp"
#include "http/message.hpp"
#include "service/prescription_draft.hpp"
#include "store/database.hpp"

namespace hf::service {

// The engine's input for a stored patient, read on `conn` (the caller's transaction, if any).
// ErrorKind::rule_broken on field "patient_id" when the patient does not exist.
// `except_prescription_id` leaves one prescription out of "other active prescriptions".
Result<domain::PatientContext> patient_context(store::Connection& conn, const Catalog& catalog,
                                               const std::string& patient_id, int64_t now_ms,
                                               const std::string& except_prescription_id = {});

// The engine's proposed items from a draft (every drug_id must be in the catalogue snapshot).
std::vector<domain::ProposedItem> proposed_items(const domain::SearchIndex& index, const PrescriptionDraft& draft);

// Alerts for `draft`, read on `conn` inside the caller's transaction (POST /prescriptions runs it
// in the transaction that stores the prescription). No audit entry: the caller writes one.
Result<std::vector<domain::Alert>> clinical_alerts(store::Connection& conn, const Catalog& catalog,
                                                   const PrescriptionDraft& draft, int64_t now_ms);

// POST /prescriptions/check: alerts only, nothing stored except the audit entry recording that
// the caller read this patient's allergies and active medicines.
Result<std::vector<domain::Alert>> check_prescription(app::App& app, const http::Request& req,
                                                      const PrescriptionDraft& draft);

}  // namespace hf::service
