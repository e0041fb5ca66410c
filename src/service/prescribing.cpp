#include "service/prescribing.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>

#include "domain/date.hpp"
#include "domain/prescription.hpp"
#include "domain/prescription_code.hpp"
#include "security/digest.hpp"
#include "security/encoding.hpp"
#include "security/random.hpp"
#include "security/signed_token.hpp"
#include "security/totp.hpp"
#include "service/audit_log.hpp"
#include "service/clinical_check.hpp"
#include "service/events.hpp"
#include "service/idempotent_result.hpp"
#include "store/api_key_repository.hpp"
#include "store/protected_columns.hpp"
#include "store/user_repository.hpp"

namespace hf::service {
namespace {

namespace json = boost::json;

constexpr const char* kPatientContact = "SELECT phone, preferred_lang FROM patients WHERE id = $1";
constexpr const char* kPatientExists = "SELECT 1 FROM patients WHERE id = $1";
constexpr const char* kInsertSms =
    "INSERT INTO sms_outbox (id, phone, lang, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $5)";

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

domain::ValidityPolicy validity(const app::App& app) {
  return {app.config.prescription_validity_days, app.config.controlled_validity_days};
}

json::object event_data(const store::PrescriptionRecord& p, const std::string& status) {
  // Ids only: the code is the patient's secret (service/events.hpp).
  return {{"prescription_id", p.id}, {"status", status}, {"facility_id", p.facility_id}};
}

AuditEntry prescription_audit(const http::Request& req, std::string action, const store::PrescriptionRecord& p) {
  AuditEntry e = audit_entry(req, std::move(action));
  e.patient_id = p.patient_id;
  e.record_type = "prescription";
  e.record_id = p.id;
  return e;
}

// Step-up at signing for controlled substances: a fresh TOTP code, used once.
Status check_step_up(store::Connection& c, const http::Request& req, const std::optional<std::string>& code,
                     int64_t now) {
  auto user = store::find_user_by_id(c, req.caller.id);
  if (!user) return user.error();
  if (!*user || !(*user)->totp_enabled) {
    Error e = Error::unauthorized(
        "Prescribing a controlled substance needs your second factor; enrol an authenticator app first.");
    e.type_suffix = "mfa-enrollment-required";
    return e;
  }
  if (!code || code->empty()) {
    Error e = Error::unauthorized(
        "Prescribing a controlled substance needs a fresh code from your authenticator app "
        "in the \"totp\" field.");
    e.type_suffix = "mfa-required";
    return e;
  }
  auto secret = security::base32_decode((*user)->totp_secret);
  if (!secret) return Error::internal("stored TOTP secret is not base32");
  auto step = security::verify_totp(*secret, *code, now / 1000, (*user)->totp_last_step);
  if (!step) {
    Error e = Error::unauthorized("The second-factor code is wrong or was already used.");
    e.type_suffix = "mfa-invalid";
    return e;
  }
  return store::set_totp_last_step(c, (*user)->id, *step);
}

std::string alerts_text(const std::vector<domain::Alert>& alerts) {
  json::array a;
  for (const auto& al : alerts) {
    json::array items;
    for (auto i : al.items) items.push_back(static_cast<int64_t>(i));
    a.push_back(json::object{{"severity", std::string(domain::to_string(al.severity))},
                             {"kind", std::string(domain::to_string(al.kind))},
                             {"message", al.message_en},
                             {"items", std::move(items)}});
  }
  return json::serialize(a);
}

}  // namespace

int remaining_of(const store::ItemRecord& item) {
  return item.quantity * (1 + item.repeats) - item.dispensed_quantity;
}

std::string effective_status(const app::App& app, const store::PrescriptionRecord& p) {
  return effective_status(p, app::business_now(app));
}

std::string effective_status(const store::PrescriptionRecord& p, int64_t now) {
  auto stored = domain::prescription_status_from_string(p.status);
  if (!stored) return p.status;
  return std::string(domain::to_string(domain::effective_status(*stored, p.expires_at, now)));
}

std::string content_hash(const store::PrescriptionRecord& p) {
  // What a pharmacy relies on: who, for whom, when, and exactly which items.
  json::array items;
  for (const auto& i : p.items) {
    items.push_back(json::array{i.position, i.drug_id, i.dose_amount, i.dose_unit, i.times_per_day, i.duration_days,
                                i.quantity, i.substitution_allowed, i.repeats, i.repeat_interval_days});
  }
  json::array content{p.id,        p.code,       p.patient_id,      p.prescriber_id, p.facility_id,
                      p.issued_at, p.expires_at, p.diagnosis_codes, std::move(items)};
  const auto digest = security::sha256(security::as_bytes(json::serialize(content)));
  return security::base64url_encode(security::ByteView(digest.data(), 16));
}

std::string qr_token_for(const app::App& app, const store::PrescriptionRecord& p) {
  // Compact for the QR code: the code, validity and a hash of the content.
  json::object payload{{"v", 1},
                       {"c", p.code},
                       {"i", p.issued_at / 1000},
                       {"e", p.expires_at / 1000},
                       {"n", static_cast<int64_t>(p.items.size())},
                       {"h", content_hash(p)}};
  const std::string text = json::serialize(payload);
  return security::sign_token(*app.signing_key, security::as_bytes(text));
}

Status queue_patient_sms(store::Connection& c, const std::string& patient_id, const std::string& kind,
                         const store::PrescriptionRecord& p, int64_t now) {
  auto r = c.query(kPatientContact, {store::param(patient_id)});
  if (!r) return r.error();
  if (r->empty() || r->first().is_null(0)) return ok_status();  // no phone: nothing to send
  // Sealed in both tables (store/protected_columns.hpp): opened here, sealed again for the outbox.
  auto opened = store::columns::opened(c, store::columns::kPatientPhone, r->first(), 0);
  if (!opened) return opened.error();
  auto phone = store::columns::sealed(c, store::columns::kSmsPhone, *opened);
  if (!phone) return phone.error();
  const std::string lang = r->first().text(1) == "en" ? "en" : "ar";
  std::string body;
  if (kind == "issued") {
    body = lang == "ar" ? "HealthFlow: وصفة طبية جديدة برمز " + p.code + " صالحة حتى " +
                              domain::to_iso_date(domain::date_of(p.expires_at))
                        : "HealthFlow: new prescription " + p.code + ", valid until " +
                              domain::to_iso_date(domain::date_of(p.expires_at));
  } else if (kind == "cancelled") {
    body = lang == "ar" ? "HealthFlow: تم إلغاء الوصفة " + p.code
                        : "HealthFlow: prescription " + p.code + " was cancelled";
  } else if (kind == "approved") {
    body = lang == "ar" ? "HealthFlow: تمت الموافقة على الوصفة " + p.code
                        : "HealthFlow: prescription " + p.code + " was approved";
  } else if (kind == "rejected") {
    body =
        lang == "ar" ? "HealthFlow: تم رفض الوصفة " + p.code : "HealthFlow: prescription " + p.code + " was rejected";
  } else if (kind == "pending") {
    body = lang == "ar" ? "HealthFlow: الوصفة " + p.code + " بانتظار موافقة الجهة الرقابية"
                        : "HealthFlow: prescription " + p.code + " is awaiting regulatory approval";
  }
  auto ins = c.query(kInsertSms, {store::param(security::uuid_v4()), *phone, store::param(lang), store::param(body),
                                  store::param(now)});
  if (!ins) return ins.error();
  return ok_status();
}

namespace {

// What a new prescription is checked against, read before its write: the facility and patient
// must exist, and the clinical alerts (the patient's other active medicines included) decide
// whether it may be signed. Read on a pooled connection, in parallel with other requests; only the
// writes below go through the one writer.
Result<std::vector<domain::Alert>> check_before_signing(app::App& app, const PrescriptionDraft& draft,
                                                        CreateRefusal& refusal, int64_t now) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  store::Connection& c = **lease;
  auto facility = store::find_facility(c, draft.facility_id);
  if (!facility) return facility.error();
  if (!*facility || (*facility)->status != "active" || (*facility)->type == "pharmacy") {
    return Error::rule("This facility cannot issue prescriptions.",
                       {{"facility_id", "is not an active clinic or hospital"}});
  }
  auto patient = c.query(kPatientExists, {store::param(draft.patient_id)});
  if (!patient) return patient.error();
  if (patient->empty()) return Error::rule("Unknown patient.", {{"patient_id", "no patient has this id"}});
  // DOMAIN.md: a contraindicated or major alert blocks signing unless overridden with a reason.
  auto alerts = clinical_alerts(c, *app.catalog, draft, now);
  if (!alerts) return alerts.error();
  std::vector<domain::Alert> unresolved;
  for (const auto& a : *alerts) {
    if (!domain::blocking(a)) continue;
    const std::string kind(domain::to_string(a.kind));
    const bool overridden = std::any_of(draft.overrides.begin(), draft.overrides.end(), [&](const Override& o) {
      return o.alert_kind == kind && o.reason.find_first_not_of(" \t") != std::string::npos;
    });
    if (!overridden) unresolved.push_back(a);
  }
  if (!unresolved.empty()) {
    refusal.blocking = unresolved;
    return Error::rule("Some alerts block signing. Change the prescription or override each with a reason.");
  }
  return alerts;
}

std::string new_code() {
  std::array<uint8_t, domain::kCodeRandomBytes> bytes{};
  const auto random = security::random_bytes(bytes.size());
  std::copy(random.begin(), random.end(), bytes.begin());
  return domain::PrescriptionCode::generate(bytes).text();
}

// The signed content: fixed here, never edited afterwards (DOMAIN.md "Prescription lifecycle").
store::PrescriptionRecord new_record(const app::App& app, const http::Request& req, const PrescriptionDraft& draft,
                                     const std::vector<domain::Alert>& alerts, domain::PrescriptionStatus status,
                                     bool controlled, int64_t now) {
  store::PrescriptionRecord p;
  p.id = security::uuid_v4();
  p.code = new_code();
  p.patient_id = draft.patient_id;
  p.prescriber_id = req.caller.id;
  p.facility_id = draft.facility_id;
  p.status = std::string(domain::to_string(status));
  json::array dx;
  for (const auto& d : draft.diagnosis_codes) dx.emplace_back(d);
  p.diagnosis_codes = json::serialize(dx);
  p.notes = draft.notes.value_or("");
  p.controlled = controlled;
  p.issued_at = now;
  p.expires_at = domain::compute_expires_at(now, controlled, validity(app));
  p.updated_at = now;
  p.alerts = alerts_text(alerts);
  json::array overrides;
  for (const auto& o : draft.overrides)
    overrides.push_back(json::object{{"alert_kind", o.alert_kind}, {"reason", o.reason}});
  p.overrides = json::serialize(overrides);
  int position = 0;
  for (const auto& d : draft.items) {
    store::ItemRecord i;
    i.id = security::uuid_v4();
    i.prescription_id = p.id;
    i.position = position++;
    i.drug_id = d.drug_id;
    i.dose_amount = d.sig.dose_amount;
    i.dose_unit = d.sig.dose_unit;
    i.times_per_day = d.sig.times_per_day;
    i.duration_days = d.sig.duration_days;
    i.quantity = d.quantity;
    i.route = d.sig.route;
    i.instructions = d.sig.instructions;
    i.substitution_allowed = d.substitution_allowed;
    i.repeats = d.repeats;
    i.repeat_interval_days = d.repeat_interval_days;
    i.sig_en = d.sig_text.en;
    i.sig_ar = d.sig_text.ar;
    p.items.push_back(std::move(i));
  }
  p.qr_token = qr_token_for(app, p);
  return p;
}

// Inside the write unit: what must commit together with the prescription.
Status store_new_prescription(const app::App& app, store::Connection& c, const http::Request& req,
                              const PrescriptionDraft& draft, store::PrescriptionRecord& p, bool needs_approval,
                              int64_t now) {
  if (p.controlled) {
    if (auto s = check_step_up(c, req, draft.totp, now); !s) return s.error();
  }
  // A code is 35 random bits: a collision is all but impossible, but a code names one prescription.
  for (int attempt = 0;; ++attempt) {
    auto exists = store::code_exists(c, p.code);
    if (!exists) return exists.error();
    if (!*exists) break;
    if (attempt > 5) return Error::internal("could not find a free prescription code");
    p.code = new_code();
    p.qr_token = qr_token_for(app, p);
  }
  if (auto s = lock_audit_chain(c); !s) return s.error();
  if (auto s = store::insert_prescription(c, p); !s) return s.error();
  if (auto s = record_idempotent_result(c, req, "/api/v1/prescriptions/" + p.id); !s) return s.error();
  auto audit = prescription_audit(req, "prescription.create", p);
  if (!draft.overrides.empty()) {
    audit.reason = "overrides:";
    for (const auto& o : draft.overrides) audit.reason += " " + o.alert_kind + " (" + o.reason.substr(0, 200) + ")";
  }
  if (auto s = append_audit(c, audit, now); !s) return s.error();
  if (auto s = record_event(c, "prescription.created", event_data(p, p.status), now, event_for({p.facility_id})); !s)
    return s.error();
  return queue_patient_sms(c, p.patient_id, needs_approval ? "pending" : "issued", p, now);
}

// A signed prescription's change of state, as the audit log, the event feed and the patient's SMS
// each name it.
struct StatusChange {
  const char* audit_action;
  const char* event_type;
  const char* sms_kind;
  std::string new_status;
};

// Inside the change's write unit: its audit entry, its event and the patient's SMS.
Status record_status_change(store::Connection& c, const http::Request& req, const store::PrescriptionRecord& p,
                            const StatusChange& change, const std::string& reason, int64_t now) {
  auto audit = prescription_audit(req, change.audit_action, p);
  audit.reason = reason.substr(0, 500);
  if (auto s = append_audit(c, audit, now); !s) return s;
  auto audience = prescription_event_audience(c, p.id);
  if (!audience) return audience.error();
  if (auto s = record_event(c, change.event_type, event_data(p, change.new_status), now, *audience); !s) return s;
  return queue_patient_sms(c, p.patient_id, change.sms_kind, p, now);
}

}  // namespace

// validate (the caller and the catalogue) -> check (facility, patient, alerts) -> sign (the record
// and its QR token) -> store (one write unit of the group commit).
Result<Created> create_prescription(app::App& app, const http::Request& req, const PrescriptionDraft& draft,
                                    CreateRefusal& refusal) {
  if (!has(req.caller.facility_ids, draft.facility_id)) {
    return Error::rule("You do not work at this facility.", {{"facility_id", "is not one of your facilities"}});
  }
  const auto catalog = app.catalog->index();
  bool controlled = false;
  bool needs_approval = false;
  for (const auto& item : draft.items) {
    const auto* drug = catalog->find(item.drug_id);
    if (!drug) return Error::rule("Unknown product.", {{"items", "a product is no longer in the catalogue"}});
    controlled = controlled || drug->controlled();
    needs_approval = needs_approval || drug->requires_approval;
  }
  const int64_t now = app::business_now(app);
  auto alerts = check_before_signing(app, draft, refusal, now);
  if (!alerts) return alerts.error();
  auto status = domain::sign(domain::PrescriptionStatus::draft, needs_approval);
  if (!status) return status.error();
  auto p = new_record(app, req, draft, *alerts, *status, controlled, now);
  auto written = app.writes->run(
      [&](store::Connection& c) { return store_new_prescription(app, c, req, draft, p, needs_approval, now); });
  if (!written) return written.error();
  app.metrics.inc("prescriptions_created_total");
  return Created{std::move(p), std::move(alerts).value()};
}

Result<store::PrescriptionRecord> cancel_prescription(app::App& app, const http::Request& req, const std::string& id,
                                                      const std::string& reason) {
  const int64_t now = app::business_now(app);
  std::optional<store::PrescriptionRecord> cancelled;
  std::optional<AuditEntry> denied;
  auto written = app.writes->run([&](store::Connection& c) -> Status {
    auto found = store::find_prescription(c, id, true);
    if (!found) return found.error();
    // Only its prescriber may cancel; to anyone else it does not exist (but the attempt is recorded,
    // once this unit is undone).
    if (!*found) return Error::not_found("There is no such prescription.");
    if ((*found)->prescriber_id != req.caller.id) {
      denied = prescription_audit(req, "prescription.cancel", **found);
      return Error::not_found("There is no such prescription.");
    }
    auto p = std::move(**found);
    auto current = domain::prescription_status_from_string(effective_status(app, p));
    if (!current) return Error::internal("unknown stored status " + p.status);
    auto next = domain::cancel(*current, reason);
    if (!next) return next.error();
    if (auto s = store::cancel_prescription(c, id, reason, now); !s) return s.error();
    const StatusChange change{"prescription.cancel", "prescription.cancelled", "cancelled", "cancelled"};
    if (auto s = record_status_change(c, req, p, change, reason, now); !s) return s;
    p.status = "cancelled";
    p.cancel_reason = reason;
    p.cancelled_at = now;
    cancelled = std::move(p);
    return ok_status();
  });
  if (denied) return refuse_and_audit(*app.audit, std::move(*denied), written.error());
  if (!written) return written.error();
  return std::move(*cancelled);
}

Result<store::PrescriptionRecord> decide_prescription(app::App& app, const http::Request& req, const std::string& id,
                                                      bool approve, const std::string& reason) {
  const int64_t now = app::business_now(app);
  std::optional<store::PrescriptionRecord> decided;
  auto written = app.writes->run([&](store::Connection& c) -> Status {
    auto found = store::find_prescription(c, id, true);
    if (!found) return found.error();
    if (!*found) return Error::not_found("There is no such prescription.");
    auto p = std::move(**found);
    auto current = domain::prescription_status_from_string(effective_status(app, p));
    if (!current) return Error::internal("unknown stored status " + p.status);
    auto next = approve ? domain::approve(*current) : domain::reject(*current, reason);
    if (!next) return next.error();
    const std::string status(domain::to_string(*next));
    if (auto s = store::decide_prescription(c, id, status, req.caller.id, reason, now); !s) return s.error();
    const StatusChange change = approve
                                    ? StatusChange{"prescription.approve", "prescription.approved", "approved", status}
                                    : StatusChange{"prescription.reject", "prescription.rejected", "rejected", status};
    if (auto s = record_status_change(c, req, p, change, reason, now); !s) return s;
    p.status = status;
    p.decided_by = req.caller.id;
    p.decision_reason = reason;
    p.decided_at = now;
    decided = std::move(p);
    return ok_status();
  });
  if (!written) return written.error();
  return std::move(*decided);
}

Result<store::PrescriptionRecord> read_prescription(app::App& app, const http::Request& req, const std::string& id) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto found = store::find_prescription(**lease, id);
  if (!found) return found.error();
  const auto& caller = req.caller;
  const bool mine =
      *found && ((caller.role == "doctor" && (*found)->prescriber_id == caller.id) ||
                 (caller.role == "patient" && (*found)->patient_id == caller.patient_id) || caller.role == "regulator");
  if (!mine) {
    lease->release();
    if (!*found) return Error::not_found("There is no such prescription.");
    return refuse_and_audit(*app.audit, prescription_audit(req, "prescription.read", **found),
                            Error::not_found("There is no such prescription."));
  }
  auto audit = prescription_audit(req, "prescription.read", **found);
  lease->release();
  if (auto s = app.audit->append(audit, now_ms()); !s) return s.error();
  return std::move(**found);
}

Result<store::PrescriptionDetails> prescription_details(app::App& app, store::PrescriptionRecord p, bool with_patient) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  return store::details_of(**lease, std::move(p), with_patient);
}

Result<std::vector<store::PrescriptionDetails>> list_prescriptions(app::App& app, const http::Request& req,
                                                                   store::PrescriptionFilter filter) {
  if (req.caller.role == "doctor") {
    filter.prescriber_id = req.caller.id;
  } else if (req.caller.role == "patient") {
    filter.patient_id = req.caller.patient_id;
  } else if (req.caller.role == "regulator") {
    // The approval queue: regulators list only what waits for them.
    filter.status = "pending_approval";
  } else {
    return Error::forbidden("Your role has no prescriptions to list.");
  }
  if (filter.patient_id.empty() && filter.prescriber_id.empty() && filter.status.empty()) {
    return std::vector<store::PrescriptionDetails>{};
  }
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  return store::list_prescriptions(**lease, filter);
}

Result<std::vector<store::PrescriptionDetails>> patient_history(app::App& app, const http::Request& req,
                                                                const std::string& patient_id,
                                                                const std::string& reason,
                                                                store::PrescriptionFilter filter) {
  if (req.caller.role == "doctor" && reason.find_first_not_of(" \t") == std::string::npos) {
    return Error::rule("Say why you open this patient's history (?reason=); it is recorded and the patient sees it.",
                       {{"reason", "is required"}});
  }
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto exists = (*lease)->query(kPatientExists, {store::param(patient_id)});
  if (!exists) return exists.error();
  if (exists->empty()) return Error::not_found("There is no such patient.");
  auto audit = audit_entry(req, "patient.history");
  audit.patient_id = patient_id;
  audit.record_type = "patient";
  audit.record_id = patient_id;
  audit.reason = reason.substr(0, 500);
  // A patient sees only their own history; another patient's answers 404, and the attempt is recorded.
  if (req.caller.role == "patient" && req.caller.patient_id != patient_id) {
    lease->release();
    return refuse_and_audit(*app.audit, std::move(audit), Error::not_found("There is no such patient."));
  }
  filter.patient_id = patient_id;
  filter.prescriber_id.clear();
  auto list = store::list_prescriptions(**lease, filter);
  if (!list) return list.error();
  lease->release();  // before waiting for the audit group commit
  if (auto s = app.audit->append(audit, now_ms()); !s) return s.error();
  return list;
}

}  // namespace hf::service
