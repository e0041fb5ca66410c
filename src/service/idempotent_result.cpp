#include "service/idempotent_result.hpp"

#include "store/idempotency_repository.hpp"

namespace hf::service {

Status record_idempotent_result(store::Connection& c, const http::Request& req, const std::string& result_path) {
  return store::record_idempotent_result(c, {req.idempotency_caller, req.idempotency_key, req.idempotency_claim_id},
                                         result_path);
}

}  // namespace hf::service
