#include "service/rate_limit_policy.hpp"

#include <chrono>

namespace hf::service {
namespace {

bool limited_path(const std::string& p) {
  return p.rfind("/api/", 0) == 0 || p.rfind("/fhir/", 0) == 0;
}

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int64_t rate_limit_for(const app::Config& c, const http::Caller& caller) {
  if (!caller.authenticated()) return c.rate_limit_anon;
  if (caller.kind == "api_key") return c.rate_limit_integrator;
  if (caller.role == "patient") return c.rate_limit_patient;
  if (caller.role == "doctor" || caller.role == "pharmacist") return c.rate_limit_professional;
  return c.rate_limit_admin;  // admin, regulator, facility_admin
}

std::string rate_limit_key(const http::Request& req) {
  if (!req.caller.authenticated()) return "ip:" + req.remote_ip;
  return (req.caller.kind == "api_key" ? "key:" : "user:") + req.caller.id;
}

RateDecision admit_request(app::App& app, const http::Request& req) {
  if (!app.config.rate_limits || !app.rate_limiter || !limited_path(req.path)) return {};
  return app.rate_limiter->hit(rate_limit_key(req), rate_limit_for(app.config, req.caller), wall_ms());
}

Error rate_limit_error(const RateDecision& d) {
  return Error::rate_limited("Too many requests: the limit is " + std::to_string(d.limit) + " an hour. Try again in " +
                                 std::to_string(d.reset_seconds) + " seconds.",
                             static_cast<int>(d.reset_seconds));
}

std::optional<RateDecision> rate_limit_standing(app::App& app, const http::Request& req) {
  if (!app.config.rate_limits || !app.rate_limiter || !limited_path(req.path)) return std::nullopt;
  return app.rate_limiter->peek(rate_limit_key(req), rate_limit_for(app.config, req.caller), wall_ms());
}

}  // namespace hf::service
