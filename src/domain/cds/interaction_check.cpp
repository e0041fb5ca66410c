// DOMAIN.md: drug–drug interaction by ingredient pair (or therapeutic class), among the proposed
// items and against the patient's other active prescriptions.
#include <algorithm>
#include <set>
#include <utility>

#include "domain/cds/checks.hpp"

namespace hf::domain::cds_detail {
namespace {

// The one rule to report for an ingredient pair: the most severe; on a tie the rule that names
// both ingredients rather than a class, since its reason is the more precise.
const Interaction* pick(const std::vector<const Interaction*>& rules) {
  const Interaction* best = nullptr;
  auto specificity = [](const Interaction* r) {
    return (r->a.rfind(kClassPrefix, 0) != 0) + (r->b.rfind(kClassPrefix, 0) != 0);
  };
  for (const Interaction* r : rules) {
    if (!best || r->severity < best->severity ||
        (r->severity == best->severity && specificity(r) > specificity(best))) {
      best = r;
    }
  }
  return best;
}

struct Side {
  std::string name_en;
  std::string name_ar;
  const std::vector<DrugIngredient>* ingredients;
};

// Appends one alert per interacting ingredient pair between two products.
template <typename Fill>
void pair_alerts(const KnowledgeBase& kb, const Side& x, const Side& y, Fill fill, std::vector<Alert>& out) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const DrugIngredient& ix : *x.ingredients) {
    for (const DrugIngredient& iy : *y.ingredients) {
      if (ix.name == iy.name) continue;  // the same ingredient twice is duplicate therapy
      if (!seen.insert(std::minmax(ix.name, iy.name)).second) continue;
      const Interaction* rule = pick(kb.interactions_between(ix.name, iy.name));
      if (!rule) continue;
      Alert a;
      a.severity = rule->severity;
      a.kind = AlertKind::interaction;
      a.message_en = "Interaction (" + std::string(to_string(rule->severity)) + ") between " + x.name_en + " (" +
                     ix.name + ") and " + y.name_en + " (" + iy.name + "): " + rule->reason_en;
      a.message_ar = "تداخل دوائي (" + severity_ar(rule->severity) + ") بين " + x.name_ar + " (" +
                     ingredient_ar(kb, ix.name) + ") و" + y.name_ar + " (" + ingredient_ar(kb, iy.name) +
                     "): " + rule->reason_ar;
      fill(a);
      out.push_back(std::move(a));
    }
  }
}

}  // namespace

void check_interactions(const KnowledgeBase& kb, const PatientContext& patient, const std::vector<ProposedItem>& items,
                        std::vector<Alert>& out) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Side xi{product_en(items[i].drug), product_ar(items[i].drug), &items[i].drug.ingredients};
    for (std::size_t j = i + 1; j < items.size(); ++j) {
      const Side xj{product_en(items[j].drug), product_ar(items[j].drug), &items[j].drug.ingredients};
      pair_alerts(
          kb, xi, xj,
          [&](Alert& a) {
            a.items = {i, j};
          },
          out);
    }
    for (const ActiveItem& active : patient.active_items) {
      if (active.drug_id == items[i].drug.id) continue;  // the same product again: duplicate therapy
      const Side xa{product_en(active), product_ar(active), &active.ingredients};
      pair_alerts(
          kb, xi, xa,
          [&](Alert& a) {
            a.items = {i};
            a.active_drug_ids = {active.drug_id};
          },
          out);
    }
  }
}

}  // namespace hf::domain::cds_detail
