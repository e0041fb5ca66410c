#pragma once
// Which quota applies to a request (API.md "Conventions": rate limits per caller, settings per
// role; docs/architecture/rate-limits.md). Used by the route table (admit) and the pipeline
// (the X-RateLimit-* headers of every API answer).

#include <optional>
#include <string>

#include "app/app.hpp"
#include "http/message.hpp"
#include "service/rate_limit.hpp"

namespace hf::service {

// Per hour: RATE_LIMIT_ANON (by address), _PATIENT, _PROFESSIONAL (doctor, pharmacist), _ADMIN
// (admin, regulator, facility_admin), _INTEGRATOR (API keys).
int64_t rate_limit_for(const app::Config& config, const http::Caller& caller);
// "user:<id>", "key:<id>" or "ip:<address>".
std::string rate_limit_key(const http::Request& req);

// Counts the request; allowed is true when limits are off or the path is not an API path.
RateDecision admit_request(app::App& app, const http::Request& req);
// 429 with Retry-After until the window ends.
Error rate_limit_error(const RateDecision& d);
// The caller's standing for the headers; nullopt when no quota applies.
std::optional<RateDecision> rate_limit_standing(app::App& app, const http::Request& req);

}  // namespace hf::service
