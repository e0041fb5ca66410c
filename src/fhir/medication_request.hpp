#pragma once
#include "app/app.hpp"
#include "fhir/common.hpp"
#include "store/prescription_repository.hpp"

namespace hf::fhir {
// One MedicationRequest per prescription item; groupIdentifier is the prescription code.
json::object medication_request_to_fhir(const app::App& app, const store::PrescriptionRecord& p,
                                        const store::ItemRecord& item);
// Our prescription status (as of now) as a MedicationRequest status.
std::string medication_request_status(const std::string& effective_status);
}  // namespace hf::fhir
