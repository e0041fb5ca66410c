#pragma once
// How prescriptions and dispensations look in answers (API.md "Prescriptions").
#include <boost/json.hpp>

#include <cstdint>

#include "domain/catalog/search_index.hpp"
#include "store/prescription_repository.hpp"

namespace hf::api {

struct PrescriptionView {
  bool include_token = true;     // the prescriber and the patient see the QR token
  bool include_patient = false;  // pharmacists: name and age to match, national ID masked
};

// What the answer depends on besides the prescription: the catalogue (product names) and the
// business clock (the effective status, the patient's age).
struct PrescriptionContext {
  const domain::SearchIndex& catalog;
  int64_t now = 0;
};

// A pure function of the read model: no query, no App.
boost::json::object prescription_json(const store::PrescriptionDetails& d, const PrescriptionContext& context,
                                      const PrescriptionView& view = {});
boost::json::object dispensation_json(const store::DispensationRecord& d);

}  // namespace hf::api
