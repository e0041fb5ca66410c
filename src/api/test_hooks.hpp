#pragma once
// Endpoints that exist only with HF_TEST_HOOKS=1, for tests that need a controllable request.
#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::api::test_hooks {
http::Response sleep(app::App& app, http::Request& req);  // GET /__test/sleep?ms=N (N <= 10000)
// POST /__test/clock {"advance_ms": N}: moves the business clock (expiry, repeat intervals).
http::Response clock(app::App& app, http::Request& req);
}  // namespace hf::api::test_hooks
