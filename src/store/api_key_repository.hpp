#pragma once
// Integrator API keys (stored as SHA-256 hashes) and facilities.

#include <optional>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

struct ApiKeyRecord {
  std::string id, name, facility_id, key_prefix, created_by;
  std::vector<std::string> permissions;
  int64_t created_at = 0;
  int64_t last_used_at = 0;  // 0 = never
  bool revoked = false;
};

Status insert_api_key(Connection& c, const ApiKeyRecord& k, const std::string& key_hash);
Result<std::optional<ApiKeyRecord>> find_api_key_by_hash(Connection& c, const std::string& key_hash);
Result<std::vector<ApiKeyRecord>> list_api_keys(Connection& c);
Result<bool> revoke_api_key(Connection& c, const std::string& id, int64_t now);
Status touch_api_key(Connection& c, const std::string& id, int64_t now);

struct FacilityRecord {
  std::string id, type, name, name_ar, license_no, governorate, address, status = "active";
  int64_t created_at = 0;
};
Status insert_facility(Connection& c, const FacilityRecord& f);
Result<std::optional<FacilityRecord>> find_facility(Connection& c, const std::string& id);
Result<std::vector<FacilityRecord>> list_facilities(Connection& c, const std::string& type, int limit,
                                                    const std::string& after_id);

}  // namespace hf::store
