// POST /fhir/r4 and POST /fhir/r4/Bundle: a transaction Bundle of MedicationRequests
// for one patient becomes one prescription. The MedicationRequests are turned into the JSON API's
// body and go through the same parser (api/prescription_body) and the same service
// (service::create_prescription): the same validation, CDS, step-up and signing. Field errors come
// back as OperationOutcome issues whose expression is the FHIR path the client sent.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>

#include "api/json_duplicates.hpp"
#include "api/prescription_body.hpp"
#include "fhir/common.hpp"
#include "fhir/medication_request.hpp"
#include "fhir/resources.hpp"
#include "service/audit_log.hpp"
#include "service/prescribing.hpp"
#include "store/patient_repository.hpp"
#include "store/user_repository.hpp"

namespace hf::fhir {
namespace {

constexpr const char* kExtBase = "https://healthflow.gov.eg/fhir/StructureDefinition/";
constexpr size_t kMaxEntries = 10;

// Where each field of the JSON API's item lives in a MedicationRequest.
const std::map<std::string, std::string>& item_paths() {
  static const std::map<std::string, std::string> kPaths{
      {"drug_id", "medicationReference"},
      {"dose_amount", "dosageInstruction[0].doseAndRate[0].doseQuantity.value"},
      {"dose_unit", "dosageInstruction[0].doseAndRate[0].doseQuantity.unit"},
      {"times_per_day", "dosageInstruction[0].timing.repeat.frequency"},
      {"duration_days", "dosageInstruction[0].timing.repeat.boundsDuration.value"},
      {"route", "dosageInstruction[0].route.text"},
      {"instructions", "dosageInstruction[0].additionalInstruction[0].text"},
      {"quantity", "dispenseRequest.quantity.value"},
      {"repeats", "dispenseRequest.numberOfRepeatsAllowed"},
      {"repeat_interval_days", "dispenseRequest.dispenseInterval.value"},
      {"substitution_allowed", "substitution.allowedBoolean"},
  };
  return kPaths;
}

// "items[2].quantity" -> "Bundle.entry[2].resource.dispenseRequest.quantity.value".
std::string fhir_path(const std::string& field) {
  if (field.rfind("Bundle", 0) == 0) return field;
  if (field.rfind("items[", 0) == 0) {
    const auto close = field.find(']');
    const std::string index = field.substr(6, close - 6);
    std::string rest = close + 2 <= field.size() ? field.substr(close + 2) : "";
    auto it = item_paths().find(rest);
    if (it != item_paths().end()) rest = it->second;
    return "Bundle.entry[" + index + "].resource" + (rest.empty() ? "" : "." + rest);
  }
  if (field == "patient_id") return "Bundle.entry[0].resource.subject";
  if (field == "facility_id") return "Bundle.entry[0].resource.extension(prescribing-facility)";
  if (field.rfind("diagnosis_codes", 0) == 0) return "Bundle.entry.resource.reasonCode";
  if (field.rfind("overrides", 0) == 0) return "Bundle.entry.resource.extension(cds-override)";
  if (field == "totp") return "Bundle.entry.resource.extension(step-up-totp)";
  return "Bundle";
}

http::Response refuse(Error e) {
  for (auto& f : e.fields) f.field = fhir_path(f.field);
  return outcome(e);
}

const json::value* at(const json::value* v, std::initializer_list<const char*> path) {
  for (const char* key : path) {
    if (!v) return nullptr;
    if (key[0] == '#') {
      const auto* a = v->if_array();
      v = a && !a->empty() ? &a->front() : nullptr;
    } else {
      const auto* o = v->if_object();
      v = o ? o->if_contains(key) : nullptr;
    }
  }
  return v;
}

std::string text_at(const json::value* v, std::initializer_list<const char*> path) {
  const auto* s = at(v, path);
  return s && s->is_string() ? std::string(s->as_string()) : std::string();
}

// Extensions of a MedicationRequest by the last part of their URL.
std::vector<const json::object*> extensions(const json::object& mr, const std::string& name) {
  std::vector<const json::object*> out;
  const auto* list = mr.if_contains("extension");
  if (!list || !list->is_array()) return out;
  for (const auto& e : list->as_array()) {
    const auto* o = e.if_object();
    if (o && o->if_contains("url") && o->at("url").is_string() && o->at("url").as_string() == kExtBase + name)
      out.push_back(o);
  }
  return out;
}

void copy_if(json::object& to, const char* key, const json::value* v) {
  if (v) to[key] = *v;
}

struct Parsed {
  json::object body;  // the JSON API's prescription body
  std::string subject_reference, subject_identifier, requester;
};

Result<Parsed> read_bundle(const json::value& doc, const http::Caller& caller) {
  const auto* bundle = doc.if_object();
  if (!bundle || text_at(&doc, {"resourceType"}) != "Bundle")
    return Error::invalid("Send a Bundle resource.", {{"Bundle.resourceType", "must be Bundle"}});
  if (text_at(&doc, {"type"}) != "transaction")
    return Error::invalid("Only transaction Bundles are accepted.", {{"Bundle.type", "must be transaction"}});
  const auto* entries = at(&doc, {"entry"});
  if (!entries || !entries->is_array() || entries->as_array().empty() || entries->as_array().size() > kMaxEntries)
    return Error::rule("A prescription has from 1 to 10 MedicationRequests.", {{"Bundle.entry", "1 to 10 entries"}});
  Parsed out;
  json::array items, diagnoses, overrides;
  std::vector<FieldError> errors;
  std::string facility;
  std::optional<std::string> totp, notes;
  const auto& list = entries->as_array();
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = "Bundle.entry[" + std::to_string(i) + "]";
    const auto* resource = at(&list[i], {"resource"});
    if (!resource || text_at(resource, {"resourceType"}) != "MedicationRequest") {
      errors.push_back({where + ".resource", "must be a MedicationRequest"});
      continue;
    }
    const auto& method = text_at(&list[i], {"request", "method"});
    const auto& url = text_at(&list[i], {"request", "url"});
    if (method != "POST" || (url != "MedicationRequest" && url.rfind("MedicationRequest?", 0) != 0))
      errors.push_back({where + ".request", "must be POST MedicationRequest"});
    const auto& mr = resource->as_object();
    const auto status = text_at(resource, {"status"});
    if (status != "active" && status != "draft")
      errors.push_back({where + ".resource.status", "must be active (or draft)"});
    if (text_at(resource, {"intent"}) != "order") errors.push_back({where + ".resource.intent", "must be order"});
    // One patient per transaction.
    const auto ref = text_at(resource, {"subject", "reference"});
    const auto ident = text_at(resource, {"subject", "identifier", "system"}) == kNationalIdSystem
                           ? text_at(resource, {"subject", "identifier", "value"})
                           : std::string();
    if (ref.empty() && ident.empty()) {
      errors.push_back({where + ".resource.subject", "give Patient/<id> or the national ID identifier"});
    } else if (i == 0) {
      out.subject_reference = ref;
      out.subject_identifier = ident;
    } else if (ref != out.subject_reference || ident != out.subject_identifier) {
      errors.push_back({where + ".resource.subject", "every MedicationRequest must name the same patient"});
    }
    const auto requester = text_at(resource, {"requester", "reference"});
    if (i == 0)
      out.requester = requester;
    else if (requester != out.requester)
      errors.push_back({where + ".resource.requester", "every MedicationRequest must have the same requester"});

    json::object item;
    const auto medication = text_at(resource, {"medicationReference", "reference"});
    if (medication.rfind("Medication/", 0) == 0)
      item["drug_id"] = medication.substr(11);
    else
      errors.push_back({where + ".resource.medicationReference", "must reference Medication/<id>"});
    const auto* dosage = at(resource, {"dosageInstruction", "#"});
    copy_if(item, "dose_amount", at(dosage, {"doseAndRate", "#", "doseQuantity", "value"}));
    const auto* unit = at(dosage, {"doseAndRate", "#", "doseQuantity", "unit"});
    copy_if(item, "dose_unit", unit ? unit : at(dosage, {"doseAndRate", "#", "doseQuantity", "code"}));
    copy_if(item, "times_per_day", at(dosage, {"timing", "repeat", "frequency"}));
    const auto period = at(dosage, {"timing", "repeat", "period"});
    const auto period_unit = text_at(dosage, {"timing", "repeat", "periodUnit"});
    if ((period && !(period->is_number() && period->to_number<double>() == 1)) ||
        (!period_unit.empty() && period_unit != "d"))
      errors.push_back({where + ".resource.dosageInstruction[0].timing.repeat", "give frequency per 1 day"});
    copy_if(item, "duration_days", at(dosage, {"timing", "repeat", "boundsDuration", "value"}));
    const auto route = text_at(dosage, {"route", "text"});
    if (!route.empty()) item["route"] = route;
    const auto instructions = text_at(dosage, {"additionalInstruction", "#", "text"});
    if (!instructions.empty()) item["instructions"] = instructions;
    copy_if(item, "quantity", at(resource, {"dispenseRequest", "quantity", "value"}));
    copy_if(item, "repeats", at(resource, {"dispenseRequest", "numberOfRepeatsAllowed"}));
    copy_if(item, "repeat_interval_days", at(resource, {"dispenseRequest", "dispenseInterval", "value"}));
    copy_if(item, "substitution_allowed", at(resource, {"substitution", "allowedBoolean"}));
    items.push_back(std::move(item));

    if (const auto* reasons = at(resource, {"reasonCode"}); reasons && reasons->is_array()) {
      for (const auto& r : reasons->as_array()) {
        const auto* codings = at(&r, {"coding"});
        if (!codings || !codings->is_array()) continue;
        for (const auto& c : codings->as_array()) {
          const auto code = text_at(&c, {"code"});
          if (text_at(&c, {"system"}) == kIcd10System && !code.empty() &&
              std::find(diagnoses.begin(), diagnoses.end(), json::value(code)) == diagnoses.end())
            diagnoses.push_back(json::value(code));
        }
      }
    }
    if (!notes) {
      const auto note = text_at(resource, {"note", "#", "text"});
      if (!note.empty()) notes = note;
    }
    for (const auto* e : extensions(mr, "prescribing-facility")) {
      const auto org = text_at(e->if_contains("valueReference"), {"reference"});
      facility = reference_id(org, "Organization");
    }
    for (const auto* e : extensions(mr, "step-up-totp")) totp = text_at(e->if_contains("valueString"), {});
    for (const auto* e : extensions(mr, "cds-override")) {
      json::object o;
      const auto* parts = e->if_contains("extension");
      if (parts && parts->is_array()) {
        for (const auto& p : parts->as_array()) {
          const auto name = text_at(&p, {"url"});
          if (name == "kind") o["alert_kind"] = text_at(&p, {"valueCode"});
          if (name == "reason") o["reason"] = text_at(&p, {"valueString"});
        }
      }
      overrides.push_back(std::move(o));
    }
  }
  if (!errors.empty()) return Error::invalid("The transaction Bundle is not a prescription we can read.", errors);
  if (is_key(caller)) {
    if (!facility.empty() && facility != key_facility(caller))
      return Error::rule("This API key belongs to another facility.",
                         {{"facility_id", "is not the facility of this API key"}});
    facility = key_facility(caller);
  } else if (facility.empty()) {
    if (caller.facility_ids.size() != 1)
      return Error::rule("Name the prescribing facility.",
                         {{"facility_id", "add the prescribing-facility extension (Organization/<id>)"}});
    facility = caller.facility_ids.front();
  }
  out.body = json::object{{"patient_id", ""},
                          {"facility_id", facility},
                          {"diagnosis_codes", std::move(diagnoses)},
                          {"items", std::move(items)}};
  if (notes) out.body["notes"] = *notes;
  if (!overrides.empty()) out.body["overrides"] = std::move(overrides);
  if (totp) out.body["totp"] = *totp;
  return out;
}

// The doctor who signs: the caller, or for an integrator key the requester, who must be an active
// doctor of the key's facility (the prescription is theirs, in the audit log as in the QR token).
Result<http::Caller> signer(app::App& app, const http::Request& req, const std::string& requester) {
  const auto id = reference_id(requester, "Practitioner");
  if (!is_key(req.caller)) {
    if (!requester.empty() && id != req.caller.id)
      return Error::rule("You can prescribe only as yourself.",
                         {{"Bundle.entry[0].resource.requester", "must be you or left out"}});
    return req.caller;
  }
  if (id.empty())
    return Error::rule("Name the prescribing doctor.",
                       {{"Bundle.entry[0].resource.requester", "must reference Practitioner/<id>"}});
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto user = store::find_user_by_id(**lease, id);
  if (!user) return user.error();
  const auto facility = key_facility(req.caller);
  if (!*user || (*user)->role != "doctor" || (*user)->status != "active" ||
      std::find((*user)->facility_ids.begin(), (*user)->facility_ids.end(), facility) == (*user)->facility_ids.end()) {
    return Error::rule("The requester is not an active doctor of this facility.",
                       {{"Bundle.entry[0].resource.requester", "must be an active doctor of the key's facility"}});
  }
  http::Caller c;
  c.kind = "user";
  c.id = (*user)->id;
  c.role = "doctor";
  c.facility_ids = (*user)->facility_ids;
  return c;
}

json::object alert_issue(const domain::Alert& a, const char* severity) {
  return json::object{
      {"severity", severity},
      {"code", "business-rule"},
      {"details", json::object{{"coding", json::array{json::object{
                                              {"system", "https://healthflow.gov.eg/fhir/CodeSystem/cds-alert-kind"},
                                              {"code", std::string(domain::to_string(a.kind))}}}},
                               {"text", a.message_en}}},
      {"diagnostics", std::string(domain::to_string(a.severity)) + ": " + a.message_en}};
}

}  // namespace

http::Response transaction(app::App& app, http::Request& req) {
  const auto type = req.header("content-type");
  if (type.rfind("application/fhir+json", 0) != 0 && type.rfind("application/json", 0) != 0)
    return outcome(415, "Send the Bundle as application/fhir+json.");
  json::value doc;
  try {
    doc = json::parse(req.body);
  } catch (const std::exception&) {
    return outcome(400, "The body is not valid JSON.", "structure");
  }
  // A property given twice is not valid FHIR JSON; which copy counts would be anybody's guess.
  if (auto dup = api::first_duplicate_key(req.body))
    return outcome(
        Error::invalid("The Bundle gives Bundle." + *dup + " more than once.", {{*dup, "is given more than once"}}),
        "Bundle.");
  auto parsed = read_bundle(doc, req.caller);
  if (!parsed) return refuse(parsed.error());

  // The patient: Patient/<id>, or the national ID as a logical reference.
  std::string patient_id = reference_id(parsed->subject_reference, "Patient");
  if (!parsed->subject_identifier.empty()) {
    auto lease = app.db->acquire();
    if (!lease) return outcome(lease.error());
    auto found = store::find_patient_id_by_national_id(**lease, parsed->subject_identifier);
    if (!found) return outcome(found.error());
    if (!*found)
      return outcome(Error::rule("No patient has this national ID.",
                                 {{"Bundle.entry[0].resource.subject.identifier", "no patient has this national ID"}}));
    patient_id = **found;
  }
  parsed->body["patient_id"] = patient_id;

  auto acting = signer(app, req, parsed->requester);
  if (!acting) return outcome(acting.error());
  http::Request as_doctor = req;
  as_doctor.caller = *acting;

  const auto index = app.catalog->index();
  auto draft = api::parse_prescription_body(parsed->body, *index, api::PrescriptionBodyOptions{true});
  if (!draft) return refuse(draft.error());
  service::CreateRefusal refusal;
  auto created = service::create_prescription(app, as_doctor, *draft, refusal);
  if (!created) {
    if (refusal.blocking.empty()) return refuse(created.error());
    auto res = outcome(created.error());
    auto body = json::parse(res.body).as_object();
    auto& issues = body["issue"].as_array();
    for (const auto& a : refusal.blocking) issues.push_back(alert_issue(a, "error"));
    res.body = json::serialize(body);
    return res;
  }
  const auto& p = created->prescription;
  if (is_key(req.caller)) {
    // The prescription is the doctor's; the key that carried it is recorded too.
    auto audit = service::audit_entry(req, "fhir.transaction");
    audit.patient_id = p.patient_id;
    audit.record_type = "prescription";
    audit.record_id = p.id;
    if (auto s = app.audit->append(audit, service::now_ms()); !s) return outcome(s.error());
  }
  json::array entries;
  const auto base = base_url(req);
  for (size_t i = 0; i < p.items.size(); ++i) {
    json::object response{{"status", "201 Created"},
                          {"location", "MedicationRequest/" + p.items[i].id},
                          {"lastModified", instant(p.issued_at)}};
    json::array warnings;
    for (const auto& a : created->alerts)
      if (std::find(a.items.begin(), a.items.end(), i) != a.items.end()) warnings.push_back(alert_issue(a, "warning"));
    if (!warnings.empty())
      response["outcome"] = json::object{{"resourceType", "OperationOutcome"}, {"issue", std::move(warnings)}};
    entries.push_back(json::object{
        {"fullUrl", base + "/MedicationRequest/" + p.items[i].id},
        {"resource", medication_request_to_fhir(*app.catalog->index(), app::business_now(app), p, p.items[i])},
        {"response", std::move(response)}});
  }
  json::object answer{{"resourceType", "Bundle"},
                      {"type", "transaction-response"},
                      {"identifier", json::object{{"system", kPrescriptionCodeSystem}, {"value", p.code}}},
                      {"entry", std::move(entries)}};
  return resource_response(200, answer);
}

}  // namespace hf::fhir
