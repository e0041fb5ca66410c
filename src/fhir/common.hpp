#pragma once
// FHIR R4 at /fhir/r4 (API.md "FHIR R4"): what every resource mapping shares — system
// URIs, application/fhir+json answers, OperationOutcome for every error, search paging and
// searchset Bundles. Mappings read the same tables and call the same services as the JSON API.

#include <boost/json.hpp>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "domain/result.hpp"
#include "http/message.hpp"

namespace hf::fhir {

namespace json = boost::json;

inline constexpr const char* kNationalIdSystem = "https://healthflow.gov.eg/fhir/NamingSystem/egyptian-national-id";
inline constexpr const char* kLicenceSystem = "https://healthflow.gov.eg/fhir/NamingSystem/professional-licence";
inline constexpr const char* kFacilityLicenceSystem = "https://healthflow.gov.eg/fhir/NamingSystem/facility-licence";
inline constexpr const char* kPrescriptionCodeSystem = "https://healthflow.gov.eg/fhir/NamingSystem/prescription-code";
inline constexpr const char* kDispensationSystem = "https://healthflow.gov.eg/fhir/NamingSystem/dispensation";
inline constexpr const char* kRegistrationSystem = "https://healthflow.gov.eg/fhir/NamingSystem/eda-registration";
inline constexpr const char* kAuditActionSystem = "https://healthflow.gov.eg/fhir/CodeSystem/audit-action";
inline constexpr const char* kAtcSystem = "http://www.whocc.no/atc";
inline constexpr const char* kIcd10System = "http://hl7.org/fhir/sid/icd-10";
inline constexpr const char* kFhirJson = "application/fhir+json; charset=utf-8";

http::Response resource_response(int status, const json::value& resource);
// OperationOutcome with one error issue; `code` is an IssueType (not-found, security, invalid, ...).
http::Response outcome(int status, const std::string& diagnostics, const std::string& code = {});
http::Response outcome(const Error& e, const std::string& expression_prefix = {});

// An integrator key sees only its facility's data; "" for people.
std::string key_facility(const http::Caller& c);
bool is_key(const http::Caller& c);

struct Paging {
  int count = 20;  // _count, 1-100
  int offset = 0;  // _offset, where the page starts
};
// Reads _count and _offset; any parameter not in `known` (nor _count, _offset, _format) is refused
// with 400, so a search never silently ignores a filter the client relies on.
Result<Paging> read_paging(const http::Request& req, std::initializer_list<const char*> known);

// A searchset Bundle: entries are resources; fetched holds count + 1 rows when there is a next page.
json::object searchset(const http::Request& req, std::vector<json::object> resources, const Paging& p);

std::string base_url(const http::Request& req);  // http(s)://host/fhir/r4
std::string instant(int64_t epoch_ms);           // RFC 3339 UTC
json::object reference(const std::string& type, const std::string& id, const std::string& display = {});
// "Patient/123" or "123" (the id alone) for the expected type; "" when it names another type.
std::string reference_id(const std::string& given, const std::string& type);
// Search parameters that name a record by id hold what the server assigns: a UUID. Anything else
// is refused (400, naming the parameter) before it reaches the database or the audit log, where a
// search by patient is recorded with the id searched for.
Status check_id_param(const char* name, const std::string& id);
// "system|value" or "value" → the value when the system matches (or none given); nullopt otherwise.
std::optional<std::string> token_value(const std::string& given, const std::string& system);

}  // namespace hf::fhir
