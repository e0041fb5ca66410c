#pragma once
#include "domain/catalog/drug.hpp"
#include "fhir/common.hpp"

namespace hf::fhir {
json::object medication_to_fhir(const domain::Drug& d);
}  // namespace hf::fhir
