#include "service/access_log.hpp"

#include "service/audit_log.hpp"
#include "store/patient_repository.hpp"

namespace hf::service {
namespace {

struct Phrase {
  const char* action;
  const char* en;
  const char* ar;
};

// What each audited action means to the patient.
constexpr Phrase kPhrases[] = {
    {"patient.read", "opened your record", "فتح ملفك الطبي"},
    {"patient.create", "registered you", "سجّلك في المنظومة"},
    {"patient.update", "changed your record", "عدّل ملفك الطبي"},
    {"patient.access_log.read", "viewed who accessed your record", "اطّلع على سجل الوصول إلى ملفك"},
    {"patient.prescriptions.read", "viewed your prescriptions", "اطّلع على وصفاتك الطبية"},
    {"prescription.create", "wrote you a prescription", "كتب لك وصفة طبية"},
    {"prescription.read", "viewed one of your prescriptions", "اطّلع على إحدى وصفاتك الطبية"},
    {"prescription.verify", "checked your prescription at a pharmacy", "تحقق من وصفتك في صيدلية"},
    {"prescription.cancel", "cancelled one of your prescriptions", "ألغى إحدى وصفاتك الطبية"},
    {"prescription.approve", "approved one of your prescriptions", "وافق على إحدى وصفاتك الطبية"},
    {"prescription.reject", "rejected one of your prescriptions", "رفض إحدى وصفاتك الطبية"},
    {"dispensation.create", "dispensed your medicines", "صرف أدويتك"},
    {"dispensation.read", "viewed what was dispensed to you", "اطّلع على الأدوية المصروفة لك"},
};

std::string role_en(const std::string& r) {
  if (r == "doctor") return "doctor";
  if (r == "pharmacist") return "pharmacist";
  if (r == "patient") return "patient";
  if (r == "admin") return "system administrator";
  if (r == "facility_admin") return "facility administrator";
  if (r == "regulator") return "regulator";
  if (r == "integrator") return "connected system";
  return r.empty() ? "the system" : r;
}

std::string role_ar(const std::string& r) {
  if (r == "doctor") return "طبيب";
  if (r == "pharmacist") return "صيدلي";
  if (r == "patient") return "مريض";
  if (r == "admin") return "مسؤول النظام";
  if (r == "facility_admin") return "مدير منشأة";
  if (r == "regulator") return "جهة رقابية";
  if (r == "integrator") return "نظام متصل";
  return "النظام";
}

}  // namespace

std::pair<std::string, std::string> describe_access(const std::string& action, const std::string& outcome,
                                                    const store::ActorInfo& actor) {
  std::string who_en = actor.name.empty() ? "Someone" : actor.name;
  std::string who_ar = actor.name_ar.empty() ? (actor.name.empty() ? "شخص ما" : actor.name) : actor.name_ar;
  who_en += " (" + role_en(actor.role) + (actor.facility ? ", " + *actor.facility : std::string()) + ")";
  who_ar += " (" + role_ar(actor.role) +
            (actor.facility_ar ? "، " + *actor.facility_ar : (actor.facility ? "، " + *actor.facility : "")) + ")";
  std::string en = "did " + action + " on your record";
  std::string ar = "أجرى عملية " + action + " على ملفك";
  for (const auto& p : kPhrases) {
    if (action == p.action) {
      en = p.en;
      ar = p.ar;
    }
  }
  if (outcome != "success") {
    return {who_en + " tried but was refused: " + en, who_ar + " حاول ولكن رُفض طلبه: " + ar};
  }
  return {who_en + " " + en, who_ar + " " + ar};
}

Result<std::vector<AccessLogEntry>> access_log(app::App& app, const http::Request& req, const std::string& patient_id,
                                               std::optional<int64_t> before_seq, int limit) {
  static const Error kUnknown = Error::not_found("No such patient.");
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto found = store::find_patient(**lease, patient_id);
  if (!found) return found.error();
  if (!*found) return kUnknown;
  // Reading the access log is itself a read of the record's history: audited like any other.
  AuditEntry e = audit_entry(req, "patient.access_log.read");
  e.patient_id = patient_id;
  e.record_type = "patient";
  e.record_id = patient_id;
  if (req.caller.role == "patient" && req.caller.patient_id != patient_id) {
    lease->release();
    return refuse_and_audit(*app.audit, std::move(e), kUnknown);
  }
  store::AuditFilter f;
  f.patient_id = patient_id;
  f.before_seq = before_seq;
  f.limit = limit;
  auto rows = store::list_audit(**lease, f);
  if (!rows) return rows.error();
  std::vector<std::string> ids;
  for (const auto& r : *rows) ids.push_back(r.actor_id);
  auto actors = store::describe_actors(**lease, ids);
  if (!actors) return actors.error();
  if (auto s = app.audit->append(e, now_ms()); !s) return s.error();
  std::vector<AccessLogEntry> out;
  for (auto& r : *rows) {
    AccessLogEntry a;
    a.seq = r.seq;
    a.at = r.at;
    a.action = r.action;
    a.outcome = r.outcome;
    a.reason = r.reason;
    a.actor_id = r.actor_id;
    if (auto it = actors->find(r.actor_id); it != actors->end()) a.actor = it->second;
    if (a.actor.role.empty()) a.actor.role = r.actor_role;
    std::tie(a.description_en, a.description_ar) = describe_access(r.action, r.outcome, a.actor);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace hf::service
