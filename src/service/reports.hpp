#pragma once
// Regulator reports (DOMAIN.md "Reports for regulators"; indicator definitions in docs/reports.md).
// Figures come from the summary tables (migrations 0005 and 0007); patients and, for regulators,
// prescribers appear only as pseudonyms: a keyed hash (HMAC-SHA-256 with a key derived from the
// server secret), stable across reports, never reversible without the secret.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "domain/cds/knowledge_base.hpp"
#include "domain/result.hpp"
#include "store/report_repository.hpp"

namespace hf::service {

// At start-up, never waiting on a rebuild: on a database with nothing to summarise yet, stores the
// knowledge base's antibiotic ingredients (the first start). When they differ from those the
// summaries were built with and there are prescriptions, it only warns: an operator runs
// `healthflow reports rebuild`, and until then the summary reports answer 503.
Status sync_report_reference(app::App& app);

// The antibiotic ingredients the knowledge base marks (data/ingredients.csv, column antibiotic).
std::set<std::string> antibiotic_ingredients(const domain::KnowledgeBase& kb);

// `healthflow reports rebuild`: every summary table rebuilt from the raw tables in one transaction
// (writers wait on PostgreSQL; SQLite has one writer anyway). Answers how long it took.
Result<int64_t> rebuild_report_summaries(store::Database& db, const domain::KnowledgeBase& kb);

// Ok when the summaries were built with the knowledge base's antibiotic ingredients; otherwise an
// `unavailable` error naming the command that fixes it (the indicators would be wrong).
Status report_summaries_current(const app::App& app, store::Connection& c);

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
