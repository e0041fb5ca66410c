#include "store/api_key_repository.hpp"

#include <boost/json.hpp>

namespace hf::store {
namespace {

constexpr const char* kInsertKey =
    "INSERT INTO api_keys (id, name, facility_id, key_hash, key_prefix, permissions, created_by, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
constexpr const char* kKeyColumns =
    "SELECT id, name, facility_id, key_prefix, permissions, created_by, created_at, last_used_at, revoked_at "
    "FROM api_keys ";
constexpr const char* kRevokeKey = "UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
constexpr const char* kTouchKey = "UPDATE api_keys SET last_used_at = $2 WHERE id = $1";
constexpr const char* kInsertFacility =
    "INSERT INTO facilities (id, type, name, name_ar, license_no, governorate, address, status, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr const char* kFindFacility =
    "SELECT id, type, name, name_ar, license_no, governorate, address, status, created_at FROM facilities "
    "WHERE id = $1";
constexpr const char* kListFacilities =
    "SELECT id, type, name, name_ar, license_no, governorate, address, status, created_at FROM facilities "
    "WHERE ($1 = '' OR type = $1) AND id > $2 ORDER BY id LIMIT $3";

ApiKeyRecord key_from(const Row& r) {
  ApiKeyRecord k;
  k.id = r.text(0);
  k.name = r.text(1);
  k.facility_id = r.text(2);
  k.key_prefix = r.text(3);
  boost::system::error_code ec;
  auto v = boost::json::parse(r.text(4), ec);
  if (!ec && v.is_array())
    for (const auto& p : v.as_array())
      if (p.is_string()) k.permissions.emplace_back(p.as_string());
  k.created_by = r.text(5);
  k.created_at = r.integer(6);
  k.last_used_at = r.integer(7);
  k.revoked = !r.is_null(8);
  return k;
}

FacilityRecord facility_from(const Row& r) {
  return {r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7), r.integer(8)};
}

}  // namespace

Status insert_api_key(Connection& c, const ApiKeyRecord& k, const std::string& key_hash) {
  boost::json::array perms;
  for (const auto& p : k.permissions) perms.emplace_back(p);
  auto r = c.query(kInsertKey, {param(k.id), param(k.name), param(k.facility_id), param(key_hash), param(k.key_prefix),
                                param(boost::json::serialize(perms)), param(k.created_by), param(k.created_at)});
  if (!r) return r.error();
  return ok_status();
}

Result<std::optional<ApiKeyRecord>> find_api_key_by_hash(Connection& c, const std::string& key_hash) {
  auto r = c.query(std::string(kKeyColumns) + "WHERE key_hash = $1", {param(key_hash)});
  if (!r) return r.error();
  if (r->empty()) return std::optional<ApiKeyRecord>{};
  return std::optional<ApiKeyRecord>{key_from(r->first())};
}

Result<std::vector<ApiKeyRecord>> list_api_keys(Connection& c) {
  auto r = c.query(std::string(kKeyColumns) + "ORDER BY created_at DESC, id LIMIT 500");
  if (!r) return r.error();
  std::vector<ApiKeyRecord> out;
  for (const auto& row : r->rows) out.push_back(key_from(row));
  return out;
}

Result<bool> revoke_api_key(Connection& c, const std::string& id, int64_t now) {
  auto r = c.query(kRevokeKey, {param(id), param(now)});
  if (!r) return r.error();
  return r->affected == 1;
}

Status touch_api_key(Connection& c, const std::string& id, int64_t now) {
  auto r = c.query(kTouchKey, {param(id), param(now)});
  if (!r) return r.error();
  return ok_status();
}

Status insert_facility(Connection& c, const FacilityRecord& f) {
  auto r = c.query(kInsertFacility, {param(f.id), param(f.type), param(f.name), param(f.name_ar), param(f.license_no),
                                     param(f.governorate), param(f.address), param(f.status), param(f.created_at)});
  if (!r) return r.error();
  return ok_status();
}

Result<std::optional<FacilityRecord>> find_facility(Connection& c, const std::string& id) {
  auto r = c.query(kFindFacility, {param(id)});
  if (!r) return r.error();
  if (r->empty()) return std::optional<FacilityRecord>{};
  return std::optional<FacilityRecord>{facility_from(r->first())};
}

Result<std::vector<FacilityRecord>> list_facilities(Connection& c, const std::string& type, int limit,
                                                    const std::string& after_id) {
  auto r = c.query(kListFacilities, {param(type), param(after_id), param(limit)});
  if (!r) return r.error();
  std::vector<FacilityRecord> out;
  for (const auto& row : r->rows) out.push_back(facility_from(row));
  return out;
}

}  // namespace hf::store
