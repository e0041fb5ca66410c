#pragma once
// POST/GET /api/v1/webhooks, DELETE /api/v1/webhooks/{id} (API.md "Regulation (EDA)").

#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::api::webhooks {

http::Response create(app::App& app, http::Request& req);
http::Response list(app::App& app, http::Request& req);
http::Response remove(app::App& app, http::Request& req);

}  // namespace hf::api::webhooks
