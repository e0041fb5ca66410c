#pragma once
// Audit log endpoints (API.md "Audit and reports") and the patient access log (API.md "Patients").

#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::api::audit {

http::Response list(app::App& app, http::Request& req);        // GET /api/v1/audit (admin)
http::Response verify(app::App& app, http::Request& req);      // GET /api/v1/audit/verify (admin)
http::Response access_log(app::App& app, http::Request& req);  // GET /api/v1/patients/{id}/access-log

}  // namespace hf::api::audit
