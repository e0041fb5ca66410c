#pragma once
// A write records where its result is on the request's Idempotency-Key claim (api/idempotency.cpp),
// inside the write's own transaction, so that a retry after a crash between that commit and the
// answer is told where the result is instead of writing again.

#include <string>

#include "domain/result.hpp"
#include "http/message.hpp"
#include "store/database.hpp"

namespace hf::service {

// Nothing to record when the request sent no key. A conflict when this attempt's claim was taken
// over by a retry: the caller's transaction rolls back.
Status record_idempotent_result(store::Connection& c, const http::Request& req, const std::string& result_path);

}  // namespace hf::service
