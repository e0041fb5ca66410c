#include "api/prescription_body.hpp"

#include <cctype>
#include <string>

#include "api/json_io.hpp"

namespace hf::api {
namespace {

bool is_icd10(const std::string& s) {
  if (s.size() < 3 || s.size() > 8) return false;
  if (!std::isupper(static_cast<unsigned char>(s[0])) || !std::isdigit(static_cast<unsigned char>(s[1])) ||
      !std::isalnum(static_cast<unsigned char>(s[2])))
    return false;
  if (s.size() == 3) return true;
  if (s[3] != '.' || s.size() == 4) return false;
  for (size_t i = 4; i < s.size(); ++i)
    if (!std::isalnum(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

// DOMAIN.md "Medicine directory": partially or permanently disabled and recalled products take
// no new prescriptions.
bool prescribable(const domain::Drug& d) {
  return d.status == domain::DrugStatus::active;
}

}  // namespace

Result<service::PrescriptionDraft> parse_prescription_body(const json::object& body,
                                                           const domain::SearchIndex& catalogue,
                                                           const PrescriptionBodyOptions& options) {
  Fields f(body);
  std::vector<FieldError> rules;  // 422s, reported only when the types are right
  service::PrescriptionDraft d;
  d.patient_id = f.text("patient_id", true, 64).value_or("");
  d.facility_id = f.text("facility_id", true, 64).value_or("");
  d.diagnosis_codes = f.text_list("diagnosis_codes", false, 20, 16);
  for (size_t i = 0; i < d.diagnosis_codes.size(); ++i) {
    std::string& c = d.diagnosis_codes[i];
    for (char& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (!is_icd10(c)) rules.push_back({"diagnosis_codes[" + std::to_string(i) + "]", "must be an ICD-10 code"});
  }
  d.notes = f.text("notes", false, 2000);

  if (options.allow_overrides) {
    d.totp = f.text("totp", false, 16);
    if (const auto* overrides = f.array("overrides", false, 20)) {
      for (size_t i = 0; i < overrides->size(); ++i) {
        const std::string at = "overrides[" + std::to_string(i) + "]";
        const auto* o = (*overrides)[i].if_object();
        if (!o) {
          f.fail(at, "must be an object");
          continue;
        }
        Fields of(*o);
        of.set_prefix(at + ".");
        auto kind = of.text("alert_kind", true, 32);
        auto reason = of.text("reason", true, 500);
        for (auto& e : of.errors()) f.fail(e.field, e.message);
        if (kind && !domain::parse_alert_kind(*kind)) rules.push_back({at + ".alert_kind", "is not an alert kind"});
        if (kind && reason) d.overrides.push_back({*kind, *reason});
      }
    }
  }

  const json::array* items = f.array("items", true, 1000);
  if (items) {
    if (items->empty() || items->size() > 10) rules.push_back({"items", "must have from 1 to 10 items"});
    for (size_t i = 0; i < items->size() && i < 10; ++i) {
      const std::string at = "items[" + std::to_string(i) + "]";
      const auto* o = (*items)[i].if_object();
      if (!o) {
        f.fail(at, "must be an object");
        continue;
      }
      Fields it(*o);
      it.set_prefix(at + ".");
      service::DraftItem item;
      item.drug_id = it.text("drug_id", true, 64).value_or("");
      item.sig.dose_amount = it.number("dose_amount", true, -1e9, 1e9).value_or(0);
      item.sig.dose_unit = it.text("dose_unit", true, 32).value_or("");
      item.sig.times_per_day = static_cast<int>(it.integer("times_per_day", true, -1000000, 1000000).value_or(0));
      item.sig.duration_days = static_cast<int>(it.integer("duration_days", true, -1000000, 1000000).value_or(0));
      item.sig.route = it.text("route", false, 32).value_or("");
      item.sig.instructions = it.text("instructions", false, 200).value_or("");
      auto quantity = it.integer("quantity", true, -1000000, 1000000);
      item.substitution_allowed = it.boolean("substitution_allowed", false).value_or(true);
      auto repeats = it.integer("repeats", false, -1000000, 1000000);
      auto interval = it.integer("repeat_interval_days", false, -1000000, 1000000);
      for (auto& e : it.errors()) f.fail(e.field, e.message);
      if (!it.ok()) continue;

      const domain::Drug* drug = catalogue.find(item.drug_id);
      if (!drug) {
        rules.push_back({at + ".drug_id", "is not a product of the catalogue"});
      } else if (!prescribable(*drug)) {
        rules.push_back(
            {at + ".drug_id", "is " + std::string(domain::to_string(drug->status)) + " and cannot be prescribed"});
      }
      if (auto sig = domain::write_sig(item.sig); !sig) {
        for (const auto& e : sig.error().fields) rules.push_back({at + "." + e.field, e.message});
      } else {
        item.sig_text = std::move(sig).value();
      }
      if (*quantity < 1 || *quantity > 100) rules.push_back({at + ".quantity", "must be from 1 to 100 packs"});
      item.quantity = static_cast<int>(*quantity);
      item.repeats = static_cast<int>(repeats.value_or(0));
      if (item.repeats < 0 || item.repeats > 5) rules.push_back({at + ".repeats", "must be from 0 to 5"});
      item.repeat_interval_days = static_cast<int>(interval.value_or(0));
      if (item.repeats > 0 && (item.repeat_interval_days < 1 || item.repeat_interval_days > 365)) {
        rules.push_back({at + ".repeat_interval_days", "must be from 1 to 365 days when the item has repeats"});
      } else if (item.repeats == 0 && interval && (*interval < 0 || *interval > 365)) {
        rules.push_back({at + ".repeat_interval_days", "must be from 0 to 365 days"});
      }
      d.items.push_back(std::move(item));
    }
  }
  if (!f.ok()) return f.error();
  if (!rules.empty()) return Error::rule("The prescription breaks some rules.", std::move(rules));
  return d;
}

json::array alerts_json(const std::vector<domain::Alert>& alerts) {
  json::array out;
  for (const domain::Alert& a : alerts) {
    json::array items;
    for (size_t i : a.items) items.emplace_back(static_cast<int64_t>(i));
    json::array active;
    for (const auto& id : a.active_drug_ids) active.emplace_back(id);
    out.push_back(json::object{{"severity", domain::to_string(a.severity)},
                               {"kind", domain::to_string(a.kind)},
                               {"message", a.message_en},
                               {"message_ar", a.message_ar},
                               {"items", std::move(items)},
                               {"active_drug_ids", std::move(active)},
                               {"blocking", domain::blocking(a)}});
  }
  return out;
}

}  // namespace hf::api
