#include "service/clinical_check.hpp"

#include "domain/date.hpp"
#include "service/audit_log.hpp"
#include "store/patient_repository.hpp"

namespace hf::service {

Result<domain::PatientContext> patient_context(store::Connection& conn, const Catalog& catalog,
                                               const std::string& patient_id, int64_t now_ms,
                                               const std::string& except_prescription_id) {
  auto found = store::find_patient(conn, patient_id);
  if (!found) return found.error();
  if (!*found) return Error::rule("The patient is not registered.", {{"patient_id", "is not a registered patient"}});
  const store::PatientRow& p = **found;
  domain::PatientContext ctx;
  if (auto birth = domain::parse_iso_date(p.birth_date)) {
    const domain::Date today = domain::date_of(now_ms);
    const int years = domain::age_in_years(*birth, today);
    // Fractional years so that "under 8" style limits are exact for young children.
    const double days = static_cast<double>(domain::days_from_civil(today) - domain::days_from_civil(*birth));
    ctx.age_years = std::max(static_cast<double>(years), std::min(days / 365.25, years + 0.999));
  }
  ctx.allergies = p.allergies;
  auto ids = store::active_prescription_drug_ids(conn, patient_id, now_ms, except_prescription_id);
  if (!ids) return ids.error();
  const auto index = catalog.index();
  for (const std::string& id : *ids) {
    const domain::Drug* d = index->find(id);
    if (!d) continue;
    ctx.active_items.push_back({d->id, d->trade_name, d->trade_name_ar, d->ingredients});
  }
  return ctx;
}

std::vector<domain::ProposedItem> proposed_items(const domain::SearchIndex& index, const PrescriptionDraft& draft) {
  std::vector<domain::ProposedItem> out;
  out.reserve(draft.items.size());
  for (const DraftItem& item : draft.items) {
    const domain::Drug* d = index.find(item.drug_id);
    if (!d) continue;  // the parser refused unknown products; can't happen after it
    out.push_back({*d, item.sig.dose_amount, item.sig.dose_unit, item.sig.times_per_day});
  }
  return out;
}

Result<std::vector<domain::Alert>> clinical_alerts(store::Connection& conn, const Catalog& catalog,
                                                   const PrescriptionDraft& draft, int64_t now_ms) {
  auto ctx = patient_context(conn, catalog, draft.patient_id, now_ms);
  if (!ctx) return ctx.error();
  const auto index = catalog.index();
  return domain::check(catalog.knowledge(), *ctx, proposed_items(*index, draft));
}

Result<std::vector<domain::Alert>> check_prescription(app::App& app, const http::Request& req,
                                                      const PrescriptionDraft& draft) {
  auto lease = app.db->acquire();
  if (!lease) return lease.error();
  const int64_t now = now_ms();
  auto alerts = clinical_alerts(**lease, *app.catalog, draft, now);
  if (!alerts) return alerts.error();
  AuditEntry e = audit_entry(req, "prescription.check");
  e.patient_id = draft.patient_id;
  e.record_type = "patient";
  e.record_id = draft.patient_id;
  if (auto s = app.audit->append(e, now); !s) return s.error();
  return alerts;
}

}  // namespace hf::service
