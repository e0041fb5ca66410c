#pragma once
// Suspected adverse drug reactions (DOMAIN.md "Medicine directory, recalls and adverse events"):
// doctors and pharmacists report, regulators triage received -> under_review -> closed and see
// counts by product and seriousness. Reports carry no patient name or national ID.

#include <string>
#include <vector>

#include "app/app.hpp"
#include "domain/result.hpp"
#include "http/message.hpp"
#include "store/adverse_event_repository.hpp"

namespace hf::service {

const std::vector<std::string>& age_bands();  // "0-1", "2-11", "12-17", "18-44", "45-64", "65+"

// Validates the values (422 with field errors), stores, audits, records adverse_event.reported.
Result<store::AdverseEventRecord> report_adverse_event(app::App& app, const http::Request& req,
                                                       store::AdverseEventRecord in);
Result<std::vector<store::AdverseEventRecord>> list_adverse_events(app::App& app, const store::AdverseEventFilter& f,
                                                                   int limit, int offset);
Result<std::vector<store::AdverseEventCount>> adverse_event_counts(app::App& app, const store::AdverseEventFilter& f);
// One step forward at a time; anything else is 409 naming the current state.
Result<store::AdverseEventRecord> move_adverse_event(app::App& app, const http::Request& req, const std::string& id,
                                                     const std::string& to);

}  // namespace hf::service
