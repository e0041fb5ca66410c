#include "store/directory_repository.hpp"
#include "store/drug_repository.hpp"

#include <boost/json.hpp>

namespace hf::store {
namespace {

namespace json = boost::json;

constexpr const char* kSelectDrug =
    "SELECT id, registration_no, trade_name, trade_name_ar, ingredients, form, route, pack_size, pack_unit, "
    "price_piastres, atc_code, controlled_schedule, essential, requires_approval, popularity, status "
    "FROM drugs WHERE id = $1";
constexpr const char* kFindIdByRegistration = "SELECT id FROM drugs WHERE registration_no = $1";
constexpr const char* kSetStatus = "UPDATE drugs SET status = $2, updated_at = $3 WHERE id = $1";
constexpr const char* kBumpVersion =
    "INSERT INTO settings (name, value, updated_at) VALUES ('catalogue_version', '1', $1) "
    "ON CONFLICT (name) DO UPDATE SET value = CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT), updated_at = $1";
constexpr const char* kFingerprint =
    "SELECT (SELECT value FROM settings WHERE name = 'catalogue_version'), COUNT(*), MAX(updated_at) FROM drugs";

}  // namespace

Result<std::optional<domain::Drug>> find_drug(Connection& conn, const std::string& id) {
  auto r = conn.query(kSelectDrug, {param(id)});
  if (!r) return r.error();
  if (r->empty()) return std::optional<domain::Drug>{};
  auto d = drug_from_row(r->first());
  if (!d) return d.error();
  return std::optional<domain::Drug>{std::move(d).value()};
}

Result<std::optional<std::string>> find_drug_id_by_registration(Connection& conn, const std::string& registration_no) {
  auto r = conn.query(kFindIdByRegistration, {param(registration_no)});
  if (!r) return r.error();
  if (r->empty()) return std::optional<std::string>{};
  return std::optional<std::string>{r->first().text(0)};
}

Status set_drug_status(Connection& conn, const std::string& id, domain::DrugStatus status, int64_t now_ms) {
  auto r = conn.query(kSetStatus, {param(id), param(domain::to_string(status)), param(now_ms)});
  if (!r) return r.error();
  return ok_status();
}

Status bump_catalogue_version(Connection& conn, int64_t now_ms) {
  auto r = conn.query(kBumpVersion, {param(now_ms)});
  if (!r) return r.error();
  return ok_status();
}

Result<std::string> catalogue_fingerprint(Connection& conn) {
  auto r = conn.query(kFingerprint);
  if (!r) return r.error();
  const Row& row = r->first();
  return row.text(0) + "/" + std::to_string(row.integer(1)) + "/" + std::to_string(row.integer(2));
}

}  // namespace hf::store
