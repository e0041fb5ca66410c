#pragma once
// The API description: GET /api/v1/openapi.yaml serves docs/api/openapi.yaml and GET
// /docs a reference page rendered from it. Both are compiled in (src/api/openapi_document.cpp,
// written by docs/api/embed-openapi.mjs; tests/api/openapi.test.mjs fails when it is stale), so a
// deployed binary always describes itself.

#include "app/app.hpp"
#include "http/message.hpp"

namespace hf::api::openapi {

http::Response spec(app::App& app, http::Request& req);
http::Response docs_page(app::App& app, http::Request& req);

// Defined in the generated openapi_document.cpp.
extern const char* const kOpenApiYaml;
extern const char* const kDocsHtml;

}  // namespace hf::api::openapi
