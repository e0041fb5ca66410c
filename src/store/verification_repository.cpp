#include "store/verification_repository.hpp"

namespace hf::store {
namespace {

// One statement, atomic on both backends (SQLite 3.24+ and PostgreSQL share ON CONFLICT). The
// later time wins, so a verification answered out of order never moves the window back.
constexpr const char* kUpsert =
    "INSERT INTO prescription_verifications (prescription_id, facility_id, verified_by, verified_at) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (prescription_id, facility_id) DO UPDATE SET "
    "verified_by = excluded.verified_by, verified_at = excluded.verified_at "
    "WHERE excluded.verified_at >= prescription_verifications.verified_at";
constexpr const char* kLast =
    "SELECT verified_at FROM prescription_verifications WHERE prescription_id = $1 AND facility_id = $2";

}  // namespace

Status record_verification(Connection& c, const std::string& prescription_id, const std::string& facility_id,
                           const std::string& verified_by, int64_t verified_at) {
  auto q = c.query(kUpsert, {param(prescription_id), param(facility_id), param(verified_by), param(verified_at)});
  if (!q) return q.error();
  return ok_status();
}

Result<std::optional<int64_t>> last_verification(Connection& c, const std::string& prescription_id,
                                                 const std::string& facility_id) {
  auto q = c.query(kLast, {param(prescription_id), param(facility_id)});
  if (!q) return q.error();
  if (q->empty()) return std::optional<int64_t>{};
  return std::optional<int64_t>{q->first().integer(0)};
}

}  // namespace hf::store
