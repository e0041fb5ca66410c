// DOMAIN.md: duplicate therapy — the same ingredient or the same therapeutic class twice, among the
// proposed items or against the patient's other active prescriptions. Moderate: worth a look, not a
// block (two statins are usually a mistake, but a switch in progress is legitimate).
#include "domain/cds/checks.hpp"

namespace hf::domain::cds_detail {
namespace {

struct Overlap {
  std::string ingredient;  // shared ingredient, if any
  std::string therapeutic_class;
};

std::optional<Overlap> overlap(const KnowledgeBase& kb, const std::vector<DrugIngredient>& x,
                               const std::vector<DrugIngredient>& y) {
  for (const DrugIngredient& a : x)
    for (const DrugIngredient& b : y)
      if (a.name == b.name) return Overlap{a.name, ""};
  for (const DrugIngredient& a : x) {
    const IngredientInfo* ia = kb.ingredient(a.name);
    if (!ia || ia->therapeutic_class.empty()) continue;
    for (const DrugIngredient& b : y) {
      const IngredientInfo* ib = kb.ingredient(b.name);
      if (ib && ib->therapeutic_class == ia->therapeutic_class) return Overlap{"", ia->therapeutic_class};
    }
  }
  return std::nullopt;
}

Alert make_alert(const KnowledgeBase& kb, const Overlap& o, const std::string& x_en, const std::string& x_ar,
                 const std::string& y_en, const std::string& y_ar) {
  Alert a;
  a.severity = Severity::moderate;
  a.kind = AlertKind::duplicate_therapy;
  if (!o.ingredient.empty()) {
    a.message_en = "Duplicate therapy: " + x_en + " and " + y_en + " both contain " + o.ingredient;
    a.message_ar = "تكرار علاج: " + x_ar + " و" + y_ar + " يحتويان على " + ingredient_ar(kb, o.ingredient);
  } else {
    a.message_en = "Duplicate therapy: " + x_en + " and " + y_en + " are both " + o.therapeutic_class;
    a.message_ar = "تكرار علاج: " + x_ar + " و" + y_ar + " من نفس المجموعة العلاجية (" + o.therapeutic_class + ")";
  }
  return a;
}

}  // namespace

void check_duplicates(const KnowledgeBase& kb, const PatientContext& patient, const std::vector<ProposedItem>& items,
                      std::vector<Alert>& out) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Drug& di = items[i].drug;
    for (std::size_t j = i + 1; j < items.size(); ++j) {
      const Drug& dj = items[j].drug;
      if (auto o = overlap(kb, di.ingredients, dj.ingredients)) {
        Alert a = make_alert(kb, *o, product_en(di), product_ar(di), product_en(dj), product_ar(dj));
        a.items = {i, j};
        out.push_back(std::move(a));
      }
    }
    for (const ActiveItem& active : patient.active_items) {
      if (auto o = overlap(kb, di.ingredients, active.ingredients)) {
        Alert a = make_alert(kb, *o, product_en(di), product_ar(di), product_en(active) + " (already prescribed)",
                             product_ar(active) + " (موصوف بالفعل)");
        a.items = {i};
        a.active_drug_ids = {active.drug_id};
        out.push_back(std::move(a));
      }
    }
  }
}

}  // namespace hf::domain::cds_detail
