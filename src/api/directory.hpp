#pragma once
// POST /api/v1/drugs, PATCH /api/v1/drugs/{id}, POST /api/v1/drugs/bulk (API.md "Regulation
// (EDA)"): the regulator's side of the drug catalogue.

#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::api::directory {

http::Response create(app::App& app, http::Request& req);
http::Response update(app::App& app, http::Request& req);
http::Response bulk(app::App& app, http::Request& req);

}  // namespace hf::api::directory
