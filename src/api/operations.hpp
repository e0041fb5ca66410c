#pragma once
// GET /health, /version, /metrics (API.md "Operations"): no /api/v1 prefix, no authentication.

#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::api::operations {

http::Response health(app::App& app, http::Request& req);
http::Response version(app::App& app, http::Request& req);
http::Response metrics(app::App& app, http::Request& req);

}  // namespace hf::api::operations
