#include "domain/dispensing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "domain/date.hpp"
#include "domain/sig.hpp"

namespace hf::domain {

namespace {

std::string packs(int n) {
  return std::to_string(n) + (n == 1 ? " pack" : " packs");
}

// "2025-12-29 01:02 UTC", rounded up to the minute so the time shown is never too early.
std::string human_time(std::int64_t ms) {
  constexpr std::int64_t kMinute = 60'000;
  const std::int64_t up = (ms % kMinute == 0) ? ms : ms - ((ms % kMinute) + kMinute) % kMinute + kMinute;
  const std::string t = to_rfc3339(up);  // YYYY-MM-DDTHH:MM:SS.mmmZ
  return t.substr(0, 10) + " " + t.substr(11, 5) + " UTC";
}

std::string lower_trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  std::string out(s.substr(b, e - b + 1));
  for (auto& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

// Strength in a comparable unit: masses in mg, everything else as written.
std::pair<double, std::string> canonical_strength(const Ingredient& i) {
  const std::string unit = lower_trimmed(i.unit);
  if (unit == "g") return {i.strength * 1000, "mg"};
  if (unit == "mcg" || unit == "µg") return {i.strength / 1000, "mg"};
  return {i.strength, unit};
}

bool same_amount(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

std::string describe(const Ingredient& i) {
  return i.name + " " + format_dose_amount(i.strength) + " " + i.unit;
}

std::string names(const std::vector<Ingredient>& list) {
  std::string out;
  for (const auto& i : list) out += (out.empty() ? "" : " + ") + i.name;
  return out.empty() ? "none" : out;
}

}  // namespace

Status validate_supply(const ItemSupply& s) {
  std::vector<FieldError> fields;
  if (s.quantity < 1 || s.quantity > 100) fields.push_back({"quantity", "quantity must be 1 to 100 packs"});
  if (s.repeats < 0 || s.repeats > 5) fields.push_back({"repeats", "repeats must be 0 to 5"});
  if (s.repeats > 0 && (s.repeat_interval_days < 1 || s.repeat_interval_days > 365)) {
    fields.push_back({"repeat_interval_days", "an item with repeats needs repeat_interval_days of 1 to 365"});
  } else if (s.repeats == 0 && (s.repeat_interval_days < 0 || s.repeat_interval_days > 365)) {
    fields.push_back({"repeat_interval_days", "repeat_interval_days must be 0 to 365"});
  }
  if (fields.empty()) return ok_status();
  return Error::invalid("the quantity or repeats are invalid", std::move(fields));
}

int allowed_total(const ItemSupply& supply) {
  return supply.quantity * (1 + supply.repeats);
}

int dispensed_total(std::span<const Fill> fills) {
  int total = 0;
  for (const auto& f : fills) total += f.quantity;
  return total;
}

int remaining(const ItemSupply& supply, std::span<const Fill> fills) {
  return std::max(0, allowed_total(supply) - dispensed_total(fills));
}

FillWindow fill_window(const ItemSupply& supply, std::span<const Fill> previous, std::int64_t now_ms) {
  const int rem = remaining(supply, previous);
  if (rem == 0 || supply.quantity <= 0) return {0, std::nullopt};
  if (supply.repeat_interval_days <= 0) return {rem, std::nullopt};
  const std::int64_t interval_ms = std::int64_t{supply.repeat_interval_days} * kMillisPerDay;
  const int done = dispensed_total(previous);
  const int into_block = done % supply.quantity;

  int packs = supply.quantity - into_block;  // the rest of the block under way (or a whole new one)
  if (done > 0 && into_block == 0) {
    // DOMAIN.md: a repeat fill never starts before the interval since the previous fill.
    std::int64_t last = previous.front().at_ms;
    for (const auto& f : previous) last = std::max(last, f.at_ms);
    if (now_ms < last + interval_ms) return {0, last + interval_ms};
  }
  packs = std::min(packs, rem);
  // Packs after this block start a repeat, which this very fill would precede: not now.
  if (packs < rem) return {packs, now_ms + interval_ms};
  return {packs, std::nullopt};
}

Status check_fill(const ItemSupply& supply, std::span<const Fill> previous, int requested, std::int64_t now_ms) {
  if (requested <= 0) {
    return Error::invalid("dispense at least 1 pack", {{"quantity", "quantity must be at least 1 pack"}});
  }
  const int rem = remaining(supply, previous);
  // DOMAIN.md: everything dispensed never exceeds quantity * (1 + repeats).
  if (rem == 0) return Error::conflict("nothing remains of this item");
  if (requested > rem) return Error::conflict("only " + packs(rem) + (rem == 1 ? " remains" : " remain"));
  const FillWindow window = fill_window(supply, previous, now_ms);
  if (requested > window.packs) {
    const std::string when = "next repeat not before " + human_time(*window.next_repeat_at_ms);
    if (window.packs == 0) return Error::conflict(when);
    return Error::conflict("only " + packs(window.packs) + " can be dispensed now; " + when);
  }
  return ok_status();
}

Status check_substitution(bool substitution_allowed, const ProductComposition& prescribed,
                          const ProductComposition& dispensed) {
  if (dispensed.product_id == prescribed.product_id) return ok_status();
  auto refuse = [](std::string reason) {
    std::string copy = reason;
    return Error::rule(std::move(reason), {{"dispensed_drug_id", std::move(copy)}});
  };
  if (!substitution_allowed) return refuse("substitution is not allowed for this item");

  std::vector<std::string> reasons;
  std::vector<std::string> a_names, b_names;
  for (const auto& i : prescribed.ingredients) a_names.push_back(lower_trimmed(i.name));
  for (const auto& i : dispensed.ingredients) b_names.push_back(lower_trimmed(i.name));
  std::sort(a_names.begin(), a_names.end());
  std::sort(b_names.begin(), b_names.end());
  if (a_names != b_names) {
    reasons.push_back("the substitute has different active ingredients (prescribed " + names(prescribed.ingredients) +
                      ", offered " + names(dispensed.ingredients) + ")");
  } else {
    for (const auto& want : prescribed.ingredients) {
      const auto it =
          std::find_if(dispensed.ingredients.begin(), dispensed.ingredients.end(),
                       [&](const Ingredient& i) { return lower_trimmed(i.name) == lower_trimmed(want.name); });
      const auto [wa, wu] = canonical_strength(want);
      const auto [ga, gu] = canonical_strength(*it);
      if (wu != gu || !same_amount(wa, ga)) {
        reasons.push_back("the substitute's strength differs (" + describe(want) + " prescribed, " + describe(*it) +
                          " offered)");
      }
    }
  }
  if (lower_trimmed(prescribed.dosage_form) != lower_trimmed(dispensed.dosage_form)) {
    reasons.push_back("the substitute's dosage form differs (" + prescribed.dosage_form + " prescribed, " +
                      dispensed.dosage_form + " offered)");
  }
  if (reasons.empty()) return ok_status();
  std::string message;
  for (const auto& r : reasons) message += (message.empty() ? "" : "; ") + r;
  return refuse(message);
}

Status check_patient_id_checked(bool controlled, bool patient_id_checked) {
  if (!controlled || patient_id_checked) return ok_status();
  const std::string m = "a controlled substance is dispensed only after the patient's ID is checked";
  return Error::rule(m, {{"patient_id_checked", m}});
}

}  // namespace hf::domain
