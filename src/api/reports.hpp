#pragma once
// Regulator reports (API.md "Audit and reports"): regulator and admin only (route table).

#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::api::reports {

http::Response summary(app::App& app, http::Request& req);            // GET /api/v1/reports/summary
http::Response summary_csv(app::App& app, http::Request& req);        // GET /api/v1/reports/summary.csv
http::Response trends(app::App& app, http::Request& req);             // GET /api/v1/reports/trends
http::Response providers(app::App& app, http::Request& req);          // GET /api/v1/reports/providers
http::Response controlled_alerts(app::App& app, http::Request& req);  // GET /api/v1/reports/controlled-alerts

}  // namespace hf::api::reports
