#pragma once
#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::api::auth {
http::Response login(app::App& app, http::Request& req);
http::Response refresh(app::App& app, http::Request& req);
http::Response logout(app::App& app, http::Request& req);
http::Response me(app::App& app, http::Request& req);
http::Response totp_enroll(app::App& app, http::Request& req);
http::Response totp_confirm(app::App& app, http::Request& req);
}  // namespace hf::api::auth
