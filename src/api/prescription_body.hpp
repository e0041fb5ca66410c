#pragma once
// The body of POST /api/v1/prescriptions/check and POST /api/v1/prescriptions (API.md
// "Prescriptions"), parsed and validated into a service::PrescriptionDraft, and the alerts written
// back as JSON. Shared by both endpoints so that they accept exactly the same items.

#include <boost/json.hpp>
#include <vector>

#include "domain/catalog/search_index.hpp"
#include "domain/cds/engine.hpp"
#include "domain/result.hpp"
#include "service/prescription_draft.hpp"

namespace hf::api {

struct PrescriptionBodyOptions {
  bool allow_overrides = false;  // POST /prescriptions: "overrides" and "totp" are read
};

// 400 (ErrorKind::invalid) for missing fields and wrong types, 422 (rule_broken) for valid JSON
// that breaks a rule: 1-10 items, an unknown or no longer prescribable drug_id, a sig the domain
// refuses, repeats without an interval. Field errors name the path: "items[0].quantity".
Result<service::PrescriptionDraft> parse_prescription_body(const boost::json::object& body,
                                                           const domain::SearchIndex& catalogue,
                                                           const PrescriptionBodyOptions& options = {});

// [{"severity","kind","message","message_ar","items":[indices],"active_drug_ids":[..],"blocking"}]
boost::json::array alerts_json(const std::vector<domain::Alert>& alerts);

}  // namespace hf::api
