#pragma once
// Idempotency-Key on every POST that creates something (API.md, DOMAIN.md "Dispensing"): a retry
// with the same key and body from the same caller gets the first answer and changes nothing; the
// same key with a different body is refused (422).
//
// The key is claimed (a row with status 0) before the handler runs, so two copies of one request
// arriving together cannot both act: the second waits briefly, then replays or gets 409. Answers
// of 5xx are not kept, so the client may retry them. Writes without a natural unique key record
// the path of their result on the claim in their own transaction (store/idempotency_repository), so
// a retry after the process died between that commit and storing the answer is told where the
// result is (409 idempotency-key-completed, Location) instead of doing the write twice.

#include <functional>

#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::api {

http::Response with_idempotency(app::App& app, http::Request& req, const std::function<http::Response()>& run);

}  // namespace hf::api
