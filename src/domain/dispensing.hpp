#pragma once
// Pure dispensing rules (DOMAIN.md "Dispensing"). The database enforces them under concurrency by
// re-reading the fills inside the transaction; these functions only decide.
//
// Packs and repeats: an item allows quantity * (1 + repeats) packs in all. Counting packs in the
// order they are dispensed, the first `quantity` packs are the original supply and each further
// block of `quantity` packs is one repeat. A fill *starts a repeat* when it dispenses the first
// pack of a repeat block. That fill must come at least repeat_interval_days after the previous
// fill (the latest one before it); a fill that also dispenses packs of the block before counts as
// its own previous fill, so it can start a repeat only when the interval is 0.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/result.hpp"

namespace hf::domain {

struct ItemSupply {
  int quantity = 0;              // packs per supply
  int repeats = 0;               // 0-5 further supplies
  int repeat_interval_days = 0;  // minimum days between a fill and a repeat starting after it
};

struct Fill {
  int quantity = 0;  // packs
  std::int64_t at_ms = 0;
};

// quantity 1-100, repeats 0-5, repeat_interval_days 1-365 when there are repeats (0-365 otherwise).
// ErrorKind::invalid with fields "quantity", "repeats", "repeat_interval_days".
Status validate_supply(const ItemSupply& supply);

// quantity * (1 + repeats)
int allowed_total(const ItemSupply& supply);
int dispensed_total(std::span<const Fill> fills);
// Never negative.
int remaining(const ItemSupply& supply, std::span<const Fill> fills);

struct FillWindow {
  int packs = 0;  // how many packs may be dispensed at `now`
  // When a repeat is not yet due (packs == 0 with packs remaining), when it becomes due; when only
  // part of what remains may be dispensed now, when the next repeat is due if `packs` are dispensed
  // now. nullopt when nothing waits for a repeat interval.
  std::optional<std::int64_t> next_repeat_at_ms;
};
FillWindow fill_window(const ItemSupply& supply, std::span<const Fill> previous, std::int64_t now_ms);

// ok, or: ErrorKind::invalid (field "quantity") for a request of 0 or fewer packs;
// ErrorKind::conflict "only N packs remain" when more than remains is asked;
// ErrorKind::conflict "... next repeat not before <YYYY-MM-DD HH:MM UTC>" when a repeat is not due.
Status check_fill(const ItemSupply& supply, std::span<const Fill> previous, int requested, std::int64_t now_ms);

// One active ingredient of a product (CONVENTIONS.md drugs.csv `name:strength:unit`).
struct Ingredient {
  std::string name;
  double strength = 0;
  std::string unit;
};

struct ProductComposition {
  std::string product_id;
  std::vector<Ingredient> ingredients;
  std::string dosage_form;
};

// DOMAIN.md: substitution only where the item allows it and only to a product with the same active
// ingredients, strengths and dosage form. Names, units and forms compare case-insensitively;
// g/mg/mcg strengths compare by mass (0.5 g == 500 mg). Dispensing the prescribed product itself
// is not a substitution. ErrorKind::rule_broken (422) on field "dispensed_drug_id", naming every reason.
Status check_substitution(bool substitution_allowed, const ProductComposition& prescribed,
                          const ProductComposition& dispensed);

// DOMAIN.md: for controlled substances the pharmacist records that the patient's ID was checked.
// ErrorKind::rule_broken on field "patient_id_checked".
Status check_patient_id_checked(bool controlled, bool patient_id_checked);

}  // namespace hf::domain
