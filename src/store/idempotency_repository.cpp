#include "store/idempotency_repository.hpp"

namespace hf::store {
namespace {

constexpr const char* kRecord =
    "UPDATE idempotency_keys SET result_path = $4 WHERE caller = $1 AND idem_key = $2 AND claim_id = $3 AND status = 0";

}  // namespace

Status record_idempotent_result(Connection& c, const IdempotencyClaim& claim, const std::string& result_path) {
  if (claim.key.empty()) return ok_status();
  auto r = c.query(kRecord, {param(claim.caller), param(claim.key), param(claim.id), param(result_path)});
  if (!r) return r.error();
  if (r->affected != 1) {
    return Error::conflict(
        "This request took so long that a retry with the same Idempotency-Key took it over; this attempt "
        "changed nothing.");
  }
  return ok_status();
}

}  // namespace hf::store
