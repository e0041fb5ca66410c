#include "domain/cds/knowledge_base.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <unordered_set>
#include <utility>

#include "domain/catalog/catalog_loader.hpp"
#include "domain/catalog/csv.hpp"
#include "domain/catalog/field_parse.hpp"

namespace hf::domain {
namespace {

constexpr std::array<std::string_view, 6> kInteractionHeader = {"a",         "b",         "severity",
                                                                "reason_en", "reason_ar", "source"};
constexpr std::array<std::string_view, 4> kAllergyHeader = {"allergy_class", "label_en", "label_ar",
                                                            "cross_sensitive_with"};

// Where each record came from, so an error can point at it: "interactions.csv line 9" when loaded
// from a file, "interactions[8]" when built in code.
using Labels = std::vector<std::string>;

Labels index_labels(std::string_view what, std::size_t n) {
  Labels out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(std::string(what) + "[" + std::to_string(i) + "]");
  return out;
}

// All or nothing: the whole list, with a count computed before the list is moved.
Error rejected(std::vector<FieldError> errors) {
  std::string message = "knowledge base: " + std::to_string(errors.size()) + " problem(s); nothing was loaded";
  return Error::invalid(std::move(message), std::move(errors));
}

std::vector<std::string> split_bar(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t bar = std::min(text.find('|', start), text.size());
    const std::string_view part = trim(text.substr(start, bar - start));
    if (!part.empty()) out.emplace_back(part);
    start = bar + 1;
  }
  return out;
}

// Re-labels ingredient-file errors ("line 3") with the file name so three files' errors can share
// one list.
void add_file_errors(std::vector<FieldError>& out, const Error& e, std::string_view file) {
  if (e.fields.empty()) out.push_back({std::string(file), e.message});
  for (const FieldError& f : e.fields) out.push_back({std::string(file) + " " + f.field, f.message});
}

// interactions.csv rows; cross-checks against the ingredients come later.
void parse_interactions(std::string_view text, std::vector<Interaction>& out, Labels& labels,
                        std::vector<FieldError>& errors) {
  const std::vector<std::string_view> header(kInteractionHeader.begin(), kInteractionHeader.end());
  auto table = parse_csv_table(text, header, "interactions.csv");
  if (!table) return add_file_errors(errors, table.error(), "interactions.csv");
  for (const CsvRow& row : table->rows) {
    std::string label = "interactions.csv line " + std::to_string(row.line);
    if (row.fields.size() != kInteractionHeader.size()) {
      errors.push_back({label, "expected 6 columns, found " + std::to_string(row.fields.size())});
      continue;
    }
    auto cell = [&row](std::size_t i) { return std::string(trim(row.fields[i])); };
    Interaction in{cell(0), cell(1), Severity::minor, cell(3), cell(4), cell(5)};
    if (auto s = parse_severity(trim(row.fields[2]))) {
      in.severity = *s;
    } else {
      errors.push_back({label, "severity: must be contraindicated, major, moderate or minor"});
    }
    out.push_back(std::move(in));
    labels.push_back(std::move(label));
  }
}

// allergy_classes.csv rows; cross references are checked later.
void parse_allergy_classes(std::string_view text, std::vector<AllergyClass>& out, Labels& labels,
                           std::vector<FieldError>& errors) {
  const std::vector<std::string_view> header(kAllergyHeader.begin(), kAllergyHeader.end());
  auto table = parse_csv_table(text, header, "allergy_classes.csv");
  if (!table) return add_file_errors(errors, table.error(), "allergy_classes.csv");
  for (const CsvRow& row : table->rows) {
    std::string label = "allergy_classes.csv line " + std::to_string(row.line);
    if (row.fields.size() != kAllergyHeader.size()) {
      errors.push_back({label, "expected 4 columns, found " + std::to_string(row.fields.size())});
      continue;
    }
    out.push_back({std::string(trim(row.fields[0])), std::string(trim(row.fields[1])), std::string(trim(row.fields[2])),
                   split_bar(row.fields[3])});
    labels.push_back(std::move(label));
  }
}

}  // namespace

Result<KnowledgeBase> KnowledgeBase::load(std::string_view ingredients_csv, std::string_view interactions_csv,
                                          std::string_view allergy_classes_csv) {
  std::vector<FieldError> errors;

  std::vector<IngredientInfo> ingredients;
  Labels ingredient_labels;
  if (auto loaded = load_ingredients(ingredients_csv); loaded) {
    ingredients = std::move(loaded.value());
    // load_ingredients keeps file order; recover line labels from a second light parse.
    if (auto rows = parse_csv(ingredients_csv); rows) {
      for (std::size_t i = 1; i < rows->size(); ++i)
        ingredient_labels.push_back("ingredients.csv line " + std::to_string((*rows)[i].line));
    }
  } else {
    add_file_errors(errors, loaded.error(), "ingredients.csv");
  }
  ingredient_labels.resize(ingredients.size(), "ingredients.csv");

  std::vector<Interaction> interactions;
  Labels interaction_labels;
  parse_interactions(interactions_csv, interactions, interaction_labels, errors);

  std::vector<AllergyClass> classes;
  Labels class_labels;
  parse_allergy_classes(allergy_classes_csv, classes, class_labels, errors);

  if (!errors.empty()) {
    // Cross-file checks against a half-loaded table would only add noise; fix these first.
    return rejected(std::move(errors));
  }
  return validate_and_build(std::move(ingredients), ingredient_labels, std::move(interactions), interaction_labels,
                            std::move(classes), class_labels, {});
}

Result<KnowledgeBase> KnowledgeBase::build(std::vector<IngredientInfo> ingredients,
                                           std::vector<Interaction> interactions,
                                           std::vector<AllergyClass> allergy_classes) {
  const Labels il = index_labels("ingredients", ingredients.size());
  const Labels xl = index_labels("interactions", interactions.size());
  const Labels al = index_labels("allergy_classes", allergy_classes.size());
  return validate_and_build(std::move(ingredients), il, std::move(interactions), xl, std::move(allergy_classes), al,
                            {});
}

Result<KnowledgeBase> KnowledgeBase::validate_and_build(std::vector<IngredientInfo> ingredients,
                                                        const Labels& ingredient_labels,
                                                        std::vector<Interaction> interactions,
                                                        const Labels& interaction_labels,
                                                        std::vector<AllergyClass> classes, const Labels& class_labels,
                                                        std::vector<FieldError> errors) {
  // Allergy classes: unique slugs, cross references to known classes.
  std::unordered_set<std::string_view> class_slugs;
  for (std::size_t i = 0; i < classes.size(); ++i) {
    if (classes[i].slug.empty()) errors.push_back({class_labels[i], "allergy_class: required"});
    if (classes[i].label_en.empty()) errors.push_back({class_labels[i], "label_en: required"});
    if (!class_slugs.insert(classes[i].slug).second) {
      errors.push_back({class_labels[i], "allergy_class: duplicate '" + classes[i].slug + "'"});
    }
  }
  for (std::size_t i = 0; i < classes.size(); ++i) {
    for (const std::string& other : classes[i].cross_sensitive_with) {
      if (!class_slugs.contains(other) || other == classes[i].slug) {
        errors.push_back({class_labels[i], "cross_sensitive_with: unknown allergy class '" + other + "'"});
      }
    }
  }

  // Ingredients: duplicates were caught by the ingredient loader for files; check again for build().
  std::unordered_set<std::string_view> names;
  std::unordered_set<std::string_view> therapeutic_classes;
  for (std::size_t i = 0; i < ingredients.size(); ++i) {
    const IngredientInfo& ing = ingredients[i];
    if (ing.name.empty()) errors.push_back({ingredient_labels[i], "name: required"});
    if (!names.insert(ing.name).second) errors.push_back({ingredient_labels[i], "name: duplicate '" + ing.name + "'"});
    if (!ing.therapeutic_class.empty()) therapeutic_classes.insert(ing.therapeutic_class);
    if (!ing.allergy_class.empty() && !class_slugs.contains(ing.allergy_class)) {
      errors.push_back(
          {ingredient_labels[i], "allergy_class: '" + ing.allergy_class + "' is not in allergy_classes.csv"});
    }
  }

  // Interactions: both sides known, bilingual reason and a source (DOMAIN.md: curated, with sources).
  auto known_term = [&](const std::string& term) {
    if (term.rfind(kClassPrefix, 0) == 0) return therapeutic_classes.contains(term.substr(kClassPrefix.size()));
    return names.contains(term);
  };
  std::set<std::pair<std::string, std::string>> pairs;
  for (std::size_t i = 0; i < interactions.size(); ++i) {
    const Interaction& in = interactions[i];
    const std::string& label = interaction_labels[i];
    if (!known_term(in.a)) errors.push_back({label, "a: unknown ingredient or class '" + in.a + "'"});
    if (!known_term(in.b)) errors.push_back({label, "b: unknown ingredient or class '" + in.b + "'"});
    if (in.reason_en.empty()) errors.push_back({label, "reason_en: required"});
    if (in.reason_ar.empty()) errors.push_back({label, "reason_ar: required"});
    if (in.source.empty()) errors.push_back({label, "source: required"});
    if (!pairs.insert(std::minmax(in.a, in.b)).second) {
      errors.push_back({label, "duplicate interaction " + in.a + " + " + in.b});
    }
  }

  if (!errors.empty()) {
    return rejected(std::move(errors));
  }

  KnowledgeBase kb;
  kb.ingredients_ = std::move(ingredients);
  kb.interactions_ = std::move(interactions);
  kb.allergy_classes_ = std::move(classes);
  for (std::uint32_t i = 0; i < kb.ingredients_.size(); ++i) kb.ingredient_by_name_.emplace(kb.ingredients_[i].name, i);
  for (std::uint32_t i = 0; i < kb.allergy_classes_.size(); ++i) {
    kb.class_by_slug_.emplace(kb.allergy_classes_[i].slug, i);
  }
  for (std::uint32_t i = 0; i < kb.interactions_.size(); ++i) {
    kb.interactions_by_term_[kb.interactions_[i].a].push_back(i);
    if (kb.interactions_[i].b != kb.interactions_[i].a) kb.interactions_by_term_[kb.interactions_[i].b].push_back(i);
  }
  return kb;
}

const IngredientInfo* KnowledgeBase::ingredient(std::string_view name) const {
  auto it = ingredient_by_name_.find(std::string(name));
  return it == ingredient_by_name_.end() ? nullptr : &ingredients_[it->second];
}

const AllergyClass* KnowledgeBase::allergy_class(std::string_view slug) const {
  auto it = class_by_slug_.find(std::string(slug));
  return it == class_by_slug_.end() ? nullptr : &allergy_classes_[it->second];
}

std::vector<const Interaction*> KnowledgeBase::interactions_between(std::string_view x, std::string_view y) const {
  auto terms_of = [this](std::string_view name) {
    std::vector<std::string> terms{std::string(name)};
    if (const IngredientInfo* info = ingredient(name); info && !info->therapeutic_class.empty()) {
      terms.push_back(std::string(kClassPrefix) + info->therapeutic_class);
    }
    return terms;
  };
  const auto tx = terms_of(x);
  const auto ty = terms_of(y);
  auto in = [](const std::vector<std::string>& terms, const std::string& t) {
    return std::find(terms.begin(), terms.end(), t) != terms.end();
  };
  std::vector<const Interaction*> out;
  for (const std::string& t : tx) {
    auto it = interactions_by_term_.find(t);
    if (it == interactions_by_term_.end()) continue;
    for (std::uint32_t i : it->second) {
      const Interaction& rule = interactions_[i];
      const bool matches = (in(tx, rule.a) && in(ty, rule.b)) || (in(tx, rule.b) && in(ty, rule.a));
      if (matches && std::find(out.begin(), out.end(), &rule) == out.end()) out.push_back(&rule);
    }
  }
  return out;
}

bool KnowledgeBase::cross_sensitive(std::string_view allergic_to, std::string_view other) const {
  auto lists = [this](std::string_view from, std::string_view to) {
    const AllergyClass* c = allergy_class(from);
    return c && std::find(c->cross_sensitive_with.begin(), c->cross_sensitive_with.end(), to) !=
                    c->cross_sensitive_with.end();
  };
  return lists(allergic_to, other) || lists(other, allergic_to);
}

}  // namespace hf::domain
