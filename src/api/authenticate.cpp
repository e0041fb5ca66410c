#include "api/access.hpp"
#include "service/identity.hpp"

namespace hf::api {

Result<http::Caller> authenticate(app::App& app, const http::Request& req) {
  return service::authenticate_request(app, req);
}

}  // namespace hf::api
