#pragma once
// The Prescriptions section of API.md: create, read, list, cancel, approve/reject, QR, verify,
// dispense, dispensations, and the public signing keys.
#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::api::prescriptions {
http::Response create(app::App& app, http::Request& req);
http::Response get(app::App& app, http::Request& req);
http::Response list(app::App& app, http::Request& req);
http::Response cancel(app::App& app, http::Request& req);
http::Response approve(app::App& app, http::Request& req);
http::Response reject(app::App& app, http::Request& req);
http::Response qr(app::App& app, http::Request& req);
http::Response verify(app::App& app, http::Request& req);
http::Response dispense(app::App& app, http::Request& req);
http::Response dispensations(app::App& app, http::Request& req);
http::Response pharmacy_dispensations(app::App& app, http::Request& req);
http::Response patient_history(app::App& app, http::Request& req);
http::Response keys(app::App& app, http::Request& req);
}  // namespace hf::api::prescriptions
