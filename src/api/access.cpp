#include "api/access.hpp"

#include <algorithm>

namespace hf::api {

Access allow(std::initializer_list<const char*> roles) {
  Access a;
  for (const char* r : roles) a.roles.emplace_back(r);
  return a;
}

Access allow_with_key(std::initializer_list<const char*> roles, std::string permission) {
  Access a = allow(roles);
  a.api_key_permission = std::move(permission);
  return a;
}

bool Access::permits(const http::Caller& c) const {
  if (open) return true;
  if (!c.authenticated()) return false;
  if (c.kind == "api_key") {
    return !api_key_permission.empty() &&
           std::find(c.permissions.begin(), c.permissions.end(), api_key_permission) != c.permissions.end();
  }
  return roles.empty() || std::find(roles.begin(), roles.end(), c.role) != roles.end();
}

}  // namespace hf::api
