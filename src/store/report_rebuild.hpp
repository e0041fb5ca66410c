#pragma once
// Rebuilding the report summaries (migrations 0005 and 0007) from the raw tables: after a bulk load
// that bypassed the triggers, or when the knowledge base's antibiotic ingredients changed. Run by
// `healthflow reports rebuild`, never on the serving path (docs/runbook.md "Report summaries").

#include <set>
#include <string>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

// The knowledge base's antibiotic ingredients as the summaries were last built with.
Result<std::set<std::string>> stored_antibiotic_ingredients(Connection& c);

// Whether there is anything to summarise (a prescription or a dispensation).
Result<bool> report_source_rows_exist(Connection& c);

// Replaces the stored antibiotic ingredients and rebuilds every summary table from the raw tables,
// in the caller's transaction. On PostgreSQL it first locks the raw tables against writes
// (readers go on) so that no prescription is counted twice or missed; SQLite's write transaction
// already excludes other writers.
Status rebuild_report_summaries(Connection& c, const std::set<std::string>& antibiotic_ingredients);

}  // namespace hf::store
