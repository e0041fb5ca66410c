#pragma once
// How prescriptions and dispensations look in answers (API.md "Prescriptions").
#include <boost/json.hpp>

#include "app/app.hpp"
#include "store/prescription_repository.hpp"

namespace hf::api {

struct PrescriptionView {
  bool include_token = true;     // the prescriber and the patient see the QR token
  bool include_patient = false;  // pharmacists: name and age to match, national ID masked
};

boost::json::object prescription_json(app::App& app, const store::PrescriptionRecord& p,
                                      const PrescriptionView& view = {});
boost::json::object dispensation_json(const store::DispensationRecord& d);

}  // namespace hf::api
