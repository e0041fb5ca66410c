#pragma once
// POST/GET /api/v1/adverse-events, GET /api/v1/adverse-events/summary,
// PATCH /api/v1/adverse-events/{id} (API.md "Regulation (EDA)").

#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::api::adverse_events {

http::Response create(app::App& app, http::Request& req);
http::Response list(app::App& app, http::Request& req);     // with "summary": counts by product and seriousness
http::Response summary(app::App& app, http::Request& req);  // the counts alone
http::Response update(app::App& app, http::Request& req);

}  // namespace hf::api::adverse_events
