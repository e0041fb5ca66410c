#pragma once
// POST/GET /api/v1/recalls, GET /api/v1/recalls/{id} (API.md "Regulation (EDA)").

#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::api::recalls {

http::Response create(app::App& app, http::Request& req);
http::Response list(app::App& app, http::Request& req);
http::Response get(app::App& app, http::Request& req);

}  // namespace hf::api::recalls
