#include "api/openapi.hpp"

namespace hf::api::openapi {

http::Response spec(app::App&, http::Request&) {
  http::Response r;
  r.content_type = "application/yaml; charset=utf-8";
  r.body = kOpenApiYaml;
  r.set_header("Cache-Control", "public, max-age=300");
  return r;
}

http::Response docs_page(app::App&, http::Request&) {
  http::Response r;
  r.content_type = "text/html; charset=utf-8";
  r.body = kDocsHtml;
  r.set_header("Cache-Control", "public, max-age=300");
  return r;
}

}  // namespace hf::api::openapi
