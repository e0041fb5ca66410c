#pragma once
// Who may call an endpoint, declared next to it in the route table (STYLE.md "One route table").
// Object-level checks (is this patient's record yours?) stay in the service, which answers 404.

#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "domain/result.hpp"
#include "http/message.hpp"

namespace hf::api {

struct Access {
  bool open = false;               // no authentication at all
  std::vector<std::string> roles;  // empty and !open: any signed-in caller
  std::string api_key_permission;  // non-empty: an integrator key with this permission may call too

  bool permits(const http::Caller& c) const;
};

inline Access open_access() {
  return Access{true, {}, {}};
}
inline Access any_user() {
  return Access{false, {}, {}};
}
Access allow(std::initializer_list<const char*> roles);
Access allow_with_key(std::initializer_list<const char*> roles, std::string permission);

// Resolves the caller from Authorization: Bearer (JWT) or X-API-Key. 401 on anything wrong.
Result<http::Caller> authenticate(app::App& app, const http::Request& req);

}  // namespace hf::api
