#include "domain/catalog/catalog_loader.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "domain/catalog/csv.hpp"
#include "domain/catalog/field_parse.hpp"

namespace hf::domain {
namespace {

constexpr std::array<std::string_view, 22> kForms = {"tablet",     "film-coated tablet",
                                                     "capsule",    "syrup",
                                                     "suspension", "drops",
                                                     "injection",  "infusion",
                                                     "cream",      "ointment",
                                                     "gel",        "eye drops",
                                                     "ear drops",  "nasal spray",
                                                     "inhaler",    "suppository",
                                                     "sachet",     "effervescent tablet",
                                                     "lozenge",    "patch",
                                                     "solution",   "powder"};
constexpr std::array<std::string_view, 12> kRoutes = {"oral", "iv",    "im",         "sc",     "topical", "ophthalmic",
                                                      "otic", "nasal", "inhalation", "rectal", "vaginal", "sublingual"};
constexpr std::array<std::string_view, 11> kUnits = {"mg", "g",  "mcg",   "mL",       "mg/mL",  "mg/5mL",
                                                     "%",  "IU", "IU/mL", "mcg/dose", "mg/dose"};

constexpr std::array<std::string_view, 14> kDrugHeader = {"registration_no",
                                                          "trade_name",
                                                          "trade_name_ar",
                                                          "ingredients",
                                                          "form",
                                                          "route",
                                                          "pack_size",
                                                          "pack_unit",
                                                          "price_egp",
                                                          "atc_code",
                                                          "controlled_schedule",
                                                          "essential",
                                                          "requires_approval",
                                                          "popularity"};
constexpr std::array<std::string_view, 11> kIngredientHeader = {"name",
                                                                "name_ar",
                                                                "atc_code",
                                                                "therapeutic_class",
                                                                "allergy_class",
                                                                "max_daily_dose",
                                                                "max_daily_dose_unit",
                                                                "min_age_years",
                                                                "age_reason_en",
                                                                "age_reason_ar",
                                                                "antibiotic"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

template <std::size_t N>
std::vector<std::string_view> as_vector(const std::array<std::string_view, N>& a) {
  return {a.begin(), a.end()};
}

// WHO ATC level 5: letter, 2 digits, 2 letters, 2 digits (J01CR02).
bool is_atc_code(std::string_view s) {
  if (s.size() != 7) return false;
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  return upper(s[0]) && digit(s[1]) && digit(s[2]) && upper(s[3]) && upper(s[4]) && digit(s[5]) && digit(s[6]);
}

// Collects the problems of one file; each row may add several.
class RowErrors {
 public:
  void add(std::size_t line, std::string message) {
    errors_.push_back({"line " + std::to_string(line), std::move(message)});
  }
  bool empty() const { return errors_.empty(); }
  Error to_error(std::string_view file) && {
    // The message first: argument evaluation order is unspecified, and the list is moved below.
    std::string message = std::string(file) + ": " + std::to_string(errors_.size()) + " problem(s); nothing was loaded";
    return Error::invalid(std::move(message), std::move(errors_));
  }

 private:
  std::vector<FieldError> errors_;
};

Error prefix_file(Error e, std::string_view file) {
  if (e.message.rfind(file, 0) != 0) e.message = std::string(file) + ": " + e.message;
  return e;
}

// "amoxicillin:875:mg|clavulanic acid:125:mg"
std::vector<DrugIngredient> parse_ingredient_list(std::string_view text, std::size_t line, RowErrors& errors,
                                                  const std::unordered_set<std::string_view>* known) {
  std::vector<DrugIngredient> out;
  if (text.empty()) {
    errors.add(line, "ingredients: required");
    return out;
  }
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t bar = std::min(text.find('|', start), text.size());
    const std::string_view part = text.substr(start, bar - start);
    start = bar + 1;
    const std::size_t c1 = part.find(':');
    const std::size_t c2 = c1 == std::string_view::npos ? c1 : part.find(':', c1 + 1);
    if (c2 == std::string_view::npos || part.find(':', c2 + 1) != std::string_view::npos) {
      errors.add(line, "ingredients: '" + std::string(part) + "' is not name:strength:unit");
      continue;
    }
    DrugIngredient ing{std::string(trim(part.substr(0, c1))), 0, std::string(trim(part.substr(c2 + 1)))};
    const auto strength = parse_number(trim(part.substr(c1 + 1, c2 - c1 - 1)));
    bool good = true;
    if (ing.name.empty() ||
        std::any_of(ing.name.begin(), ing.name.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      errors.add(line, "ingredients: name '" + ing.name + "' must be a lowercase INN");
      good = false;
    } else if (known && !known->contains(ing.name)) {
      errors.add(line, "ingredients: unknown ingredient '" + ing.name + "' (not in ingredients.csv)");
      good = false;
    }
    if (!strength || *strength <= 0) {
      errors.add(line, "ingredients: strength of '" + ing.name + "' is not a positive number");
      good = false;
    } else {
      ing.strength = *strength;
    }
    if (!one_of(kUnits, ing.unit)) {
      errors.add(line, "ingredients: unknown unit '" + ing.unit + "'");
      good = false;
    }
    if (good && std::any_of(out.begin(), out.end(), [&](const DrugIngredient& o) { return o.name == ing.name; })) {
      errors.add(line, "ingredients: '" + ing.name + "' listed twice");
      good = false;
    }
    if (good) out.push_back(std::move(ing));
  }
  return out;
}

Result<std::vector<Drug>> load_drugs_checked(std::string_view csv_text,
                                             const std::unordered_set<std::string_view>* known) {
  constexpr std::string_view kFile = "drugs.csv";
  auto table = parse_csv_table(csv_text, as_vector(kDrugHeader), kFile);
  if (!table) return prefix_file(table.error(), kFile);

  RowErrors errors;
  std::vector<Drug> drugs;
  drugs.reserve(table->rows.size());
  std::unordered_map<std::string, std::size_t> first_line_of;  // registration_no -> line

  for (const CsvRow& row : table->rows) {
    const std::size_t line = row.line;
    if (row.fields.size() != kDrugHeader.size()) {
      errors.add(line, "expected " + std::to_string(kDrugHeader.size()) + " columns, found " +
                           std::to_string(row.fields.size()));
      continue;
    }
    auto col = [&](std::size_t i) { return trim(row.fields[i]); };
    auto required = [&](std::size_t i) {
      if (col(i).empty()) errors.add(line, std::string(kDrugHeader[i]) + ": required");
      return std::string(col(i));
    };

    Drug d;
    d.registration_no = required(0);
    d.id = d.registration_no;
    d.trade_name = required(1);
    d.trade_name_ar = required(2);
    d.ingredients = parse_ingredient_list(col(3), line, errors, known);
    d.form = std::string(col(4));
    if (!one_of(kForms, d.form)) errors.add(line, "form: unknown form '" + d.form + "'");
    d.route = std::string(col(5));
    if (!one_of(kRoutes, d.route)) errors.add(line, "route: unknown route '" + d.route + "'");
    if (auto n = parse_integer(col(6)); n && *n > 0 && *n <= 100000) {
      d.pack_size = static_cast<int>(*n);
    } else {
      errors.add(line, "pack_size: not a positive integer");
    }
    d.pack_unit = required(7);
    if (auto p = parse_egp_to_piastres(col(8))) {
      d.price_piastres = *p;
    } else {
      errors.add(line, "price_egp: not a number (expected a decimal such as 45.50)");
    }
    d.atc_code = std::string(col(9));
    if (!is_atc_code(d.atc_code)) errors.add(line, "atc_code: '" + d.atc_code + "' is not a 7-character ATC code");
    if (col(10).empty()) {
      d.controlled_schedule = 0;
    } else if (auto s = parse_integer(col(10)); s && *s >= 1 && *s <= 3) {
      d.controlled_schedule = static_cast<int>(*s);
    } else {
      errors.add(line, "controlled_schedule: must be empty, 1, 2 or 3");
    }
    if (auto f = parse_flag(col(11))) {
      d.essential = *f;
    } else {
      errors.add(line, "essential: must be 0 or 1");
    }
    if (auto f = parse_flag(col(12))) {
      d.requires_approval = *f;
    } else {
      errors.add(line, "requires_approval: must be 0 or 1");
    }
    if (auto p = parse_integer(col(13)); p && *p >= 1 && *p <= 100) {
      d.popularity = static_cast<int>(*p);
    } else {
      errors.add(line, "popularity: not an integer from 1 to 100");
    }
    if (!d.registration_no.empty()) {
      auto [it, fresh] = first_line_of.emplace(d.registration_no, line);
      if (!fresh) errors.add(line, "registration_no: duplicate of line " + std::to_string(it->second));
    }
    drugs.push_back(std::move(d));
  }
  if (!errors.empty()) return std::move(errors).to_error(kFile);
  return drugs;
}

}  // namespace

std::span<const std::string_view> known_forms() {
  return kForms;
}
std::span<const std::string_view> known_routes() {
  return kRoutes;
}
std::span<const std::string_view> known_strength_units() {
  return kUnits;
}

Result<std::vector<Drug>> load_drugs(std::string_view csv_text) {
  return load_drugs_checked(csv_text, nullptr);
}

Result<std::vector<Drug>> load_drugs(std::string_view csv_text, const std::vector<IngredientInfo>& known_ingredients) {
  std::unordered_set<std::string_view> known;
  for (const IngredientInfo& i : known_ingredients) known.insert(i.name);
  return load_drugs_checked(csv_text, &known);
}

Result<std::vector<IngredientInfo>> load_ingredients(std::string_view csv_text) {
  constexpr std::string_view kFile = "ingredients.csv";
  auto table = parse_csv_table(csv_text, as_vector(kIngredientHeader), kFile);
  if (!table) return prefix_file(table.error(), kFile);

  RowErrors errors;
  std::vector<IngredientInfo> out;
  std::unordered_map<std::string, std::size_t> first_line_of;
  for (const CsvRow& row : table->rows) {
    const std::size_t line = row.line;
    if (row.fields.size() != kIngredientHeader.size()) {
      errors.add(line, "expected " + std::to_string(kIngredientHeader.size()) + " columns, found " +
                           std::to_string(row.fields.size()));
      continue;
    }
    auto col = [&](std::size_t i) { return trim(row.fields[i]); };
    IngredientInfo info;
    info.name = std::string(col(0));
    if (info.name.empty()) errors.add(line, "name: required");
    if (std::any_of(info.name.begin(), info.name.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      errors.add(line, "name: must be a lowercase INN");
    }
    info.name_ar = std::string(col(1));
    info.atc_code = std::string(col(2));
    info.therapeutic_class = std::string(col(3));
    if (info.therapeutic_class.empty()) errors.add(line, "therapeutic_class: required");
    info.allergy_class = std::string(col(4));
    if (!col(5).empty()) {
      if (auto n = parse_number(col(5)); n && *n > 0) {
        info.max_daily_dose = *n;
      } else {
        errors.add(line, "max_daily_dose: not a positive number");
      }
    }
    info.max_daily_dose_unit = std::string(col(6));
    if (info.max_daily_dose) {
      static constexpr std::array<std::string_view, 4> kDoseUnits = {"mg", "mcg", "g", "IU"};
      if (!one_of(kDoseUnits, info.max_daily_dose_unit)) {
        errors.add(line, "max_daily_dose_unit: must be mg, mcg, g or IU");
      }
    }
    if (!col(7).empty()) {
      if (auto n = parse_number(col(7)); n && *n >= 0 && *n < 130) {
        info.min_age_years = *n;
      } else {
        errors.add(line, "min_age_years: not a number of years");
      }
    }
    info.age_reason_en = std::string(col(8));
    info.age_reason_ar = std::string(col(9));
    if (auto f = parse_flag(col(10))) {
      info.antibiotic = *f;
    } else {
      errors.add(line, "antibiotic: must be 0 or 1");
    }
    if (!info.name.empty()) {
      auto [it, fresh] = first_line_of.emplace(info.name, line);
      if (!fresh) errors.add(line, "name: duplicate of line " + std::to_string(it->second));
    }
    out.push_back(std::move(info));
  }
  if (!errors.empty()) return std::move(errors).to_error(kFile);
  return out;
}

}  // namespace hf::domain
