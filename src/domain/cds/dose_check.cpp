// DOMAIN.md: dose above the maximum daily dose. The knowledge base gives the adult oral maximum per
// ingredient, so only enteral items are held to it; the same ingredient in several proposed items counts once in total
// (Panadol plus Panadol Extra is still paracetamol).
#include <map>

#include "domain/cds/checks.hpp"

namespace hf::domain {
namespace {

// Factor to mg for mass units; nullopt otherwise.
std::optional<double> to_mg(std::string_view unit) {
  if (unit == "mg") return 1.0;
  if (unit == "g") return 1000.0;
  if (unit == "mcg") return 0.001;
  return std::nullopt;
}

// Converts `value` in `from` (mg, g, mcg or IU) to `to`.
std::optional<double> convert(double value, std::string_view from, std::string_view to) {
  if (from == to) return value;
  const auto f = to_mg(from);
  const auto t = to_mg(to);
  if (!f || !t) return std::nullopt;
  return value * *f / *t;
}

struct Amount {
  double value;
  std::string_view unit;
};

// What one dose of the item delivers of `ing`.
std::optional<Amount> per_dose(const ProposedItem& item, const DrugIngredient& ing) {
  const std::string& du = item.dose_unit;
  const std::string& su = ing.unit;
  const double n = item.dose_amount;
  if (du == "tablet" || du == "capsule" || du == "sachet") {
    if (to_mg(su) || su == "IU") return Amount{n * ing.strength, su};
    return std::nullopt;
  }
  if (du == "mL") {
    if (su == "mg/5mL") return Amount{n * ing.strength / 5.0, "mg"};
    if (su == "mg/mL") return Amount{n * ing.strength, "mg"};
    if (su == "IU/mL") return Amount{n * ing.strength, "IU"};
    return std::nullopt;
  }
  if (du == "puff") {
    if (su == "mcg/dose") return Amount{n * ing.strength, "mcg"};
    if (su == "mg/dose") return Amount{n * ing.strength, "mg"};
    return std::nullopt;
  }
  // "mg" or "unit" names an amount of the product's one ingredient; with several it is ambiguous.
  if (item.drug.ingredients.size() != 1) return std::nullopt;
  if (du == "mg") return Amount{n, "mg"};
  if (du == "unit" && (su == "IU" || su == "IU/mL")) return Amount{n, "IU"};
  return std::nullopt;
}

}  // namespace

std::optional<double> daily_amount(const ProposedItem& item, const DrugIngredient& ingredient, std::string_view unit) {
  if (item.times_per_day <= 0 || item.dose_amount <= 0) return std::nullopt;
  const auto dose = per_dose(item, ingredient);
  if (!dose) return std::nullopt;
  const auto converted = convert(dose->value, dose->unit, unit);
  if (!converted) return std::nullopt;
  return *converted * item.times_per_day;
}

namespace cds_detail {

void check_max_dose(const KnowledgeBase& kb, const std::vector<ProposedItem>& items, std::vector<Alert>& out) {
  struct Total {
    double amount = 0;
    std::vector<std::size_t> items;
  };
  std::map<std::string, Total> totals;  // ordered: deterministic alert order
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!is_enteral_route(items[i].drug.route)) continue;
    for (const DrugIngredient& ing : items[i].drug.ingredients) {
      const IngredientInfo* info = kb.ingredient(ing.name);
      if (!info || !info->max_daily_dose) continue;
      const auto daily = daily_amount(items[i], ing, info->max_daily_dose_unit);
      if (!daily) continue;  // not computable: no alert rather than a guess
      Total& t = totals[ing.name];
      t.amount += *daily;
      if (t.items.empty() || t.items.back() != i) t.items.push_back(i);
    }
  }
  for (const auto& [name, total] : totals) {
    const IngredientInfo& info = *kb.ingredient(name);
    // A tiny tolerance so that exactly the maximum, reached through a mg/5mL division, is not over.
    if (total.amount <= *info.max_daily_dose * (1 + 1e-9)) continue;
    const std::string unit = info.max_daily_dose_unit;
    const std::string amount = format_amount(total.amount) + " " + unit;
    const std::string max = format_amount(*info.max_daily_dose) + " " + unit;
    Alert a;
    a.severity = Severity::major;
    a.kind = AlertKind::max_dose;
    a.items = total.items;
    const bool combined = total.items.size() > 1;
    a.message_en = "Dose above maximum: " + name + " " + amount + " per day" +
                   (combined ? " (all items combined)" : " (" + product_en(items[total.items[0]].drug) + ")") +
                   " exceeds the adult maximum of " + max + " per day";
    a.message_ar = "جرعة أعلى من الحد الأقصى: " + ingredient_ar(kb, name) + " " + amount + " يومياً" +
                   (combined ? " (مجموع الأصناف)" : " (" + product_ar(items[total.items[0]].drug) + ")") +
                   " تتجاوز الحد الأقصى للبالغين " + max + " يومياً";
    out.push_back(std::move(a));
  }
}

}  // namespace cds_detail
}  // namespace hf::domain
