// DOMAIN.md: age contraindications (aspirin under 16, tetracyclines under 8). Major rather than
// contraindicated: both block signing, and there are recognised exceptions a doctor may record as
// an override reason (aspirin in Kawasaki disease, doxycycline for rickettsial infection).
#include "domain/cds/checks.hpp"

namespace hf::domain::cds_detail {

void check_age(const KnowledgeBase& kb, const PatientContext& patient, const std::vector<ProposedItem>& items,
               std::vector<Alert>& out) {
  if (!patient.age_years) return;
  const double age = *patient.age_years;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Drug& drug = items[i].drug;
    if (!is_systemic_route(drug.route)) continue;
    for (const DrugIngredient& ing : drug.ingredients) {
      const IngredientInfo* info = kb.ingredient(ing.name);
      if (!info || !info->min_age_years || age >= *info->min_age_years) continue;
      const std::string min_age = format_amount(*info->min_age_years);
      Alert a;
      a.severity = Severity::major;
      a.kind = AlertKind::age;
      a.items = {i};
      a.message_en = "Age: " + ing.name + " (" + product_en(drug) + ") is not recommended under " + min_age + " years" +
                     (info->age_reason_en.empty() ? "" : ": " + info->age_reason_en);
      a.message_ar = "العمر: " + ingredient_ar(kb, ing.name) + " (" + product_ar(drug) + ") غير موصى به تحت سن " +
                     min_age + " سنة" + (info->age_reason_ar.empty() ? "" : ": " + info->age_reason_ar);
      out.push_back(std::move(a));
    }
  }
}

}  // namespace hf::domain::cds_detail
