#pragma once
// Prescribing use cases (DOMAIN.md "Prescription lifecycle"): create and sign, cancel,
// approve or reject, read, list, and the signed QR token.

#include <optional>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "domain/cds/engine.hpp"
#include "domain/result.hpp"
#include "http/message.hpp"
#include "service/prescription_draft.hpp"
#include "store/prescription_repository.hpp"

namespace hf::service {

struct Created {
  store::PrescriptionRecord prescription;
  std::vector<domain::Alert> alerts;
};

// A blocking alert without an override answers 422 with the alerts in `blocking`.
struct CreateRefusal {
  std::vector<domain::Alert> blocking;
};

Result<Created> create_prescription(app::App& app, const http::Request& req, const PrescriptionDraft& draft,
                                    CreateRefusal& refusal);
Result<store::PrescriptionRecord> cancel_prescription(app::App& app, const http::Request& req, const std::string& id,
                                                      const std::string& reason);
Result<store::PrescriptionRecord> decide_prescription(app::App& app, const http::Request& req, const std::string& id,
                                                      bool approve, const std::string& reason);

// Read access (DOMAIN.md): its prescriber, its patient; others get not_found. Audited.
Result<store::PrescriptionRecord> read_prescription(app::App& app, const http::Request& req, const std::string& id);
Result<std::vector<store::PrescriptionDetails>> list_prescriptions(app::App& app, const http::Request& req,
                                                                   store::PrescriptionFilter filter);
// A doctor reading a patient's history must give a reason (recorded); the patient reads their own.
Result<std::vector<store::PrescriptionDetails>> patient_history(app::App& app, const http::Request& req,
                                                                const std::string& patient_id,
                                                                const std::string& reason,
                                                                store::PrescriptionFilter filter);
// What an answer about one prescription shows besides the record (store::details_of).
Result<store::PrescriptionDetails> prescription_details(app::App& app, store::PrescriptionRecord p, bool with_patient);

// The status as of now (active past its expiry reads as expired).
std::string effective_status(const app::App& app, const store::PrescriptionRecord& p);
std::string effective_status(const store::PrescriptionRecord& p, int64_t now);
int remaining_of(const store::ItemRecord& item);

// The content the QR signature covers, and its token.
std::string content_hash(const store::PrescriptionRecord& p);
std::string qr_token_for(const app::App& app, const store::PrescriptionRecord& p);

// Pending SMS to the patient, written in the caller's transaction (outbox).
Status queue_patient_sms(store::Connection& c, const std::string& patient_id, const std::string& kind,
                         const store::PrescriptionRecord& p, int64_t now);

}  // namespace hf::service
