// Every endpoint, who may call it, and its handler, in one place (STYLE.md "One route table").
#include "api/routes.hpp"

#include "api/access.hpp"
#include "api/adverse_events.hpp"
#include "api/audit.hpp"
#include "api/auth.hpp"
#include "api/check.hpp"
#include "api/directory.hpp"
#include "api/drugs.hpp"
#include "api/events.hpp"
#include "api/idempotency.hpp"
#include "api/openapi.hpp"
#include "api/operations.hpp"
#include "api/patients.hpp"
#include "api/prescriptions.hpp"
#include "api/recalls.hpp"
#include "api/reports.hpp"
#include "api/staff.hpp"
#include "api/test_hooks.hpp"
#include "api/webhooks.hpp"
#include "fhir/routes.hpp"
#include "http/problem.hpp"
#include "service/rate_limit_policy.hpp"

namespace hf::api {
namespace {

using Handler = http::Response (*)(app::App&, http::Request&);

class Table {
 public:
  Table(http::Router& r, app::App& a) : router_(r), app_(a) {}

  void add(const char* method, const char* pattern, Access access, Handler h, bool blocking = true) {
    add_route(method, pattern, std::move(access), h, blocking, false);
  }
  // A POST that creates something: honours Idempotency-Key.
  void create(const char* pattern, Access access, Handler h) {
    add_route("POST", pattern, std::move(access), h, true, true);
  }

 private:
  void add_route(const char* method, const char* pattern, Access access, Handler h, bool blocking, bool idempotent) {
    app::App& a = app_;
    router_.add(
        method, pattern,
        [&a, access = std::move(access), h, idempotent](http::Request& req) -> http::Response {
          if (!access.open) {
            auto caller = authenticate(a, req);
            if (!caller) return http::problem(caller.error());
            req.caller = std::move(caller).value();
            if (!access.permits(req.caller)) return http::problem(403, "Your role may not do this.");
          }
          // Quotas per caller and role; the X-RateLimit-* headers are added by the pipeline.
          if (auto quota = service::admit_request(a, req); !quota.allowed)
            return http::problem(service::rate_limit_error(quota));
          if (idempotent) return with_idempotency(a, req, [&] { return h(a, req); });
          return h(a, req);
        },
        blocking);
  }

  http::Router& router_;
  app::App& app_;
};

}  // namespace

http::Router build_routes(app::App& app) {
  http::Router router;
  Table t(router, app);
  constexpr bool kInline = false;  // never touches the database: answered on the I/O thread

  // Operations (API.md): no prefix, no authentication.
  t.add("GET", "/health", open_access(), operations::health);
  t.add("GET", "/version", open_access(), operations::version, kInline);
  t.add("GET", "/metrics", open_access(), operations::metrics, kInline);

  // Identity.
  t.add("POST", "/api/v1/auth/login", open_access(), auth::login);
  t.add("POST", "/api/v1/auth/refresh", open_access(), auth::refresh);
  t.add("POST", "/api/v1/auth/logout", any_user(), auth::logout);
  t.add("POST", "/api/v1/auth/totp/enroll", open_access(), auth::totp_enroll);  // access or enrolment token
  t.add("POST", "/api/v1/auth/totp/confirm", open_access(), auth::totp_confirm);
  t.add("GET", "/api/v1/me", any_user(), auth::me);
  t.create("/api/v1/facilities", allow({"admin"}), staff::create_facility);
  t.add("GET", "/api/v1/facilities", allow({"admin", "facility_admin", "regulator"}), staff::list_facilities);
  t.create("/api/v1/users", allow({"admin"}), staff::create_user);
  t.add("GET", "/api/v1/users", allow({"admin", "facility_admin"}), staff::list_users);
  t.add("PATCH", "/api/v1/users/{id}", allow({"admin", "facility_admin"}), staff::update_user);
  t.create("/api/v1/api-keys", allow({"admin"}), staff::create_api_key);
  t.add("GET", "/api/v1/api-keys", allow({"admin"}), staff::list_api_keys);
  t.add("DELETE", "/api/v1/api-keys/{id}", allow({"admin"}), staff::revoke_api_key);

  // Patients, drug catalogue, clinical decision support. Drug search reads only the
  // in-memory catalogue.
  t.create("/api/v1/patients", allow({"doctor", "admin"}), patients::create);
  t.add("GET", "/api/v1/patients", allow({"doctor"}), patients::find);
  t.add("GET", "/api/v1/patients/{id}", allow({"doctor", "patient"}), patients::get);
  t.add("GET", "/api/v1/drugs", allow_with_key({}, "drugs:read"), drugs::search);
  t.add("GET", "/api/v1/drugs/{id}", allow_with_key({}, "drugs:read"), drugs::get);
  t.add("POST", "/api/v1/prescriptions/check", allow({"doctor"}), check::check);

  // Prescribing and dispensing.
  t.create("/api/v1/prescriptions", allow({"doctor"}), prescriptions::create);
  t.add("GET", "/api/v1/prescriptions", allow({"doctor", "patient", "regulator"}), prescriptions::list);
  t.add("GET", "/api/v1/prescriptions/{id}", allow({"doctor", "patient", "regulator"}), prescriptions::get);
  t.add("GET", "/api/v1/prescriptions/{id}/qr.svg", allow({"doctor", "patient"}), prescriptions::qr);
  t.add("POST", "/api/v1/prescriptions/{id}/cancel", allow({"doctor"}), prescriptions::cancel);
  t.add("POST", "/api/v1/prescriptions/{id}/approve", allow({"regulator"}), prescriptions::approve);
  t.add("POST", "/api/v1/prescriptions/{id}/reject", allow({"regulator"}), prescriptions::reject);
  t.add("POST", "/api/v1/prescriptions/verify", allow({"pharmacist"}), prescriptions::verify);
  t.create("/api/v1/prescriptions/{id}/dispensations", allow({"pharmacist"}), prescriptions::dispense);
  t.add("GET", "/api/v1/prescriptions/{id}/dispensations", allow({"doctor", "patient", "pharmacist"}),
        prescriptions::dispensations);
  t.add("GET", "/api/v1/dispensations", allow({"pharmacist"}), prescriptions::pharmacy_dispensations);
  t.add("GET", "/api/v1/patients/{id}/prescriptions", allow({"doctor", "patient"}), prescriptions::patient_history);
  t.add("GET", "/api/v1/keys", open_access(), prescriptions::keys);

  // Audit log, patients' access log, regulator reports.
  t.add("GET", "/api/v1/audit", allow({"admin"}), audit::list);
  t.add("GET", "/api/v1/audit/verify", allow({"admin"}), audit::verify);
  t.add("GET", "/api/v1/patients/{id}/access-log", allow({"patient", "admin"}), audit::access_log);
  t.add("GET", "/api/v1/reports/summary", allow({"regulator", "admin"}), reports::summary);
  t.add("GET", "/api/v1/reports/summary.csv", allow({"regulator", "admin"}), reports::summary_csv);
  t.add("GET", "/api/v1/reports/trends", allow({"regulator", "admin"}), reports::trends);
  t.add("GET", "/api/v1/reports/providers", allow({"regulator", "admin"}), reports::providers);
  t.add("GET", "/api/v1/reports/controlled-alerts", allow({"regulator", "admin"}), reports::controlled_alerts);

  // Regulation (EDA) and integration.
  t.create("/api/v1/drugs", allow({"regulator"}), directory::create);
  t.add("PATCH", "/api/v1/drugs/{id}", allow({"regulator"}), directory::update);
  t.add("POST", "/api/v1/drugs/bulk", allow({"regulator"}), directory::bulk);
  t.create("/api/v1/recalls", allow({"regulator"}), recalls::create);
  t.add("GET", "/api/v1/recalls", allow({"regulator", "pharmacist", "doctor"}), recalls::list);
  t.add("GET", "/api/v1/recalls/{id}", allow({"regulator", "pharmacist", "doctor"}), recalls::get);
  t.create("/api/v1/adverse-events", allow({"doctor", "pharmacist"}), adverse_events::create);
  t.add("GET", "/api/v1/adverse-events", allow({"regulator"}), adverse_events::list);
  t.add("GET", "/api/v1/adverse-events/summary", allow({"regulator"}), adverse_events::summary);
  t.add("PATCH", "/api/v1/adverse-events/{id}", allow({"regulator"}), adverse_events::update);
  t.add("GET", "/api/v1/events", allow_with_key({"admin"}, "events:read"), events::feed);
  t.create("/api/v1/webhooks", allow({"admin"}), webhooks::create);
  t.add("GET", "/api/v1/webhooks", allow({"admin"}), webhooks::list);
  t.add("DELETE", "/api/v1/webhooks/{id}", allow({"admin"}), webhooks::remove);

  // Interoperability: the API description, its reference page, and FHIR R4 under /fhir/r4
  // (src/fhir/routes.cpp: the same authorization, answered as OperationOutcome).
  t.add("GET", "/api/v1/openapi.yaml", open_access(), openapi::spec, kInline);
  t.add("GET", "/docs", open_access(), openapi::docs_page, kInline);
  fhir::add_routes(router, app);

  if (app.config.test_hooks) {
    t.add("GET", "/__test/sleep", open_access(), test_hooks::sleep);
    t.add("POST", "/__test/clock", open_access(), test_hooks::clock);
  }

  return router;
}

}  // namespace hf::api
