#pragma once
// A catalogue product and what the knowledge base knows about an active ingredient
// (DOMAIN.md "Drug catalogue", "Clinical decision support"; columns per CONVENTIONS.md "Data files").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hf::domain {

// One active ingredient of a product, e.g. {"amoxicillin", 875, "mg"}. `name` is the lowercase
// English INN, the key into the ingredient table.
struct DrugIngredient {
  std::string name;
  double strength = 0;
  std::string unit;  // mg, g, mcg, mL, mg/mL, mg/5mL, %, IU, IU/mL, mcg/dose, mg/dose

  friend bool operator==(const DrugIngredient&, const DrugIngredient&) = default;
};

// DOMAIN.md "Medicine directory": what may still be prescribed or dispensed.
enum class DrugStatus { active, partially_disabled, permanently_disabled, recalled };

std::string_view to_string(DrugStatus status);
std::optional<DrugStatus> parse_drug_status(std::string_view text);

struct Drug {
  std::string id;  // assigned by the caller or the database; the loader uses registration_no
  std::string registration_no;
  std::string trade_name;
  std::string trade_name_ar;
  std::vector<DrugIngredient> ingredients;
  std::string form;   // CONVENTIONS.md form list, e.g. "film-coated tablet"
  std::string route;  // CONVENTIONS.md route list, e.g. "oral"
  int pack_size = 0;
  std::string pack_unit;
  std::int64_t price_piastres = 0;  // money is integer piastres (CONVENTIONS.md)
  std::string atc_code;
  int controlled_schedule = 0;  // 0 = not controlled; 1..3 Egyptian tables
  bool essential = false;       // on the WHO Model List
  bool requires_approval = false;
  int popularity = 0;  // 1..100, ranks search ties
  DrugStatus status = DrugStatus::active;

  bool controlled() const { return controlled_schedule != 0; }
};

// A row of ingredients.csv: the facts clinical decision support needs about one ingredient.
struct IngredientInfo {
  std::string name;  // lowercase English INN
  std::string name_ar;
  std::string atc_code;
  std::string therapeutic_class;         // slug: statin, nsaid, ... (duplicate therapy, class: interactions)
  std::string allergy_class;             // slug from allergy_classes.csv, or empty
  std::optional<double> max_daily_dose;  // adult oral maximum, in max_daily_dose_unit
  std::string max_daily_dose_unit;       // mg, mcg, g, IU (empty when no maximum)
  std::optional<double> min_age_years;
  std::string age_reason_en;
  std::string age_reason_ar;
  bool antibiotic = false;
};

}  // namespace hf::domain
