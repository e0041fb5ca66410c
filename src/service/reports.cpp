#include "service/reports.hpp"

#include <algorithm>
#include <cmath>

#include "security/digest.hpp"
#include "security/encoding.hpp"
#include "store/report_rebuild.hpp"

namespace hf::service {
namespace {

double ratio(int64_t num, int64_t den, double scale) {
  if (den == 0) return 0;
  return std::round(static_cast<double>(num) * scale / static_cast<double>(den) * 100.0) / 100.0;
}

}  // namespace

std::set<std::string> antibiotic_ingredients(const domain::KnowledgeBase& kb) {
  std::set<std::string> out;
  for (const auto& i : kb.ingredients()) {
    if (i.antibiotic) out.insert(i.name);
  }
  return out;
}

Status sync_report_reference(app::App& app) {
  const auto wanted = antibiotic_ingredients(app.catalog->knowledge());
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  auto stored = store::stored_antibiotic_ingredients(**lease);
  if (!stored) return stored.error();
  if (*stored == wanted) return ok_status();
  auto any = store::report_source_rows_exist(**lease);
  if (!any) return any.error();
  if (*any) {
    // A rebuild of a national database takes minutes: never on the way to serving.
    app.log->warn(
        "report summaries out of date: the knowledge base's antibiotic ingredients changed; run "
        "`healthflow reports rebuild` (summary reports answer 503 until then)",
        {{"antibiotic_ingredients", static_cast<int64_t>(wanted.size())}});
    return ok_status();
  }
  if (auto s = store::rebuild_report_summaries(**lease, wanted); !s) return s;
  return tx->commit();
}

Result<int64_t> rebuild_report_summaries(store::Database& db, const domain::KnowledgeBase& kb) {
  const int64_t started = now_ms();
  auto lease = db.acquire();
  if (!lease) return lease.error();
  auto tx = store::Transaction::begin(**lease);
  if (!tx) return tx.error();
  if (auto s = store::rebuild_report_summaries(**lease, antibiotic_ingredients(kb)); !s) return s.error();
  if (auto s = tx->commit(); !s) return s.error();
  return now_ms() - started;
}

Status report_summaries_current(const app::App& app, store::Connection& c) {
  auto stored = store::stored_antibiotic_ingredients(c);
  if (!stored) return stored.error();
  if (*stored == antibiotic_ingredients(app.catalog->knowledge())) return ok_status();
  return Error::unavailable(
      "Report summaries are out of date (the antibiotic ingredients changed); an operator must run "
      "`healthflow reports rebuild`.");
}

std::string pseudonym(const app::App& app, const std::string& kind, const std::string& id) {
  // A key of its own, derived from the server secret with a distinct label, so pseudonyms never
  // collide with any other use of the secret (tokens, CSRF).
  static const std::string kLabel = "healthflow/report-pseudonym/v1";
  const auto key = security::hmac_sha256(security::as_bytes(app.config.jwt_secret), security::as_bytes(kLabel));
  const std::string mac = security::hmac_sha256_hex(key, security::as_bytes(kind + ":" + id));
  return (kind == "patient" ? "PT-" : "PR-") + mac.substr(0, 16);
}

std::vector<Indicator> who_indicators(const store::ReportCounts& c) {
  return {
      {"avg_drugs_per_prescription", ratio(c.items, c.prescriptions, 1), c.items, c.prescriptions,
       "Average number of drugs per prescription: prescription items / prescriptions (WHO/INRUD 1)."},
      {"pct_generic", ratio(c.generic_items, c.items, 100), c.generic_items, c.items,
       "% of drugs prescribed by generic name: items where the prescriber allowed generic substitution, or whose "
       "product is named by its single active ingredient (INN), / items (WHO/INRUD 2)."},
      {"pct_antibiotic", ratio(c.antibiotic_prescriptions, c.prescriptions, 100), c.antibiotic_prescriptions,
       c.prescriptions,
       "% of prescriptions with an antibiotic: prescriptions with at least one item containing an ingredient the "
       "knowledge base marks as an antibiotic (data/ingredients.csv) / prescriptions (WHO/INRUD 3)."},
      {"pct_injection", ratio(c.injection_prescriptions, c.prescriptions, 100), c.injection_prescriptions,
       c.prescriptions,
       "% of prescriptions with an injection: prescriptions with at least one item whose form is injection or "
       "infusion or whose route is iv, im or sc / prescriptions (WHO/INRUD 4)."},
      {"pct_essential", ratio(c.essential_items, c.items, 100), c.essential_items, c.items,
       "% of drugs from the essential medicines list: items whose product is on the list (drugs.essential) / items "
       "(WHO/INRUD 5)."},
  };
}

Result<ControlledAlertReport> controlled_alerts(app::App& app, int64_t to_ms) {
  ControlledAlertReport out;
  out.to_ms = to_ms;
  out.from_ms = to_ms - static_cast<int64_t>(app.config.controlled_alert_days) * 86'400'000;
  // A controlled prescription can only be dispensed while valid, so dispensations in the window
  // belong to prescriptions issued at most that long before it.
  const int64_t issued_since = out.from_ms - static_cast<int64_t>(app.config.controlled_validity_days) * 86'400'000;
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  auto rows = store::report_controlled(**lease, out.from_ms, to_ms, issued_since,
                                       app.config.controlled_alert_prescribers, app.config.controlled_alert_pharmacies);
  if (!rows) return rows.error();
  out.rows = std::move(rows).value();
  for (auto& r : out.rows) r.patient_id = pseudonym(app, "patient", r.patient_id);
  std::sort(out.rows.begin(), out.rows.end(), [](const auto& a, const auto& b) {
    return std::max(a.prescribers, a.pharmacies) != std::max(b.prescribers, b.pharmacies)
               ? std::max(a.prescribers, a.pharmacies) > std::max(b.prescribers, b.pharmacies)
               : a.patient_id < b.patient_id;
  });
  return out;
}

}  // namespace hf::service
