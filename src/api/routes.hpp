#pragma once
#include "app/app.hpp"
#include "http/router.hpp"

namespace hf::api {

// The one route table: every endpoint, who may call it, and its handler.
http::Router build_routes(app::App& app);

}  // namespace hf::api
