#include "api/prescription_json.hpp"

#include "domain/date.hpp"
#include "domain/national_id.hpp"
#include "service/prescribing.hpp"

namespace hf::api {
namespace json = boost::json;

namespace {

json::value time_or_null(int64_t ms) {
  return ms ? json::value(domain::to_rfc3339(ms)) : json::value(nullptr);
}

json::value parsed(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  return ec ? json::value(json::array{}) : v;
}

}  // namespace

json::object prescription_json(const store::PrescriptionDetails& d, const PrescriptionContext& context,
                               const PrescriptionView& view) {
  const auto& p = d.prescription;
  json::array items;
  for (const auto& i : p.items) {
    json::object o{{"id", i.id},
                   {"position", i.position},
                   {"drug_id", i.drug_id},
                   {"dose_amount", i.dose_amount},
                   {"dose_unit", i.dose_unit},
                   {"times_per_day", i.times_per_day},
                   {"duration_days", i.duration_days},
                   {"quantity", i.quantity},
                   {"substitution_allowed", i.substitution_allowed},
                   {"repeats", i.repeats},
                   {"repeat_interval_days", i.repeat_interval_days},
                   {"sig_en", i.sig_en},
                   {"sig_ar", i.sig_ar},
                   {"dispensed", i.dispensed_quantity},
                   {"remaining", service::remaining_of(i)},
                   {"last_fill_at", time_or_null(i.last_fill_at)}};
    if (!i.route.empty()) o["route"] = i.route;
    if (!i.instructions.empty()) o["instructions"] = i.instructions;
    if (const auto* drug = context.catalog.find(i.drug_id)) {
      o["trade_name"] = drug->trade_name;
      o["trade_name_ar"] = drug->trade_name_ar;
      o["form"] = drug->form;
      o["controlled"] = drug->controlled();
      json::array ingredients;
      for (const auto& g : drug->ingredients)
        ingredients.push_back(json::object{{"name", g.name}, {"strength", g.strength}, {"unit", g.unit}});
      o["ingredients"] = std::move(ingredients);
    }
    items.push_back(std::move(o));
  }
  json::object out{{"id", p.id},
                   {"code", p.code},
                   {"status", service::effective_status(p, context.now)},
                   {"patient_id", p.patient_id},
                   {"prescriber_id", p.prescriber_id},
                   {"facility_id", p.facility_id},
                   {"diagnosis_codes", parsed(p.diagnosis_codes)},
                   {"controlled", p.controlled},
                   {"issued_at", domain::to_rfc3339(p.issued_at)},
                   {"expires_at", domain::to_rfc3339(p.expires_at)},
                   {"alerts", parsed(p.alerts)},
                   {"overrides", parsed(p.overrides)},
                   {"items", std::move(items)}};
  if (!p.notes.empty()) out["notes"] = p.notes;
  if (p.cancelled_at) {
    out["cancelled_at"] = domain::to_rfc3339(p.cancelled_at);
    out["cancel_reason"] = p.cancel_reason;
  }
  if (p.decided_at) {
    out["decided_at"] = domain::to_rfc3339(p.decided_at);
    if (!p.decision_reason.empty()) out["decision_reason"] = p.decision_reason;
  }
  if (view.include_token) out["qr_token"] = p.qr_token;
  if (d.prescriber) {
    out["prescriber"] = json::object{
        {"name", d.prescriber->name}, {"name_ar", d.prescriber->name_ar}, {"license_no", d.prescriber->license_no}};
  }
  if (d.facility) out["facility"] = json::object{{"name", d.facility->name}, {"name_ar", d.facility->name_ar}};
  if (view.include_patient && d.patient) {
    const auto& pt = *d.patient;
    json::object po{{"full_name", pt.full_name},
                    {"sex", pt.sex},
                    {"birth_date", pt.birth_date},
                    {"national_id_masked", domain::mask_national_id(pt.national_id)}};
    if (pt.full_name_ar) po["full_name_ar"] = *pt.full_name_ar;
    if (auto birth = domain::parse_iso_date(pt.birth_date)) {
      po["age_years"] = domain::age_in_years(*birth, domain::date_of(context.now));
    }
    po["allergies"] = json::array(pt.allergies.begin(), pt.allergies.end());
    out["patient"] = std::move(po);
  }
  return out;
}

json::object dispensation_json(const store::DispensationRecord& d) {
  json::array lines;
  for (const auto& l : d.lines) {
    json::object o{{"item_id", l.item_id}, {"drug_id", l.drug_id}, {"quantity", l.quantity}};
    if (!l.batch_no.empty()) o["batch_no"] = l.batch_no;
    lines.push_back(std::move(o));
  }
  return {{"id", d.id},
          {"prescription_id", d.prescription_id},
          {"pharmacist_id", d.pharmacist_id},
          {"pharmacy_id", d.pharmacy_id},
          {"patient_id_checked", d.patient_id_checked},
          {"dispensed_at", domain::to_rfc3339(d.dispensed_at)},
          {"items", std::move(lines)}};
}

}  // namespace hf::api
