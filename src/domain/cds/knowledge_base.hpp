#pragma once
// The curated clinical knowledge (DOMAIN.md "Clinical decision support": interactions, classes,
// maximum doses are curated data in data/, with sources). Loaded from the text of
// ingredients.csv, interactions.csv and allergy_classes.csv (CONVENTIONS.md "Data files"), validated
// all or nothing, then read-only.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/catalog/drug.hpp"
#include "domain/cds/severity.hpp"
#include "domain/result.hpp"

namespace hf::domain {

// A row of interactions.csv. `a` and `b` are ingredient names or "class:<therapeutic_class>".
struct Interaction {
  std::string a;
  std::string b;
  Severity severity = Severity::minor;
  std::string reason_en;
  std::string reason_ar;
  std::string source;
};

// A row of allergy_classes.csv, e.g. penicillins, cross-sensitive with cephalosporins|carbapenems.
struct AllergyClass {
  std::string slug;
  std::string label_en;
  std::string label_ar;
  std::vector<std::string> cross_sensitive_with;
};

inline constexpr std::string_view kClassPrefix = "class:";

class KnowledgeBase {
 public:
  // Parses and validates the three files. Errors name the file and line
  // (FieldError{"interactions.csv line 9", "b: unknown ingredient or class 'class:nsaids'"}).
  static Result<KnowledgeBase> load(std::string_view ingredients_csv, std::string_view interactions_csv,
                                    std::string_view allergy_classes_csv);
  // Same checks for tables built in code (tests, admin import already parsed).
  static Result<KnowledgeBase> build(std::vector<IngredientInfo> ingredients, std::vector<Interaction> interactions,
                                     std::vector<AllergyClass> allergy_classes);

  const IngredientInfo* ingredient(std::string_view name) const;
  const AllergyClass* allergy_class(std::string_view slug) const;

  // The rules that apply to ingredients x and y in either order, by name or by therapeutic class.
  std::vector<const Interaction*> interactions_between(std::string_view x, std::string_view y) const;

  // True when an allergy to class `allergic_to` should warn about class `other`: the table lists
  // the pair in either direction (cross-sensitivity is treated as mutual, the cautious reading).
  bool cross_sensitive(std::string_view allergic_to, std::string_view other) const;

  const std::vector<IngredientInfo>& ingredients() const { return ingredients_; }
  const std::vector<Interaction>& interactions() const { return interactions_; }
  const std::vector<AllergyClass>& allergy_classes() const { return allergy_classes_; }

 private:
  KnowledgeBase() = default;
  // Checks the three tables together (unknown classes, unknown interaction terms, duplicates);
  // labels[i] names where record i came from. `errors` may already hold parse errors.
  static Result<KnowledgeBase> validate_and_build(
      std::vector<IngredientInfo> ingredients, const std::vector<std::string>& ingredient_labels,
      std::vector<Interaction> interactions, const std::vector<std::string>& interaction_labels,
      std::vector<AllergyClass> classes, const std::vector<std::string>& class_labels, std::vector<FieldError> errors);

  std::vector<IngredientInfo> ingredients_;
  std::vector<Interaction> interactions_;
  std::vector<AllergyClass> allergy_classes_;
  std::unordered_map<std::string, std::uint32_t> ingredient_by_name_;
  std::unordered_map<std::string, std::uint32_t> class_by_slug_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> interactions_by_term_;
};

}  // namespace hf::domain
