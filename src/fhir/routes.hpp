#pragma once
// The FHIR R4 endpoints, registered into the one router by api/routes.cpp.

#include "app/app.hpp"
#include "http/router.hpp"

namespace hf::fhir {

// /fhir/r4/...: metadata (open), read and search (a doctor, or an API key with fhir:read), the
// transaction (a doctor, or a key with fhir:write). Every error is an OperationOutcome.
void add_routes(http::Router& router, app::App& app);

}  // namespace hf::fhir
