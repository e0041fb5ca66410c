#pragma once
// Clinical decision support (DOMAIN.md "Clinical decision support (on check and on sign)"): alerts
// computed from the patient, the proposed items and the patient's other active prescriptions.
// Pure and deterministic: the same input always gives the same alerts in the same order.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalog/drug.hpp"
#include "domain/cds/knowledge_base.hpp"
#include "domain/cds/severity.hpp"

namespace hf::domain {

enum class AlertKind : std::uint8_t { interaction, allergy, duplicate_therapy, max_dose, age };

// The API's "kind" strings: "interaction", "allergy", "duplicate_therapy", "max_dose", "age".
std::string_view to_string(AlertKind kind);
std::optional<AlertKind> parse_alert_kind(std::string_view text);

struct Alert {
  Severity severity = Severity::minor;
  AlertKind kind = AlertKind::interaction;
  std::string message_en;
  std::string message_ar;
  std::vector<std::size_t> items;            // indices into the proposed items, ascending
  std::vector<std::string> active_drug_ids;  // the patient's other active products involved
};

// A product on one of the patient's other active prescriptions.
struct ActiveItem {
  std::string drug_id;
  std::string trade_name;  // for messages; the id is used when empty
  std::string trade_name_ar;
  std::vector<DrugIngredient> ingredients;
};

struct PatientContext {
  std::optional<double> age_years;
  // Allergy class slugs ("penicillins"), their singular ("penicillin"), their labels in either
  // language, or ingredient names ("amoxicillin"); case and spacing do not matter.
  std::vector<std::string> allergies;
  std::vector<ActiveItem> active_items;
};

// One item of the prescription being checked: the product and its structured dose (API.md item).
struct ProposedItem {
  Drug drug;
  double dose_amount = 0;
  std::string dose_unit;  // tablet|capsule|mL|mg|drop|puff|sachet|unit|application
  int times_per_day = 0;
};

// All alerts, most severe first (then by kind, first item, message). Interactions and duplicates
// pair proposed items with each other and with the active items (never active with active);
// maximum doses apply to enteral items (the knowledge base holds oral maxima) and sum one
// ingredient over all items; age limits apply to systemic routes.
std::vector<Alert> check(const KnowledgeBase& kb, const PatientContext& patient,
                         const std::vector<ProposedItem>& items);

// DOMAIN.md: a contraindicated or major alert blocks signing unless the doctor overrides it.
bool blocking(const Alert& alert);

// The amount of `ingredient` the item delivers per day, in `unit` (mg, g, mcg or IU), or nullopt
// when the dose cannot be converted: tablets/capsules/sachets × strength, mL × mg/5mL or mg/mL
// concentration, mg directly for single-ingredient products, units × IU, puffs × per-dose strength.
std::optional<double> daily_amount(const ProposedItem& item, const DrugIngredient& ingredient, std::string_view unit);

}  // namespace hf::domain
