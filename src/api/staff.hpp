#pragma once
// Facilities, users and integrator API keys (admin side of API.md "Identity").
#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::api::staff {
http::Response create_facility(app::App& app, http::Request& req);
http::Response list_facilities(app::App& app, http::Request& req);
http::Response create_user(app::App& app, http::Request& req);
http::Response update_user(app::App& app, http::Request& req);
http::Response list_users(app::App& app, http::Request& req);
http::Response create_api_key(app::App& app, http::Request& req);
http::Response list_api_keys(app::App& app, http::Request& req);
http::Response revoke_api_key(app::App& app, http::Request& req);
}  // namespace hf::api::staff
