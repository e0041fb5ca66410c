#pragma once
#include <cstdint>

#include "domain/catalog/search_index.hpp"
#include "fhir/common.hpp"
#include "store/prescription_repository.hpp"

namespace hf::fhir {
// One MedicationRequest per prescription item; groupIdentifier is the prescription code. A pure
// function of the prescription, the catalogue (product names) and the business clock (`now`).
json::object medication_request_to_fhir(const domain::SearchIndex& catalog, int64_t now,
                                        const store::PrescriptionRecord& p, const store::ItemRecord& item);
// Our prescription status (as of now) as a MedicationRequest status.
std::string medication_request_status(const std::string& effective_status);
}  // namespace hf::fhir
