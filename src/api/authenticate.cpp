#include "api/access.hpp"

namespace hf::api {

// Identity (issue 3) replaces this with JWT and API-key verification; until then no credential
// is accepted, so every protected route answers 401.
Result<http::Caller> authenticate(app::App&, const http::Request&) {
  return Error::unauthorized("Sign in first: send Authorization: Bearer <access token>.");
}

}  // namespace hf::api
