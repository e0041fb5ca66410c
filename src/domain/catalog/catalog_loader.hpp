#pragma once
// Loads the curated catalogue files (CONVENTIONS.md "Data files") from their text. All or nothing:
// every row is validated and every bad row is reported as FieldError{"line 17", "price_egp: not a
// number"}, so a curator or an admin importing a newer catalogue fixes the file in one pass
// (API.md: bulk upload is all-or-nothing, errors by row).

#include <span>
#include <string_view>
#include <vector>

#include "domain/catalog/drug.hpp"
#include "domain/result.hpp"

namespace hf::domain {

// The allowed vocabularies, as CONVENTIONS.md lists them.
std::span<const std::string_view> known_forms();
std::span<const std::string_view> known_routes();
std::span<const std::string_view> known_strength_units();

// drugs.csv. Each Drug's id is its registration_no (the database assigns real ids later).
// Ingredient names are not checked against a table.
Result<std::vector<Drug>> load_drugs(std::string_view csv_text);
// Same, and every ingredient name must be a row of `known_ingredients`.
Result<std::vector<Drug>> load_drugs(std::string_view csv_text, const std::vector<IngredientInfo>& known_ingredients);

// ingredients.csv (unique names; numbers and flags checked).
Result<std::vector<IngredientInfo>> load_ingredients(std::string_view csv_text);

}  // namespace hf::domain
