// GET /fhir/r4/metadata: the CapabilityStatement. It lists exactly what routes.cpp registers
// (read and search-type per resource with the search parameters the handlers accept, and the
// transaction), so that it stays true.
#include "app/app.hpp"
#include "app/build_info.hpp"
#include "fhir/common.hpp"
#include "fhir/resources.hpp"
#include "service/audit_log.hpp"

namespace hf::fhir {
namespace {

struct Param {
  const char* name;
  const char* type;
  const char* doc;
};
struct Supported {
  const char* type;
  std::vector<Param> params;
};

const std::vector<Supported>& supported() {
  static const std::vector<Supported> kSupported{
      {"Patient",
       {{"identifier", "token",
         "national ID: https://healthflow.gov.eg/fhir/NamingSystem/egyptian-national-id|<14 digits>"},
        {"_id", "token", "logical id"}}},
      {"Practitioner", {{"identifier", "token", "professional licence"}, {"_id", "token", "logical id"}}},
      {"Organization", {{"identifier", "token", "facility licence"}, {"_id", "token", "logical id"}}},
      {"Medication",
       {{"code", "token", "WHO ATC code (http://www.whocc.no/atc)"},
        {"identifier", "token", "EDA registration number"},
        {"_id", "token", "logical id"}}},
      {"MedicationRequest",
       {{"patient", "reference", "Patient/<id>"},
        {"subject", "reference", "Patient/<id>"},
        {"status", "token", "active | on-hold | completed | stopped | cancelled"},
        {"authoredon", "date", "eq, ge, gt, le, lt with a date or instant; repeat to give a range"},
        {"_id", "token", "logical id"}}},
      {"MedicationDispense",
       {{"patient", "reference", "Patient/<id>"},
        {"subject", "reference", "Patient/<id>"},
        {"prescription", "reference", "MedicationRequest/<id>"},
        {"_id", "token", "logical id"}}},
      {"AuditEvent",
       {{"patient", "reference", "Patient/<id>"},
        {"subtype", "token", "HealthFlow audit action, e.g. patient.read"},
        {"_id", "token", "logical id"}}},
  };
  return kSupported;
}

}  // namespace

http::Response capability_statement(app::App&, http::Request& req) {
  json::array resources;
  for (const auto& s : supported()) {
    json::array params;
    for (const auto& p : s.params)
      params.push_back(json::object{{"name", p.name}, {"type", p.type}, {"documentation", p.doc}});
    params.push_back(json::object{{"name", "_count"}, {"type", "number"}, {"documentation", "page size, 1-100"}});
    params.push_back(
        json::object{{"name", "_offset"}, {"type", "number"}, {"documentation", "page start (next links)"}});
    resources.push_back(json::object{
        {"type", s.type},
        {"interaction", json::array{json::object{{"code", "read"}}, json::object{{"code", "search-type"}}}},
        {"searchParam", std::move(params)}});
  }
  json::object security{
      {"cors", false},
      {"description",
       "Authorization: Bearer <access token> of a doctor, or X-API-Key of an integrator key with fhir:read "
       "(read, search) or fhir:write (transaction). A key sees only its facility's data."}};
  json::object rest{{"mode", "server"},
                    {"security", std::move(security)},
                    {"resource", std::move(resources)},
                    {"interaction", json::array{json::object{{"code", "transaction"},
                                                             {"documentation",
                                                              "POST a transaction Bundle of MedicationRequests for one "
                                                              "patient: one signed prescription"}}}}};
  json::object cs{{"resourceType", "CapabilityStatement"},
                  {"status", "active"},
                  {"date", instant(service::now_ms())},
                  {"publisher", "HealthFlow, Ministry of Health and Population, Egypt"},
                  {"kind", "instance"},
                  {"software", json::object{{"name", "HealthFlow"}, {"version", build::kVersion}}},
                  {"implementation", json::object{{"description", "HealthFlow national e-prescription platform"},
                                                  {"url", base_url(req)}}},
                  {"fhirVersion", "4.0.1"},
                  {"format", json::array{"application/fhir+json", "json"}},
                  {"rest", json::array{std::move(rest)}}};
  return resource_response(200, cs);
}

}  // namespace hf::fhir
