#pragma once
// Facilities, staff and patient accounts, API keys (API.md "Identity"). Every change is audited
// and recorded as an event in the same transaction.

#include <optional>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "http/message.hpp"
#include "store/api_key_repository.hpp"
#include "store/user_repository.hpp"

namespace hf::service {

inline const std::vector<std::string>& roles() {
  static const std::vector<std::string> kRoles{"doctor",         "pharmacist", "patient",
                                               "facility_admin", "admin",      "regulator"};
  return kRoles;
}
// What an integrator key may be allowed to do.
const std::vector<std::string>& api_key_permissions();

struct NewUser {
  store::UserRecord user;  // id, hash, status filled by create_user
  std::string password;
};

Result<store::FacilityRecord> create_facility(app::App& app, const http::Request& req, store::FacilityRecord f);
Result<std::vector<store::FacilityRecord>> list_facilities(app::App& app, const std::string& type, int limit,
                                                           const std::string& after);
// Validates role rules (licence, facilities, patient link), the password policy, uniqueness.
Result<store::UserRecord> create_user(app::App& app, const http::Request* req, NewUser in);
Result<store::UserRecord> set_user_status(app::App& app, const http::Request& req, const std::string& id,
                                          const std::string& status);
Result<std::vector<store::UserRecord>> list_users(app::App& app, const http::Request& req, store::UserFilter f);

struct IssuedKey {
  store::ApiKeyRecord record;
  std::string key;  // shown once
};
Result<IssuedKey> create_api_key(app::App& app, const http::Request& req, store::ApiKeyRecord k);
Result<std::vector<store::ApiKeyRecord>> list_api_keys(app::App& app);
Status revoke_api_key(app::App& app, const http::Request& req, const std::string& id);

// A governorate given as its two-digit code, English or Arabic name; the canonical code or nothing.
std::optional<std::string> governorate_code(const std::string& given);

}  // namespace hf::service
