#pragma once
// POST /api/v1/patients, GET /api/v1/patients?national_id=, GET /api/v1/patients/{id}
// (API.md "Patients").

#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::api::patients {

http::Response create(app::App& app, http::Request& req);
http::Response find(app::App& app, http::Request& req);
http::Response get(app::App& app, http::Request& req);

}  // namespace hf::api::patients
