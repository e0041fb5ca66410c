#pragma once
// POST /api/v1/prescriptions/check (API.md "Prescriptions"): the alerts clinical decision support
// raises for a proposed prescription; nothing is stored.

#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::api::check {

http::Response check(app::App& app, http::Request& req);

}  // namespace hf::api::check
