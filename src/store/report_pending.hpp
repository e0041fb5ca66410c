#pragma once
// Report summaries from the committed batch (migration 0014, docs/reports.md). A new prescription
// is marked pending in its own transaction; fold_pending_reports() adds every pending prescription
// and its items to report_daily, report_prescriber_daily and report_ingredient_daily with one
// statement per table, and is run once per group commit, just before it commits. The rollups of
// migration 0007 follow from the daily tables as before, once per summary row the batch touched.
// SQLite only: on PostgreSQL every unit commits on its own, and the row triggers stay cheaper.

#include <string>

#include "domain/result.hpp"
#include "store/database.hpp"

namespace hf::store {

// Before the prescription's rows are inserted: its row triggers then stand aside.
Status mark_report_pending(Connection& c, const std::string& prescription_id);
// Inside the batch's transaction, after its units; nothing to do costs one point read.
Status fold_pending_reports(Connection& c);

}  // namespace hf::store
