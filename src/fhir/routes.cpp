#include "fhir/routes.hpp"

#include "api/access.hpp"
#include "api/idempotency.hpp"
#include "fhir/common.hpp"
#include "fhir/resources.hpp"
#include "http/problem.hpp"
#include "service/rate_limit_policy.hpp"

namespace hf::fhir {
namespace {

using Handler = http::Response (*)(app::App&, http::Request&);

enum class Need { none, read, write };

// Authorization exactly as the JSON API (api/access.hpp), answered as OperationOutcome: a doctor's
// bearer token, or an integrator key holding the permission. Quotas as for every API call.
http::Handler guarded(app::App& app, Need need, Handler h, bool idempotent = false) {
  return [&app, need, h, idempotent](http::Request& req) -> http::Response {
    if (need != Need::none) {
      auto caller = api::authenticate(app, req);
      if (!caller) return outcome(caller.error());
      req.caller = std::move(caller).value();
      const auto access = api::allow_with_key({"doctor"}, need == Need::read ? "fhir:read" : "fhir:write");
      if (!access.permits(req.caller)) {
        return outcome(403, is_key(req.caller) ? "This API key lacks the permission " + access.api_key_permission + "."
                                               : "Your role may not use the FHIR interface.");
      }
    }
    if (auto quota = service::admit_request(app, req); !quota.allowed) {
      return outcome(service::rate_limit_error(quota));
    }
    if (idempotent) return api::with_idempotency(app, req, [&] { return h(app, req); });
    return h(app, req);
  };
}

// Paths under /fhir/r4 that name nothing here. A FHIR client (it asks for application/fhir+json)
// gets an OperationOutcome; any other client the problem+json every unknown path answers.
http::Response unsupported(app::App&, http::Request& req) {
  const bool fhir_client = req.header("accept").find("fhir") != std::string_view::npos ||
                           req.header("content-type").find("fhir") != std::string_view::npos ||
                           req.query_param("_format").has_value();
  if (!fhir_client) return http::problem(404, "There is no such endpoint. See /fhir/r4/metadata.");
  return outcome(
      404,
      "This server does not support " + req.method + " " + req.path + " (see /fhir/r4/metadata for what it supports).",
      "not-supported");
}

}  // namespace

void add_routes(http::Router& router, app::App& app) {
  router.add("GET", "/fhir/r4/metadata", guarded(app, Need::none, capability_statement), false);
  struct Pair {
    const char* type;
    Handler read;
    Handler search;
  };
  const Pair pairs[] = {
      {"Patient", patient_read, patient_search},
      {"Practitioner", practitioner_read, practitioner_search},
      {"Organization", organization_read, organization_search},
      {"Medication", medication_read, medication_search},
      {"MedicationRequest", medication_request_read, medication_request_search},
      {"MedicationDispense", medication_dispense_read, medication_dispense_search},
      {"AuditEvent", audit_event_read, audit_event_search},
  };
  for (const auto& p : pairs) {
    const std::string base = std::string("/fhir/r4/") + p.type;
    router.add("GET", base, guarded(app, Need::read, p.search));
    router.add("GET", base + "/{id}", guarded(app, Need::read, p.read));
  }
  router.add("POST", "/fhir/r4", guarded(app, Need::write, transaction, true));
  router.add("POST", "/fhir/r4/Bundle", guarded(app, Need::write, transaction, true));
  // Anything else under /fhir/r4 answers an OperationOutcome too, never problem+json.
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    for (const char* pattern : {"/fhir/r4/{type}", "/fhir/r4/{type}/{id}", "/fhir/r4/{type}/{id}/{more}"}) {
      router.add(method, pattern, guarded(app, Need::none, unsupported), false);
    }
  }
}

}  // namespace hf::fhir
