#pragma once
// Regulator reports (DOMAIN.md "Reports for regulators"; indicator definitions in docs/reports.md).
// Figures come from the daily summary tables (migration 0005); patients and, for regulators,
// prescribers appear only as pseudonyms: a keyed hash (HMAC-SHA-256 with a key derived from the
// server secret), stable across reports, never reversible without the secret.

#include <optional>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "domain/result.hpp"
#include "store/report_repository.hpp"

namespace hf::service {

// At start-up: stores the knowledge base's antibiotic ingredients and, when they changed since the
// last start (or on the first start), rebuilds the summaries from the raw tables.
Status sync_report_reference(app::App& app);

// "PT-" + 16 hex digits for a patient, "PR-" + 16 for a prescriber.
std::string pseudonym(const app::App& app, const std::string& kind, const std::string& id);

struct Indicator {
  const char* key;
  double value = 0;  // rounded to 2 decimals; 0 when the denominator is 0
  int64_t numerator = 0;
  int64_t denominator = 0;
  const char* definition;
};
std::vector<Indicator> who_indicators(const store::ReportCounts& c);

struct ControlledAlertReport {
  int64_t from_ms = 0, to_ms = 0;
  std::vector<store::ControlledRow> rows;  // patient_id already replaced by its pseudonym
};
Result<ControlledAlertReport> controlled_alerts(app::App& app, int64_t to_ms);

}  // namespace hf::service
